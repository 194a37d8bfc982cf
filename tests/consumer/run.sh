#!/usr/bin/env bash
# Consumer test: a fresh console application (tests/consumer/app, copied to a temporary folder outside the repository)
# restores NumCodecs and NumCodecs.Zarr from the packages build/pack.sh made and is published, then run, as a user
# would ship it:
#   fd      framework-dependent, no RID (the native library found through runtimes/<rid>/native)
#   sc      self-contained for linux-x64
#   trim    self-contained and trimmed (PublishTrimmed)
#   partial trimmed with TrimMode=partial, which analyses every assembly not marked trimmable as a whole
#   aot     Native AOT for linux-x64
#   single  single-file, self-contained, with the native library inside the bundle
#   arm64   self-contained for linux-arm64, run under qemu-user (Debian's qemu-user-static), invariant globalization
#   tool    the numcodecs tool installed from its package (dotnet tool install), encoding and decoding a file
# Each publish fails on any warning (trim, AOT and single-file analysis included); each run must print "consumer OK".
#
#   bash tests/consumer/run.sh [PACKAGES_DIR] [variant ...]     # default: artifacts/packages, every variant
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
packages=$(cd "${1:-$repo/artifacts/packages}" && pwd)
shift || true
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(fd sc trim partial aot single arm64 tool)

native_package=$(ls "$packages"/NumCodecs.Native.*.nupkg 2> /dev/null | grep -v '\.snupkg$' | head -n 1 || true)
[ -n "$native_package" ] || { echo "consumer: no NumCodecs.Native package in $packages (run bash build/pack.sh)" >&2; exit 2; }
version=$(basename "$native_package" .nupkg | sed 's/^NumCodecs\.Native\.//')

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$repo"/tests/consumer/app/Program.cs "$repo"/tests/consumer/app/Consumer.csproj "$work"/
# The local folder in addition to the machine's configured feeds (for the runtime packs and the AOT compiler).
cat > "$work/nuget.config" << CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="numcodecs-local" value="$packages" />
  </packageSources>
</configuration>
CONFIG
# The same version number is packed again on every build: drop what an earlier run left in the global packages folder.
global=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')
rm -rf "$global/numcodecs" "$global/numcodecs.native" "$global/numcodecs.zarr" "$global/numcodecs.cli"

# The tool: installed into a folder of its own from the local package, then asked for its native library versions and
# to round-trip a file through a Blosc chain.
tool_check() {
  local tools="$work/tools" input="$work/tool-input.bin"
  dotnet tool install NumCodecs.Cli --version "$version" --tool-path "$tools" --configfile "$work/nuget.config" \
    > "$work/tool.install.log" 2>&1 || { cat "$work/tool.install.log"; return 1; }
  seq 1 200000 > "$input"
  (cd "$elsewhere" &&
    "$tools/numcodecs" version &&
    "$tools/numcodecs" encode --codec '{"id": "blosc", "cname": "zstd", "clevel": 5, "shuffle": 1}' "$input" "$work/tool.blosc" &&
    "$tools/numcodecs" decode --codec '{"id": "blosc"}' "$work/tool.blosc" "$work/tool.out" &&
    cmp "$input" "$work/tool.out" && echo "consumer OK")
}

failures=0
elsewhere=$(mktemp -d) # every app runs from a folder that is not its own

# check VARIANT START COMMAND...: runs the command, prints its output, and counts a failure unless it exits 0 and
# prints "consumer OK".
check() {
  local variant=$1 start=$2 output status
  shift 2
  set +e
  output=$("$@" 2>&1)
  status=$?
  set -e
  echo "$output" | sed "s/^/consumer: $variant: /"
  if [ $status -ne 0 ] || ! echo "$output" | grep -q "^consumer OK$"; then
    echo "consumer: $variant: run FAILED (exit $status)"
    failures=$((failures + 1))
  else
    echo "consumer: $variant: OK in $((SECONDS - start)) s"
  fi
}
run_app() { cd "$elsewhere" && DOTNET_BUNDLE_EXTRACT_BASE_DIR="$work/extract" "$@"; }

for variant in "${variants[@]}"; do
  out="$work/out/$variant"
  runner=()
  if [ "$variant" = tool ]; then
    check tool "$SECONDS" tool_check
    continue
  fi
  case "$variant" in
    fd) args=(); exe=(dotnet "$out/Consumer.dll") ;;
    sc) args=(-r linux-x64 --self-contained); exe=("$out/Consumer") ;;
    trim) args=(-r linux-x64 --self-contained -p:PublishTrimmed=true); exe=("$out/Consumer") ;;
    partial) args=(-r linux-x64 --self-contained -p:PublishTrimmed=true -p:TrimMode=partial); exe=("$out/Consumer") ;;
    aot) args=(-r linux-x64 -p:PublishAot=true); exe=("$out/Consumer") ;;
    single) args=(-r linux-x64 --self-contained -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true)
      exe=("$out/Consumer") ;;
    arm64) args=(-r linux-arm64 --self-contained); exe=("$out/Consumer")
      # The arm64 runtime finds its C libraries in Debian's cross sysroot. This machine has no arm64 ICU, so .NET's
      # globalization runs in invariant mode there (no codec or culture-sensitive code depends on ICU).
      runner=(env DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 qemu-aarch64-static -L /usr/aarch64-linux-gnu) ;;
    *) echo "consumer: unknown variant $variant" >&2; exit 2 ;;
  esac
  echo "consumer: $variant: dotnet publish ${args[*]}"
  start=$SECONDS
  # A project folder per variant: no variant's intermediate files (obj/) can stand in for another's.
  project="$work/$variant"
  mkdir -p "$project"
  cp "$work/Program.cs" "$work/Consumer.csproj" "$project/"
  if ! dotnet publish "$project/Consumer.csproj" -c Release -o "$out" -p:NumCodecsVersion="$version" "${args[@]}" \
      > "$work/$variant.publish.log" 2>&1; then
    cat "$work/$variant.publish.log"
    echo "consumer: $variant: publish FAILED"
    failures=$((failures + 1))
    continue
  fi
  if grep -E "warning [A-Z]+[0-9]+" "$work/$variant.publish.log"; then
    echo "consumer: $variant: publish warned"
    failures=$((failures + 1))
    continue
  fi
  if [ "$variant" = single ] && ls "$out" | grep -q numcodecs_native; then
    echo "consumer: single: the native library was published beside the app, not inside the bundle: $(ls "$out")"
    failures=$((failures + 1))
    continue
  fi
  check "$variant" "$start" run_app "${runner[@]}" "${exe[@]}"
done
rm -rf "$elsewhere"
[ $failures -eq 0 ] || { echo "consumer: $failures variant(s) failed"; exit 1; }
echo "consumer: all variants passed (${variants[*]})"
