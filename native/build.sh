#!/usr/bin/env bash
# Builds libnumcodecs_native for each runtime identifier given (default: every one this Linux machine can build) into
# artifacts/native/<rid>/lib, and runs its C smoke test: natively for linux-x64, under qemu-user for linux-arm64,
# against musl's loader for linux-musl-x64, under wine for win-x64.
#
#   bash native/build.sh                      # linux-x64 linux-arm64 linux-musl-x64 win-x64
#   bash native/build.sh linux-arm64 win-x64  # only these
#
# Cross RIDs use the toolchain files in native/cmake/toolchains (Debian's cross compilers, musl-tools, qemu-user-static,
# wine64: native/install-toolchains.sh installs them). Every link is followed by the library check (exports, SIMD
# kernels, dependencies, glibc floor), so a finished build is a checked one. osx-x64 and osx-arm64 build only on macOS:
# `bash native/build.sh osx-arm64` there (no toolchain file; Xcode's clang).
set -euo pipefail
cd "$(dirname "$0")/.."

all_rids=(linux-x64 linux-arm64 linux-musl-x64 win-x64)
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=("${all_rids[@]}")

host_rid() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ldd --version 2>&1 | grep -qi musl && echo linux-musl-x64 || echo linux-x64 ;;
    Linux-aarch64) ldd --version 2>&1 | grep -qi musl && echo linux-musl-arm64 || echo linux-arm64 ;;
    Darwin-x86_64) echo osx-x64 ;;
    Darwin-arm64) echo osx-arm64 ;;
    *) echo unknown ;;
  esac
}
host=$(host_rid)
mkdir -p artifacts/native

for rid in "${rids[@]}"; do
  build_dir="artifacts/native/$rid"
  args=(-S . -B "$build_dir" -DNUMCODECS_RID="$rid")
  if [ "$rid" != "$host" ]; then
    case "$rid" in
      osx-x64) args+=(-DCMAKE_OSX_ARCHITECTURES=x86_64) ;;
      osx-arm64) args+=(-DCMAKE_OSX_ARCHITECTURES=arm64) ;;
      *)
        toolchain="native/cmake/toolchains/$rid.cmake"
        [ -f "$toolchain" ] || { echo "native/build.sh: no toolchain file for $rid ($toolchain)" >&2; exit 2; }
        args+=(-DCMAKE_TOOLCHAIN_FILE="$toolchain") ;;
    esac
  fi
  echo "native/build.sh: $rid"
  start=$SECONDS
  cmake "${args[@]}" > "$build_dir.configure.log" 2>&1 || { cat "$build_dir.configure.log" >&2; exit 1; }
  cmake --build "$build_dir" --parallel
  ctest --test-dir "$build_dir" --output-on-failure
  echo "native/build.sh: $rid built, checked and smoke-tested in $((SECONDS - start)) s"
done
