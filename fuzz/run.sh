#!/usr/bin/env bash
# Builds the fuzz targets, instruments NumCodecs for AFL++, writes the seed corpora and fuzzes each target for a while.
#
#   bash fuzz/run.sh [--seconds N] [--timeout-ms MS] [TARGET...]
#
# --seconds     fuzzing time per target after afl-fuzz's dry run (default 60; CI uses 10, a campaign 600)
# --timeout-ms  per-input limit; an input that takes longer is a hang, and a hang is a finding (default 5000)
# TARGET        any of: blosc zstd lz4 zlib bz2 lzma filters objects blosc-partial encode (default: all, in that order)
#
# Prints per target the executions, executions per second, edges and corpus size; copies what afl-fuzz saved to
# fuzz/findings/<target>/{seeds,crashes,hangs}/ (git-ignored) and replays each finding to print its exception.
# Exits 1 when any target has a finding, 2 for a usage error, 3 when the set-up fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=60
timeout_ms=5000
all_targets=(blosc zstd lz4 zlib bz2 lzma filters objects blosc-partial zarr-v3 encode)
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --timeout-ms) timeout_ms=${2:?--timeout-ms needs a number}; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -gt 0 ]] || { echo "run.sh: --seconds takes a positive whole number" >&2; exit 2; }
[[ "$timeout_ms" =~ ^[0-9]+$ && "$timeout_ms" -gt 0 ]] || { echo "run.sh: --timeout-ms takes a positive whole number" >&2; exit 2; }
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $t "* ]] || { echo "run.sh: unknown target '$t' (targets: ${all_targets[*]})" >&2; exit 2; }
done

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
step() { echo; echo "== $*"; }

