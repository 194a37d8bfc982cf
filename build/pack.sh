#!/usr/bin/env bash
# Builds the packages: NumCodecs.Native with the native library of every runtime identifier, NumCodecs,
# NumCodecs.Zarr and the numcodecs tool, each with its symbol package (.snupkg), into artifacts/packages.
#
#   bash build/pack.sh                          # every RID this machine builds (native/build.sh's list)
#   bash build/pack.sh --rids "linux-x64 win-x64"
#   bash build/pack.sh --output DIR --version 0.2.0
#
# The native libraries are built and smoke-tested first (native/build.sh; native/install-toolchains.sh installs the
# cross toolchains on Debian). The repository URL in the packages and Source Link come from the git remote "origin"
# when it is a hosted repository; CI=true makes the build deterministic.
set -euo pipefail
cd "$(dirname "$0")/.."

rids="linux-x64 linux-arm64 linux-musl-x64 win-x64"
output=artifacts/packages
version=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rids) rids="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "build/pack.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

# shellcheck disable=SC2086 # the RID list is split on purpose
bash native/build.sh $rids

pack_runtimes=$(echo $rids | sed 's/ /%3B/g')
args=(-c Release -o "$output" "-p:NumCodecsPackRuntimes=$pack_runtimes")
[ -z "$version" ] || args+=("-p:Version=$version")
rm -rf "$output"
for project in src/NumCodecs.Native src/NumCodecs src/NumCodecs.Zarr src/NumCodecs.Cli; do
  dotnet pack "$project" "${args[@]}"
done
echo "build/pack.sh: packages in $output:"
ls -1 "$output"
