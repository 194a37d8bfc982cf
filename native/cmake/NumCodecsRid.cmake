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
string(REGEX REPLACE "-[^-]*$" "" NUMCODECS_OS "${NUMCODECS_RID}")

# The RID must describe what the compiler targets: a library built for one runtime and shipped as another fails only
# on the user's machine. The operating system and processor come from CMake (the toolchain file for cross builds), the
# C library from the compiler itself.
set(_expected_system_linux Linux)
set(_expected_system_linux-musl Linux)
set(_expected_system_osx Darwin)
set(_expected_system_win Windows)
if(NOT CMAKE_SYSTEM_NAME STREQUAL _expected_system_${NUMCODECS_OS})
    message(FATAL_ERROR "The runtime identifier ${NUMCODECS_RID} is for ${_expected_system_${NUMCODECS_OS}}, but the "
                        "compiler targets ${CMAKE_SYSTEM_NAME}; pass the toolchain file for ${NUMCODECS_RID} "
                        "(native/cmake/toolchains/) or the matching -DNUMCODECS_RID.")
endif()
string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" _cpu)
if(CMAKE_OSX_ARCHITECTURES)
    # A macOS build picks its architecture with CMAKE_OSX_ARCHITECTURES, whatever the host processor is.
    string(TOLOWER "${CMAKE_OSX_ARCHITECTURES}" _cpu)
endif()
if(_cpu MATCHES "^(x86_64|amd64|x64)$")
    set(_target_arch x64)
elseif(_cpu MATCHES "^(aarch64|arm64)$")
    set(_target_arch arm64)
elseif(_cpu MATCHES "^(i[3-6]86|x86)$")
    set(_target_arch x86)
else()
    set(_target_arch "${_cpu}")
endif()
if(NOT _target_arch STREQUAL NUMCODECS_ARCH)
    message(FATAL_ERROR "The runtime identifier ${NUMCODECS_RID} is for ${NUMCODECS_ARCH}, but the compiler targets "
                        "${CMAKE_SYSTEM_PROCESSOR}; pass the toolchain file for ${NUMCODECS_RID} "
                        "(native/cmake/toolchains/) or the matching -DNUMCODECS_RID.")
endif()

# Which C library a Linux build links: glibc (linux-*) or musl (linux-musl-*). musl defines no macro of its own, so
# "not glibc" is the test.
set(NUMCODECS_LIBC "")
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    include(CheckCSourceCompiles)
    check_c_source_compiles("#include <features.h>\n#ifndef __GLIBC__\n#error not glibc\n#endif\nint main(void) { return 0; }"
                            NUMCODECS_COMPILER_HAS_GLIBC)
    if(NUMCODECS_COMPILER_HAS_GLIBC)
        set(NUMCODECS_LIBC glibc)
    else()
        set(NUMCODECS_LIBC musl)
    endif()
    if(NUMCODECS_OS STREQUAL "linux-musl" AND NUMCODECS_LIBC STREQUAL "glibc")
        message(FATAL_ERROR "The runtime identifier ${NUMCODECS_RID} is for musl, but ${CMAKE_C_COMPILER} links glibc; "
                            "pass -DCMAKE_TOOLCHAIN_FILE=native/cmake/toolchains/linux-musl-x64.cmake.")
    elseif(NUMCODECS_OS STREQUAL "linux" AND NUMCODECS_LIBC STREQUAL "musl")
        message(FATAL_ERROR "The runtime identifier ${NUMCODECS_RID} is for glibc, but ${CMAKE_C_COMPILER} does not "
                            "link glibc; use -DNUMCODECS_RID=linux-musl-${NUMCODECS_ARCH} for a musl build.")
    endif()
endif()

# x86 and x64 get c-blosc's SSE2 and AVX2 shuffle kernels, chosen at run time by CPU detection (as c-blosc builds
# them); other architectures use the generic kernels, since c-blosc 1.x has no NEON shuffle.
if(NUMCODECS_ARCH STREQUAL "x64" OR NUMCODECS_ARCH STREQUAL "x86")
    set(NUMCODECS_X86_SIMD ON)
else()
    set(NUMCODECS_X86_SIMD OFF)
endif()
message(STATUS "NumCodecs native: RID ${NUMCODECS_RID}, C library ${NUMCODECS_LIBC}, x86 SIMD kernels ${NUMCODECS_X86_SIMD}")
