#!/usr/bin/env bash
# Puts the pinned upstream sources of the native dependencies into DEST/<name>, one folder per dependency.
#
#   native/fetch-sources.sh DEST blosc=1.21.3 zstd=1.5.4 lz4=1.9.4 zlib=1.2.13 bzip2=1.0.8 xz=5.4.1
#
# CMake runs this at configure time with the pins from the top-level CMakeLists.txt; there is rarely a reason to run it
# by hand. Where each dependency comes from, in order:
#   1. the folder named by NUMCODECS_SOURCES_DIR, filled by the user with the upstream release tarballs
#      (c-blosc-1.21.3.tar.gz, zstd-1.5.4.tar.gz, lz4-1.9.4.tar.gz, zlib-1.2.13.tar.gz, bzip2-1.0.8.tar.gz,
#      xz-5.4.1.tar.gz;
#      .tar.xz/.tar.bz2 work too) or
#      with those tarballs already extracted (c-blosc-1.21.3/, ...);
#   2. the distribution's source packages, through `apt-get source`. When the machine has no deb-src entries they are
#      derived from its existing apt sources (the same entries with the type changed to deb-src).
# The caller (native/cmake/NumCodecsSources.cmake) checks the version macros of what arrived against the pins.
set -euo pipefail

die() { echo "fetch-sources: $*" >&2; exit 1; }

[ $# -ge 2 ] || die "usage: $0 DEST name=version..."
dest=$1
shift
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

# Upstream release names and the Debian/Ubuntu source packages that carry them.
upstream_name() {
  case $1 in
    blosc) echo c-blosc ;;
    zstd | lz4 | zlib | bzip2 | xz | libdeflate) echo "$1" ;;
    *) die "unknown dependency '$1'" ;;
  esac
}
debian_package() {
  case $1 in
    blosc) echo c-blosc ;;
    zstd) echo libzstd ;;
    xz) echo xz-utils ;;
    lz4 | zlib | bzip2 | libdeflate) echo "$1" ;;
  esac
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo > /dev/null; then
    sudo "$@"
  else
    die "'$*' needs root; run as root, or fill NUMCODECS_SOURCES_DIR by hand (native/README.md)"
  fi
}

# Extracts a release archive or copies a release folder into DEST/<name>, replacing what was there.
install_tree() {
  local name=$1 from=$2 staging="$dest/.$1.staging"
  rm -rf "$staging"
  mkdir -p "$staging"
  if [ -d "$from" ]; then
    cp -a "$from/." "$staging/"
  else
    tar -xf "$from" -C "$staging" --strip-components=1 || die "cannot extract $from"
  fi
  rm -rf "${dest:?}/$name"
  mv "$staging" "$dest/$name"
  echo "fetch-sources: $name from $from"
}

# 1. The user's folder.
from_user_folder() {
  local name=$1 version=$2 dir=${NUMCODECS_SOURCES_DIR:-} base candidate
  [ -n "$dir" ] || return 1
  [ -d "$dir" ] || die "NUMCODECS_SOURCES_DIR=$dir is not a folder"
  base="$(upstream_name "$name")-$version"
  for candidate in "$dir/$base" "$dir/$base.tar.gz" "$dir/$base.tar.xz" "$dir/$base.tar.bz2" "$dir/$base.tgz"; do
    if [ -e "$candidate" ]; then
      install_tree "$name" "$candidate"
      return 0
    fi
  done
  echo "fetch-sources: $dir holds no $base (folder or .tar.gz/.tar.xz/.tar.bz2); trying source packages" >&2
  return 1
}

has_deb_src() {
  grep -Eqs '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list ||
    grep -Eqs '^Types:.*deb-src' /etc/apt/sources.list.d/*.sources
}

# Writes deb-src twins of the machine's existing apt entries (no host name is written by hand: they are copied).
derive_deb_src() {
  local tmp
  tmp=$(mktemp)
  if compgen -G '/etc/apt/sources.list.d/*.sources' > /dev/null; then
    for f in /etc/apt/sources.list.d/*.sources; do
      [ "$(basename "$f")" = numcodecs-deb-src.sources ] && continue
      sed -E 's/^Types:[[:space:]]*deb[[:space:]]*$/Types: deb-src/' "$f" >> "$tmp"
      echo >> "$tmp"
    done
    if grep -q '^Types: deb-src' "$tmp"; then
      as_root install -m 0644 "$tmp" /etc/apt/sources.list.d/numcodecs-deb-src.sources
    fi
  fi
  : > "$tmp"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    [ "$(basename "$f")" = numcodecs-deb-src.list ] && continue
    sed -nE 's/^[[:space:]]*deb[[:space:]]+/deb-src /p' "$f" >> "$tmp"
  done
  if [ -s "$tmp" ]; then
    as_root install -m 0644 "$tmp" /etc/apt/sources.list.d/numcodecs-deb-src.list
  fi
  rm -f "$tmp"
  echo "fetch-sources: added deb-src entries derived from the existing apt sources"
}

apt_ready=0
prepare_apt() {
  [ $apt_ready -eq 1 ] && return 0
  command -v apt-get > /dev/null ||
    die "no apt-get on this machine: fill NUMCODECS_SOURCES_DIR with the upstream tarballs (native/README.md)"
  has_deb_src || derive_deb_src
  # An entry whose source index is missing must not stop the others, so a failed update is only reported.
  as_root apt-get update -qq || echo "fetch-sources: apt-get update reported errors; continuing" >&2
  apt_ready=1
}

# The upstream part of a Debian version: 1:1.2.13.dfsg-1 -> 1.2.13, 1.5.4+dfsg2-5 -> 1.5.4, 1.21.3+ds-1 -> 1.21.3.
upstream_version() {
  local v=${1#*:}
  v=${v%-*}
  echo "$v" | sed -E 's/[.+~](ds|dfsg)[0-9]*$//'
}

# 2. The distribution's source packages.
from_source_package() {
  local name=$1 version=$2 package candidates chosen="" v work orig
  package=$(debian_package "$name")
  prepare_apt
  candidates=$(apt-cache showsrc --only-source "$package" 2> /dev/null | sed -n 's/^Version: //p' | sort -u)
  for v in $candidates; do
    if [ "$(upstream_version "$v")" = "$version" ]; then
      chosen=$v
      break
    fi
  done
  if [ -z "$chosen" ]; then
    die "the source package $package offers version(s) [$(echo $candidates)] but CMakeLists.txt pins $name $version;" \
      "put $(upstream_name "$name")-$version.tar.gz into a folder and set NUMCODECS_SOURCES_DIR to it (native/README.md)"
  fi
  work=$(mktemp -d)
  (cd "$work" && apt-get source --download-only -qq "$package=$chosen" > /dev/null 2>&1) ||
    (cd "$work" && as_root apt-get source --download-only -qq "$package=$chosen" > /dev/null) ||
    die "apt-get source $package=$chosen failed"
  orig=$(find "$work" -maxdepth 1 -name "${package}_*.orig.tar.*" ! -name '*.asc' | head -n 1)
  [ -n "$orig" ] || die "apt-get source $package=$chosen brought no upstream (.orig) tarball"
  install_tree "$name" "$orig"
  rm -rf "$work"
}

for spec in "$@"; do
  name=${spec%%=*}
  version=${spec#*=}
  [ -n "$name" ] && [ -n "$version" ] && [ "$name" != "$spec" ] || die "expected name=version, got '$spec'"
  upstream_name "$name" > /dev/null
  from_user_folder "$name" "$version" || from_source_package "$name" "$version"
done
