#!/usr/bin/env bash
# Makes tests/zarrita runnable: node and npm (Debian's packages, when the machine has neither), then the exact
# packages of package-lock.json in tests/zarrita/node_modules. Idempotent and quiet when there is nothing to do or
# everything went well; prints npm's or apt's output only when they fail.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Only a missing node or npm brings in Debian's; a node that is already there (of any packaging) is kept.
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  log=$(mktemp)
  if ! { as_root apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; } > "$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "tests/zarrita/install.sh: could not install nodejs and npm with apt-get" >&2
    exit 1
  fi
  rm -f "$log"
fi

# node_modules is stale when it was installed from another package.json or lock file than the committed ones: the
# stamp written after a successful `npm ci` holds their checksum.
stamp="$here/node_modules/.numcodecs-install-stamp"
want=$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

log=$(mktemp)
if ! (cd "$here" && npm ci --no-audit --no-fund) > "$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  echo "tests/zarrita/install.sh: npm ci failed in $here" >&2
  exit 1
fi
rm -f "$log"
echo "$want" > "$stamp"
