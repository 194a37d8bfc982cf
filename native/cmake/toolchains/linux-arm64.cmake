# linux-arm64 from an x86-64 Debian machine: Debian's gcc-aarch64-linux-gnu cross compiler (with its glibc in
# /usr/aarch64-linux-gnu), and qemu-user (qemu-user-static) to run the C smoke test.
#
#   cmake -S . -B artifacts/native/linux-arm64 -DCMAKE_TOOLCHAIN_FILE=native/cmake/toolchains/linux-arm64.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(NUMCODECS_RID linux-arm64 CACHE STRING ".NET runtime identifier of the native library")

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_ASM_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

# ctest runs the smoke test through the emulator, with the cross glibc as the dynamic loader's root.
find_program(NUMCODECS_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(NUMCODECS_QEMU_AARCH64)
    set(CMAKE_CROSSCOMPILING_EMULATOR "${NUMCODECS_QEMU_AARCH64};-L;/usr/aarch64-linux-gnu")
endif()
