#!/usr/bin/env bash
# systemd's own checks of the shipped units (dist/systemd/): `systemd-analyze verify` (every key known, the
# commands executable, the timer's service there) must say nothing, and the service's hardening must keep its
# exposure (`systemd-analyze security`) at 2.5 of 10 or below. The units' /usr/bin/readiness is pointed at
# BINARY, since the package is not installed here (scripts/test-deb.sh checks the installed units).
# Usage: scripts/test-units.sh BINARY
set -euo pipefail
binary=$(realpath "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for unit in "$here"/dist/systemd/*; do
    sed "s#/usr/bin/readiness#$binary#g" "$unit" > "$work/$(basename "$unit")"
done
if ! out=$(cd "$work" && systemd-analyze verify ./*.service ./*.timer 2>&1) || [ -n "$out" ]; then
    echo "unit test: systemd-analyze verify finds fault with the units:" >&2
    echo "$out" >&2
    exit 1
fi
for service in readiness.service readiness-backup.service; do
    if ! out=$(cd "$work" && systemd-analyze security --offline=true --threshold=25 "./$service" 2>&1); then
        echo "unit test: $service is exposed above 2.5:" >&2
        echo "$out" | tail -30 >&2
        exit 1
    fi
    echo "unit test: $service $(echo "$out" | grep -o 'Overall exposure level.*' | sed 's/for .*: //')"
done
echo "unit test: systemd-analyze verify and security: ok"
