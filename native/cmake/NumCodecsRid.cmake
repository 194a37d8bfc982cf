# Runtime identifier (RID) of the native library being built: linux-x64, linux-arm64, win-x64, osx-arm64, ...
#
# The RID decides the file name of the library, where MSBuild picks it up (runtimes/<rid>/native) and which SIMD
# variants of c-blosc's shuffle are compiled. Cross builds pass a CMake toolchain file as usual
# (-DCMAKE_TOOLCHAIN_FILE=...) together with -DNUMCODECS_RID=<rid>; when NUMCODECS_RID is not given it is derived from
# the target system CMake is configured for.

if(NOT NUMCODECS_RID)
    if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
        set(_os linux)
    elseif(CMAKE_SYSTEM_NAME STREQUAL "Darwin")
        set(_os osx)
    elseif(CMAKE_SYSTEM_NAME STREQUAL "Windows")
        set(_os win)
    else()
        message(FATAL_ERROR "Cannot derive a .NET runtime identifier for system '${CMAKE_SYSTEM_NAME}'; "
                            "pass -DNUMCODECS_RID=<rid>.")
    endif()
    string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" _cpu)
    if(_cpu MATCHES "^(x86_64|amd64|x64)$")
        set(_arch x64)
    elseif(_cpu MATCHES "^(aarch64|arm64)$")
        set(_arch arm64)
    elseif(_cpu MATCHES "^(i[3-6]86|x86)$")
        set(_arch x86)
    else()
        message(FATAL_ERROR "Cannot derive a .NET runtime identifier for processor '${CMAKE_SYSTEM_PROCESSOR}'; "
                            "pass -DNUMCODECS_RID=<rid>.")
    endif()
    set(NUMCODECS_RID "${_os}-${_arch}")
endif()
set(NUMCODECS_RID "${NUMCODECS_RID}" CACHE STRING ".NET runtime identifier of the native library" FORCE)

if(NOT NUMCODECS_RID MATCHES "^(linux|linux-musl|osx|win)-(x64|x86|arm64)$")
    message(FATAL_ERROR "Unsupported runtime identifier '${NUMCODECS_RID}'.")
endif()
string(REGEX REPLACE "^.*-" "" NUMCODECS_ARCH "${NUMCODECS_RID}")

# x86 and x64 get c-blosc's SSE2 and AVX2 shuffle kernels, chosen at run time by CPU detection (as c-blosc builds
# them); other architectures use the generic kernels, since c-blosc 1.x has no NEON shuffle.
if(NUMCODECS_ARCH STREQUAL "x64" OR NUMCODECS_ARCH STREQUAL "x86")
    set(NUMCODECS_X86_SIMD ON)
else()
    set(NUMCODECS_X86_SIMD OFF)
endif()
message(STATUS "NumCodecs native: RID ${NUMCODECS_RID}, x86 SIMD kernels ${NUMCODECS_X86_SIMD}")
