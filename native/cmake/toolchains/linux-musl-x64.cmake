# linux-musl-x64 (Alpine and other musl systems) from a glibc machine: Debian's musl-tools, whose musl-gcc wrapper
# compiles and links against musl's headers and libc instead of glibc's. The smoke test needs no emulator: the
# executable names musl's dynamic loader (/lib/ld-musl-x86_64.so.1, from Debian's musl package) as its interpreter.
#
#   cmake -S . -B artifacts/native/linux-musl-x64 -DCMAKE_TOOLCHAIN_FILE=native/cmake/toolchains/linux-musl-x64.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(NUMCODECS_RID linux-musl-x64 CACHE STRING ".NET runtime identifier of the native library")

set(CMAKE_C_COMPILER musl-gcc)
set(CMAKE_ASM_COMPILER musl-gcc)
# Same machine, other C library: what the build produces runs here, so ctest needs no emulator.
set(NUMCODECS_CROSS_RUNS_HERE ON)
