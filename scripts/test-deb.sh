#!/usr/bin/env bash
# The Debian package as an administrator meets it: built (scripts/make-deb.sh) around BINARY, installed with
# dpkg -i, `readiness gaps` run from the PATH by a user, the installed units checked by systemd-analyze, the
# server started from readiness.service's own ExecStart line as the readiness user (systemd does not run
# here), /healthz and /readyz asked, a SIGTERM that ends it with 0 and the database checkpointed, the backup
# unit's ExecStart run, then removed (data kept) and purged (data gone, backups kept).
# Needs root (dpkg -i); refuses to run where a readiness package is installed already.
# Usage: scripts/test-deb.sh BINARY
set -euo pipefail
binary=$(realpath "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "package test: needs root (dpkg -i); run: sudo $0 $*" >&2; exit 1; }
if dpkg -s readiness >/dev/null 2>&1; then
    echo "package test: a readiness package is installed on this machine; not touching it" >&2
    exit 1
fi
work=$(mktemp -d)
chmod 0755 "$work"
user_existed=no; getent passwd readiness >/dev/null && user_existed=yes
backups_existed=no; [ -e /var/backups/readiness ] && backups_existed=yes
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    dpkg --purge readiness >/dev/null 2>&1 || true
    [ $backups_existed = no ] && rm -rf /var/backups/readiness
    [ $user_existed = no ] && getent passwd readiness >/dev/null && deluser --system --quiet readiness >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "package test: $*" >&2; [ -f "$work/server.log" ] && tail -20 "$work/server.log" >&2; exit 1; }

deb=$(DEB_COMPRESS=gzip "$here/scripts/make-deb.sh" "$binary" "$work")
[ "$(dpkg-deb --field "$deb" Package)" = readiness ] || fail "dpkg-deb does not read $deb"
dpkg -i "$deb" > "$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "dpkg -i failed"; }

getent passwd readiness >/dev/null || fail "no readiness user after install"
[ "$(stat -c %U /var/lib/readiness)" = readiness ] || fail "/var/lib/readiness is not the readiness user's"
[ -f /etc/readiness/readiness.conf ] || fail "no /etc/readiness/readiness.conf"
[ "$(command -v readiness)" = /usr/bin/readiness ] || fail "readiness is not on the PATH"

# A user's first command, from their home folder, without READINESS_DATA: the shipped sample's gaps.
mkdir -p "$work/home"
gaps=$(cd "$work/home" && env -i PATH=/usr/bin:/bin HOME="$work/home" readiness gaps --as-of 2025-12-12 --lang en 2>&1) \
    || fail "readiness gaps failed: $gaps"
echo "$gaps" | grep -q "20/96 communes without a VCS terminal" || fail "readiness gaps does not show the sample's figures: $gaps"

# systemd's checks of the units as installed (the binary where ExecStart says).
out=$(systemd-analyze verify /lib/systemd/system/readiness.service /lib/systemd/system/readiness-backup.service \
      /lib/systemd/system/readiness-backup.timer 2>&1) || fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify: $out"

# The server, from the unit's own command line, as the unit's user, on a free port (the administrator's edit).
exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/readiness.service)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed -i "s/^port = .*/port = $port/" /etc/readiness/readiness.conf
# setpriv execs the command as the user, as systemd does (runuser would stand between it and the signal).
as_readiness=(setpriv --reuid readiness --regid readiness --init-groups env HOME=/var/lib/readiness)
"${as_readiness[@]}" readiness user add admin --role admin --db /var/lib/readiness/readiness.sqlite --lang en > "$work/admin.txt" \
    || fail "user add as the readiness user failed"
(cd /var/lib/readiness && exec "${as_readiness[@]}" $exec_start) 2> "$work/server.log" &
server=$!
# (The service speaks Vietnamese, the default: "đang phục vụ http://127.0.0.1:PORT/".)
for _ in $(seq 300); do grep -q " http://127.0.0.1:$port/" "$work/server.log" 2>/dev/null && break; sleep 0.1; done
grep -q " http://127.0.0.1:$port/" "$work/server.log" || fail "the server did not start on port $port"
[ "$(curl -s "http://127.0.0.1:$port/healthz")" = ok ] || fail "/healthz is not ok"
[ "$(curl -s "http://127.0.0.1:$port/readyz")" = ok ] || fail "/readyz is not ok"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/login")" = 200 ] || fail "/login is not 200"
grep -q '"route":"/login"' "$work/server.log" || fail "no JSON request log line for /login (log-format = json)"
kill -TERM "$server"
status=0; wait "$server" || status=$?
server=""
[ $status -eq 0 ] || fail "the server exited with $status on SIGTERM"
[ ! -s /var/lib/readiness/readiness.sqlite-wal ] || fail "the database's write-ahead log was not checkpointed at exit"

# The nightly backup, from its unit's own command line.
backup_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/readiness-backup.service)
(cd /var/lib/readiness && "${as_readiness[@]}" $backup_start) > "$work/backup.txt" 2>&1 \
    || { cat "$work/backup.txt" >&2; fail "the backup unit's command failed"; }
ls /var/backups/readiness/readiness-*.sqlite >/dev/null 2>&1 || fail "no backup in /var/backups/readiness"

# Removed: the data stays. Purged: the data and the settings go, the backups stay.
dpkg --remove readiness > /dev/null
[ -f /var/lib/readiness/readiness.sqlite ] || fail "dpkg --remove took the database"
[ ! -e /usr/bin/readiness ] || fail "dpkg --remove left /usr/bin/readiness"
dpkg --purge readiness > /dev/null
[ ! -e /var/lib/readiness ] || fail "dpkg --purge left /var/lib/readiness"
[ ! -e /etc/readiness ] || fail "dpkg --purge left /etc/readiness"
ls /var/backups/readiness/readiness-*.sqlite >/dev/null 2>&1 || fail "dpkg --purge took the backups"
echo "package test: dpkg -i, readiness gaps, the units, serve from ExecStart, SIGTERM, backup, remove and purge: ok"
