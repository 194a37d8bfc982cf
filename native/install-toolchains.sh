#!/usr/bin/env bash
# Installs, from Debian's packages, what native/build.sh needs to build and test every runtime identifier on an x86-64
# Debian machine: the cross compilers, musl, and the emulators that run the C smoke test (qemu-user for linux-arm64,
# wine for win-x64). Installs only what is missing; needs root or sudo. .ci/run calls it.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v cmake > /dev/null || missing+=(cmake)
command -v gcc > /dev/null || missing+=(gcc)
command -v make > /dev/null || missing+=(make)
command -v readelf > /dev/null || missing+=(binutils)
command -v aarch64-linux-gnu-gcc > /dev/null || missing+=(gcc-aarch64-linux-gnu)
command -v qemu-aarch64-static > /dev/null || missing+=(qemu-user-static)
command -v musl-gcc > /dev/null || missing+=(musl-tools)
command -v x86_64-w64-mingw32-gcc > /dev/null || missing+=(gcc-mingw-w64-x86-64)
command -v x86_64-w64-mingw32-objdump > /dev/null || missing+=(binutils-mingw-w64-x86-64)
# wine64 is the 64-bit loader; the wine package adds the `wine` launcher on PATH that the toolchain file runs.
command -v wine > /dev/null || missing+=(wine wine64)
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-toolchains: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