# -- What the build and the fuzzer need: one apt-get update, one install, only for what is missing.
missing=()
command -v afl-fuzz > /dev/null || missing+=(afl++)
command -v cmake > /dev/null || missing+=(cmake)
command -v cc > /dev/null || missing+=(gcc)
command -v make > /dev/null || missing+=(make)
command -v xz > /dev/null || missing+=(xz-utils)
command -v bzip2 > /dev/null || missing+=(bzip2)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" < /dev/null
fi
command -v dotnet > /dev/null || { echo "run.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 3; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work="$root/artifacts/fuzz"   # build output, corpora and afl-fuzz state (artifacts/ is git-ignored)
bin="$work/bin"
findings="$root/fuzz/findings"

step "restoring the sharpfuzz tool (.config/dotnet-tools.json)"
dotnet tool restore > /dev/null

# -- Build into a folder of its own and instrument the library there (never the normal build output): NumCodecs.dll, which
#    holds the codecs and the msgpack2 reader of the objects target.
step "building fuzz/NumCodecs.Fuzz (Release)"
rm -rf "$bin"
dotnet build fuzz/NumCodecs.Fuzz/NumCodecs.Fuzz.csproj -c Release -o "$bin" -nologo -v quiet < /dev/null
step "instrumenting NumCodecs.dll"
dotnet tool run sharpfuzz "$bin/NumCodecs.dll" < /dev/null
fuzz_dll="$bin/NumCodecs.Fuzz.dll"

step "writing seed corpora"
rm -rf "$work/corpus"
dotnet "$fuzz_dll" corpus "$work/corpus" --fixtures "$root/tests/fixtures" "${targets[@]}" < /dev/null

# -- afl-fuzz settings. dotnet itself carries no instrumentation (SharpFuzz's fork server speaks for the managed code),
#    this machine's cores are shared, core dumps may go to a handler, and CI has no terminal. Seeds that already fail are
#    recorded below and skipped by afl-fuzz. The heap limit turns a runaway allocation into OutOfMemoryException (a
#    finding) instead of a machine out of memory.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  AFL_SKIP_CRASHES=1 AFL_NO_UI=1 AFL_FAST_CAL=1 AFL_MAP_SIZE=65536 AFL_FORKSRV_INIT_TMOUT=120000 AFL_QUIET=1
export DOTNET_GCHeapHardLimit=0xC0000000 NUMCODECS_FUZZ_TIMEOUT_MS="$timeout_ms"

fuzzer_pgid=""
cleanup() {
  if [ -n "$fuzzer_pgid" ]; then
    kill -TERM -- "-$fuzzer_pgid" 2> /dev/null || true
    sleep 1
    kill -KILL -- "-$fuzzer_pgid" 2> /dev/null || true
    fuzzer_pgid=""
  fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

count_files() { if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi; }
stat_of() { sed -nE "s/^$1 *: *(.*)$/\1/p" "$2" | head -n 1; }

# Replays a folder of inputs; when the replay process itself dies (a native crash), replays file by file so that every
# input gets its line.
replay() {
  local target=$1 folder=$2 status=0
  dotnet "$fuzz_dll" replay "$target" "$folder" < /dev/null || status=$?
  if [ "$status" -gt 3 ]; then
    echo "(the replay process died with status $status; replaying one input per process)"
    for file in "$folder"/*; do
      local one=0
      dotnet "$fuzz_dll" replay "$target" "$file" < /dev/null | grep -v ' inputs, ' || one=$?
      [ "$one" -le 3 ] || echo "FINDING $file: the process died with status $one"
    done
  fi
}

summary=()
total_findings=0
start=$(date +%s)
for target in "${targets[@]}"; do
  step "fuzzing $target for $seconds s"
  out="$work/afl/$target"
  rm -rf "$out" "$findings/$target"
  mkdir -p "$out" "$findings/$target"

  # Seeds that are findings already: afl-fuzz would skip them silently.
  seed_log="$out/seed-replay.log"
  dotnet "$fuzz_dll" replay "$target" "$work/corpus/$target" > "$seed_log" 2>&1 < /dev/null || true
  seed_findings=0
  while read -r file; do
    mkdir -p "$findings/$target/seeds"
    cp "$file" "$findings/$target/seeds/"
    seed_findings=$((seed_findings + 1))
  done < <(sed -nE 's/^FINDING ([^ ]+) .*/\1/p' "$seed_log")

  # The fuzzer and everything it starts run in a process group of their own, ended by id when done.
  log="$out/afl-fuzz.log"
  dictionary=()
  [ ! -f "$root/fuzz/dictionaries/$target.dict" ] || dictionary=(-x "$root/fuzz/dictionaries/$target.dict")
  setsid timeout --kill-after=30 $((seconds + 600)) \
    afl-fuzz -i "$work/corpus/$target" -o "$out" -t "$timeout_ms" -m none -V "$seconds" "${dictionary[@]}" \
    -- dotnet "$fuzz_dll" fuzz "$target" > "$log" 2>&1 < /dev/null &
  fuzzer_pgid=$!
  status=0
  wait "$fuzzer_pgid" || status=$?
  cleanup

  stats="$out/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "afl-fuzz stopped before fuzzing $target (status $status); the end of its log:"
    tail -n 25 "$log"
    summary+=("$(printf '%-14s afl-fuzz failed (status %s), see %s' "$target" "$status" "$log")")
    total_findings=$((total_findings + 1))
    continue
  fi

  execs=$(stat_of execs_done "$stats")
  rate=$(stat_of execs_per_sec "$stats")
  edges=$(stat_of edges_found "$stats")
  coverage=$(stat_of bitmap_cvg "$stats")
  corpus=$(stat_of corpus_count "$stats")
  stability=$(stat_of stability "$stats")
  for kind in crashes hangs; do
    if compgen -G "$out/default/$kind/id:*" > /dev/null; then
      mkdir -p "$findings/$target/$kind"
      cp "$out/default/$kind"/id:* "$findings/$target/$kind/"
    fi
  done
  crashes=$(count_files "$findings/$target/crashes")
  hangs=$(count_files "$findings/$target/hangs")
  if [ "$status" -ne 0 ]; then
    echo "(afl-fuzz exited with status $status; the end of its log:)"
    tail -n 10 "$log"
  fi

  line=$(printf '%-14s %10s execs %9s exec/s  %5s edges (%s of the map)  corpus %5s  stability %7s  seeds failing %3d  crashes %3d  hangs %3d' \
    "$target" "$execs" "$rate" "$edges" "$coverage" "$corpus" "$stability" "$seed_findings" "$crashes" "$hangs")
  echo "$line"
  summary+=("$line")

  for kind in seeds crashes hangs; do
    if [ -d "$findings/$target/$kind" ]; then
      echo "-- $target: replaying $kind"
      replay "$target" "$findings/$target/$kind" | grep -v '^OK ' || true
    fi
  done
  total_findings=$((total_findings + seed_findings + crashes + hangs))
done

step "summary ($(( $(date +%s) - start )) s of fuzzing and replays, $seconds s per target)"
printf '%s\n' "${summary[@]}"
if [ "$total_findings" -gt 0 ]; then
  echo "findings: $total_findings inputs under fuzz/findings/ (turn each into a regression test: see fuzz/README.md)"
  exit 1
fi
echo "no findings"
