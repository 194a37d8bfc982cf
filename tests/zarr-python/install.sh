#!/usr/bin/env bash
# Makes tests/zarr-python runnable: zarr-python 2 and numcodecs for /usr/bin/python3 (Debian's python3-zarr,
# python3-numcodecs and python3-numpy), installed with apt-get only when /usr/bin/python3 cannot import zarr and
# numcodecs. Idempotent and quiet when there is nothing to do or everything went well; prints apt's output only when
# it fails.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if /usr/bin/python3 -c 'import zarr, numcodecs' 2> /dev/null; then
  exit 0
fi

log=$(mktemp)
if ! { as_root apt-get update -qq &&
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-zarr python3-numcodecs python3-numpy; } \
  > "$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  echo "tests/zarr-python/install.sh: could not install python3-zarr, python3-numcodecs and python3-numpy with apt-get" >&2
  exit 1
fi
rm -f "$log"

# A package that installed but does not import (another python3 on the path, say) is a failure too.
if ! /usr/bin/python3 -c 'import zarr, numcodecs' 2> /dev/null; then
  echo "tests/zarr-python/install.sh: /usr/bin/python3 still cannot import zarr and numcodecs" >&2
  exit 1
fi
