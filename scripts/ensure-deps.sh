#!/usr/bin/env bash
# Installs what the build needs and is missing, through apt-get on Debian/Ubuntu.
# Usage: scripts/ensure-deps.sh [extra Debian packages…]
set -euo pipefail

need_packages=(libsqlite3-dev libxlsxwriter-dev zlib1g-dev pkg-config "$@")

if ! command -v swift >/dev/null 2>&1; then
  echo "error: the Swift toolchain (swift 6) is not on PATH." >&2
  echo "       Install it from https://www.swift.org/install/linux/ and run this again." >&2
  exit 1
fi

missing=()
for p in "${need_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing system packages: ${missing[*]}, and there is no apt-get here." >&2
  echo "       Install the SQLite 3 development files (sqlite3.h and libsqlite3) with your package manager." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "error: missing system packages: ${missing[*]}; run as root or install them: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
echo "Installing missing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
if ! $sudo apt-get install -y -qq "${missing[@]}" >&2; then
  echo "error: apt-get could not install ${missing[*]}; install them by hand and run this again." >&2
  exit 1
fi
