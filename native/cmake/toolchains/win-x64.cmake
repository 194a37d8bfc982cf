# win-x64 from Linux: Debian's gcc-mingw-w64-x86-64 (its default win32 thread model; c-blosc brings its own Windows
# threads), and wine (Debian's wine64) to run the C smoke test.
#
#   cmake -S . -B artifacts/native/win-x64 -DCMAKE_TOOLCHAIN_FILE=native/cmake/toolchains/win-x64.cmake
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR AMD64)
set(NUMCODECS_RID win-x64 CACHE STRING ".NET runtime identifier of the native library")

set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc)
set(CMAKE_ASM_COMPILER x86_64-w64-mingw32-gcc)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

# ctest runs the smoke test under wine, quietly and without offering to install wine's Mono and Gecko add-ons
# (nothing here needs them, and the first run would otherwise stop to ask).
find_program(NUMCODECS_WINE NAMES wine wine64 HINTS /usr/lib/wine)
if(NUMCODECS_WINE)
    set(CMAKE_CROSSCOMPILING_EMULATOR "env;WINEDEBUG=-all;WINEDLLOVERRIDES=mscoree,mshtml=;${NUMCODECS_WINE}")
endif()
