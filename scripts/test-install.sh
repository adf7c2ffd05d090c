#!/usr/bin/env bash
# `make install` as a packager stages it: scripts/install-files.sh with PREFIX=/usr/local and a DESTDIR, then
# the staged binary run from elsewhere, without READINESS_DATA, finds its shipped files in
# PREFIX/share/readiness and prints the sample's gaps.
# Usage: scripts/test-install.sh BINARY
set -euo pipefail
binary=$(realpath "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "install test: $*" >&2; exit 1; }

"$here/scripts/install-files.sh" "$binary" /usr/local "$work/stage" >/dev/null
root="$work/stage/usr/local"
[ -x "$root/bin/readiness" ] || fail "no bin/readiness"
for file in share/readiness/Checklists/catalog.yaml share/readiness/Web/templates/layout.mustache \
            share/readiness/Inventory/quang-ngai/ledger.csv share/readiness/nginx/readiness.conf \
            share/readiness/systemd/readiness.service share/doc/readiness/operations.md; do
    [ -f "$root/$file" ] || fail "no $file"
done
mkdir -p "$work/home"
gaps=$(cd "$work/home" && env -i PATH=/usr/bin:/bin HOME="$work/home" "$root/bin/readiness" gaps --as-of 2025-12-12 --lang en 2>&1) \
    || fail "the installed readiness gaps failed: $gaps"
echo "$gaps" | grep -q "20/96 communes without a VCS terminal" || fail "the installed binary does not show the sample's figures: $gaps"
if "$here/scripts/install-files.sh" "$binary" relative/prefix "$work/stage" >/dev/null 2>&1; then
    fail "a relative PREFIX was accepted"
fi
echo "install test: staged under DESTDIR, found its shipped files in PREFIX/share/readiness: ok"
