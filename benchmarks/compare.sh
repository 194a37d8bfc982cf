#!/usr/bin/env bash
# One command for the cross-language comparison: the same sample and workloads through
#   1. NumCodecs from C# (benchmarks/NumCodecs.Benchmarks, `harness` mode, not BenchmarkDotNet),
#   2. c-blosc/zstd/lz4/zlib called directly from C (native/bench/bench.c, built by our CMake from the same objects),
#   3. the reference numcodecs in Python (Debian's python3-numcodecs): Blosc on one thread (context API) and with
#      numcodecs' default threads,
# then a markdown table of throughput with the ratios C#/C and C#/numcodecs (also written to docs/benchmarks/comparison.md).
set -euo pipefail
cd "$(dirname "$0")/.."

rid=$(dotnet --info 2> /dev/null | sed -n 's/^ *RID: *//p' | head -n 1)
rid=${rid:-linux-x64}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! /usr/bin/python3 -c 'import numcodecs' 2> /dev/null; then
  echo "compare: the reference needs Debian's python3-numcodecs (apt-get install python3-numcodecs)" >&2
  exit 1
fi

echo "compare: building" >&2
dotnet build -c Release benchmarks/NumCodecs.Benchmarks > "$work/build.log" || { cat "$work/build.log"; exit 1; }
bench_dll=benchmarks/NumCodecs.Benchmarks/bin/Release/net10.0/NumCodecs.Benchmarks.dll
c_bench=artifacts/native/$rid/bin/numcodecs_native_bench

dotnet "$bench_dll" sample "$work/sample.f4"
echo "compare: C" >&2
"$c_bench" "$work/sample.f4" > "$work/c.jsonl"
echo "compare: C#" >&2
dotnet "$bench_dll" harness "$work/sample.f4" > "$work/csharp.jsonl"
echo "compare: numcodecs" >&2
/usr/bin/python3 benchmarks/compare/reference_bench.py "$work/sample.f4" > "$work/numcodecs.jsonl"

{
  echo "Sample: 16 MiB of smooth float32 with noise (prefixes for the smaller sizes); Blosc clevel 5, typesize 4."
  echo "Run on $(date -u +%Y-%m-%d) on $(nproc) cores; reference: $(tail -n 1 "$work/numcodecs.jsonl")."
  echo
  /usr/bin/python3 benchmarks/compare/report.py "$work/c.jsonl" "$work/csharp.jsonl" "$work/numcodecs.jsonl"
} | tee docs/benchmarks/comparison.md
