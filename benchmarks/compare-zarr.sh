#!/usr/bin/env bash
# The Zarr comparison: the same stores on disk read by
#   1. NumCodecs.Zarr from C# (benchmarks/NumCodecs.Benchmarks, `zarr-compare` mode),
#   2. zarr-python 2 (Debian's python3-zarr; benchmarks/compare/zarr_python_bench.py),
#   3. zarrita in node (the version pinned in tests/zarrita/package.json; benchmarks/compare/zarrita_bench.mjs),
# for whole-array reads (1 GiB, Blosc lz4 shuffle and sharded zstd) and 100 minibatches of 256 random rows of a
# 1,000,000 x 256 float32 matrix (Blosc lz4 shuffle chunks, and shards of Blosc inner chunks) from 1, 2 and 4 threads,
# from files and over HTTP (Debian's nginx on 127.0.0.1). Writes docs/benchmarks/zarr-comparison.md and
# docs/benchmarks/zarr-comparison.png, and keeps the raw JSON lines in docs/benchmarks/results/zarr-comparison.jsonl.
#
#   bash benchmarks/compare-zarr.sh [--stores DIR] [--threads 1,2,4]
#
# The stores (about 1.7 GB) are written once into DIR (default: $TMPDIR/numcodecs-zarr-bench) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

stores=${TMPDIR:-/tmp}/numcodecs-zarr-bench
threads=1,2,4
while [ $# -gt 0 ]; do
  case $1 in
    --stores) stores=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "usage: bash benchmarks/compare-zarr.sh [--stores DIR] [--threads 1,2,4]" >&2; exit 2 ;;
  esac
done

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
/usr/bin/python3 -c 'import aiohttp' 2> /dev/null || missing+=(python3-aiohttp) # fsspec's HTTP filesystem, for zarr-python over HTTP
[ -x /usr/sbin/nginx ] || [ -x /usr/bin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
bash tests/zarr-python/install.sh
bash tests/zarrita/install.sh

work=$(mktemp -d)
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2> /dev/null || true; wait "$nginx_pid" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "compare-zarr: building" >&2
dotnet build -c Release benchmarks/NumCodecs.Benchmarks > "$work/build.log" || { cat "$work/build.log"; exit 1; }
bench="dotnet benchmarks/NumCodecs.Benchmarks/bin/Release/net10.0/NumCodecs.Benchmarks.dll"

if [ ! -f "$stores/READY" ]; then
  echo "compare-zarr: writing the stores to $stores" >&2
  $bench zarr-stores "$stores"
  touch "$stores/READY"
fi

run_all() { # $1: extra arguments (--http URL or nothing)
  echo "compare-zarr: NumCodecs $1" >&2
  $bench zarr-compare "$stores" --threads "$threads" $1
  echo "compare-zarr: zarr-python $1" >&2
  /usr/bin/python3 benchmarks/compare/zarr_python_bench.py "$stores" --threads "$threads" $1
  echo "compare-zarr: zarrita $1" >&2
  # zarrita decodes a whole chunk for every row it is asked for: 10 batches give its rate in minutes, not an hour.
  node benchmarks/compare/zarrita_bench.mjs "$stores" --threads "$threads" --batches 10 $1
}

run_all "" > "$work/results.jsonl"

# nginx on a free port of 127.0.0.1, serving the stores directory, stopped by the trap.
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" << CONF
daemon off;
worker_processes 2;
error_log $work/nginx/error.log;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:$port;
        root $stores;
    }
}
CONF
nginx=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx" -c "$work/nginx/nginx.conf" -p "$work/nginx" &
nginx_pid=$!
for _ in $(seq 50); do
  /usr/bin/python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2> /dev/null && break
  sleep 0.1
done
run_all "--http http://127.0.0.1:$port" >> "$work/results.jsonl"

mkdir -p docs/benchmarks/results
cp "$work/results.jsonl" docs/benchmarks/results/zarr-comparison.jsonl
{
  echo "Stores written by \`$bench zarr-stores\` (benchmarks/NumCodecs.Benchmarks/ZarrCompare.cs); run on $(date -u +%Y-%m-%d) on $(nproc) cores."
  echo
  /usr/bin/python3 benchmarks/compare/zarr_report.py "$work/results.jsonl"
} | tee docs/benchmarks/zarr-comparison.md
$bench zarr-chart "$work/results.jsonl" docs/benchmarks/zarr-comparison.png
