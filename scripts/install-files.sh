#!/usr/bin/env bash
# Installs readiness under DESTDIR/PREFIX: the binary in bin/, the shipped files it reads (Checklists/,
# Inventory/, Web/) in share/readiness/ where the binary finds them without READINESS_DATA, the nginx site
# and the systemd units as examples in share/readiness/, the documentation in share/doc/readiness/.
# Usage: scripts/install-files.sh BINARY PREFIX [DESTDIR]
set -euo pipefail
binary=$1 prefix=$2 destdir=${3:-}
[ -x "$binary" ] || { echo "error: no binary at $binary: build it first" >&2; exit 1; }
case $prefix in /*) ;; *) echo "error: PREFIX must be an absolute path, not $prefix" >&2; exit 1 ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
root="$destdir$prefix"

install -d "$root/bin" "$root/share/readiness" "$root/share/doc/readiness"
install -m 0755 "$binary" "$root/bin/readiness"
for folder in Checklists Inventory Web; do
    # What git holds of it (no generated or local files), else the folder as it is (an unpacked tarball).
    if git -C "$here" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        (cd "$here" && git ls-files -- "$folder") | while IFS= read -r file; do
            install -D -m 0644 "$here/$file" "$root/share/readiness/$file"
        done
    else
        cp -R "$here/$folder" "$root/share/readiness/"
    fi
done
install -D -m 0644 "$here/dist/nginx/readiness.conf" "$root/share/readiness/nginx/readiness.conf"
for unit in "$here"/dist/systemd/*; do
    install -D -m 0644 "$unit" "$root/share/readiness/systemd/$(basename "$unit")"
done
install -D -m 0644 "$here/dist/readiness.conf" "$root/share/readiness/readiness.conf.example"
install -m 0644 "$here/README.md" "$root/share/doc/readiness/README.md"
for doc in "$here"/docs/*.md; do install -m 0644 "$doc" "$root/share/doc/readiness/"; done
echo "installed readiness in $root"
