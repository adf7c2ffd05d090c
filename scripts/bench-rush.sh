#!/usr/bin/env bash
# A national deadline-day rush, on loopback, through the server as deployed (release build):
#   the national registry (3,321 communes, 34 provinces) and a 2 M-event ledger (scripts/generate_national.py,
#   shared with bench-national), an account for every commune (3,321 officers, xa-CODE) and every province
#   (34 staff, tinh-CODE), each with a one-time password from `readiness user add`;
#   `readiness serve --config FILE` with the settings of dist/readiness.conf (secure cookies, trusted proxy
#   127.0.0.1, JSON log) but the database a copy in a temporary folder and the port a free one;
#   scripts/rush_client.py: within DURATION every officer signs in, replaces the one-time password, records
#   three changes through the commune page's form (the third with a PHOTO_KB photo) and submits the month
#   for review, while the 34 staff reload their dashboard and gap page;
# then p50 and p99 per page and per write, errors (target 0), events lost (target 0: the ledger counted after
# against the records the server confirmed), evidence and submissions stored, database growth, the server's
# CPU time and peak memory (/proc: utime+stime, VmHWM), the machine's CPU use, `readiness check` of the
# database after, and `readiness backup` / `restore` of it, timed. The server is stopped whatever happens.
#
# Usage: make bench-rush   (make bench runs it last)
#   DURATION     seconds of the rush (default 600: ten minutes)
#   COMMUNES     only this many officers, spread over the country (default all 3,321; e.g. 200 for a quick run)
#   CONCURRENCY  officers in their session at once, at most (default 300)
#   THINK        mean seconds an officer takes between two steps (default 3)
#   STAFF_PAUSE  mean seconds between two reloads of a staff member (default 10)
#   PHOTO_KB     the photo's size (default 300)
#   GIVE_UP      seconds after which no more officer starts, when the server has fallen behind (default
#                3 × DURATION); those left are reported as never started
#   ONBOARDED=1  every account has set its own password on an earlier day (a later deadline): sign-ins
#                without the one-time password's change. Made for the bench only, in the copy: every
#                account gets the bcrypt hash (cost 12, as `user add` made it) of one account's one-time
#                password, no longer to be changed; a sign-in costs the same one bcrypt check as with
#                anyone's own password
#   EVENTS       events in the generated ledger (default 2000000)
#   BENCH_DATA   where generated ledgers are kept (default .build/bench-national, as bench-national)
#   RUSH_DATA    where the database with its accounts is kept between runs (default .build/bench-rush);
#                creating 3,355 accounts hashes 3,355 passwords (bcrypt, cost 12): minutes, once
#   KEEP=DIR     leave the database after the rush, the server's log and the client's results in DIR
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-600}"
COMMUNES="${COMMUNES:-}"
CONCURRENCY="${CONCURRENCY:-300}"
THINK="${THINK:-3}"
STAFF_PAUSE="${STAFF_PAUSE:-10}"
PHOTO_KB="${PHOTO_KB:-300}"
EVENTS="${EVENTS:-2000000}"
DATA="${BENCH_DATA:-.build/bench-national}"
RUSH="${RUSH_DATA:-.build/bench-rush}"
TODAY="${BENCH_TODAY:-$(TZ=Asia/Ho_Chi_Minh date +%F)}"
for v in DURATION CONCURRENCY PHOTO_KB EVENTS; do
    [[ "${!v}" =~ ^[0-9]+$ ]] && [ "${!v}" -ge 1 ] || { echo "error: $v=${!v}: give a whole number" >&2; exit 1; }
done
[ -z "$COMMUNES" ] || [[ "$COMMUNES" =~ ^[0-9]+$ ]] || { echo "error: COMMUNES=$COMMUNES: give a whole number" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "error: sqlite3 is missing: scripts/ensure-deps.sh sqlite3" >&2; exit 1; }

echo "building (release)…" >&2
swift build -c release --product readiness >/dev/null
BIN=$PWD/.build/release/readiness
export READINESS_DATA="$PWD"

# The national ledger (the same files as bench-national's).
dir="$DATA/$EVENTS-$TODAY"
if [ ! -f "$dir/done" ]; then
    echo "generating $EVENTS events (to $TODAY) in $dir…" >&2
    rm -rf "$dir"; mkdir -p "$DATA"
    python3 scripts/generate_national.py --events "$EVENTS" --today "$TODAY" --out "$dir"
    touch "$dir/done"
fi

# The national database with every account, made once: registry, ledger, 3,355 accounts (two at a time:
# each `user add` hashes its one-time password with bcrypt, about a quarter of a second of one core).
base="$RUSH/$EVENTS-$TODAY"
if [ ! -f "$base/done" ]; then
    rm -rf "$base"; mkdir -p "$base"
    db="$base/readiness.sqlite"
    echo "making the national database in $base…" >&2
    $BIN communes load Inventory/communes/vietnam-2025.csv --db "$db" >/dev/null
    $BIN communes load "$dir/commune-attributes.csv" --db "$db" >/dev/null
    $BIN import "$dir"/events/*.csv --db "$db" --by bench >/dev/null
    $BIN import "$dir"/corrections/*.csv --db "$db" --by bench >/dev/null
    { sqlite3 -separator ' ' "$db" "SELECT DISTINCT 'province', 'tinh-' || province_code, province_code FROM commune ORDER BY 3"
      sqlite3 -separator ' ' "$db" "SELECT 'commune', 'xa-' || code, code FROM commune ORDER BY position"; } > "$base/wanted"
    echo "adding $(wc -l < "$base/wanted") accounts (one-time passwords, bcrypt)…" >&2
    t0=$(date +%s)
    # Each line: role,name,password,code, the password as `user add` printed it.
    add() {
        local out password
        out=$("$BIN" user add "$2" --role "$1" "--$([ "$1" = province ] && echo province || echo commune)" "$3" \
            --db "$4" --lang en 2>&1) || { echo "error: user add $2: $out" >&2; return 1; }
        password=$(echo "$out" | sed -n 's/.*one-time password: *\([^ ]*\).*/\1/p')
        [ -n "$password" ] || { echo "error: no one-time password for $2: $out" >&2; return 1; }
        echo "$1,$2,$password,$3"
    }
    export -f add; export BIN
    xargs -P 2 -L 1 bash -c 'add "$0" "$1" "$2" "'"$db"'"' < "$base/wanted" > "$base/accounts.csv"
    [ "$(wc -l < "$base/accounts.csv")" = "$(wc -l < "$base/wanted")" ] || { echo "error: not every account was added" >&2; exit 1; }
    echo "accounts added in $(( $(date +%s) - t0 )) s" >&2
    sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    touch "$base/done"
fi

WORK=$(mktemp -d)
SERVER=""
stop() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP"; cp -r "$WORK"/. "$KEEP"/; echo "kept in $KEEP" >&2; fi
    rm -rf "$WORK"
}
trap stop EXIT
DB="$WORK/state/readiness.sqlite"
mkdir -p "$WORK/state"
cp "$base/readiness.sqlite" "$DB"
# The officers of the run: all, or COMMUNES of them taken evenly along the registry; every province's staff.
if [ -n "$COMMUNES" ]; then
    total=$(grep -c '^commune,' "$base/accounts.csv")
    awk -F, -v n="$COMMUNES" -v total="$total" '$1 == "province" { print; next }
        { i++; if (int(i * n / total) != int((i - 1) * n / total)) print }' "$base/accounts.csv" > "$WORK/accounts.csv"
else
    cp "$base/accounts.csv" "$WORK/accounts.csv"
fi
if [ "${ONBOARDED:-0}" = 1 ]; then
    IFS=, read -r _ name password _ < "$WORK/accounts.csv"
    sqlite3 "$DB" "UPDATE account SET password_hash = (SELECT password_hash FROM account WHERE name = '$name'),
                   must_change_password = 0"
    awk -F, -v OFS=, -v p="$password" '{ $3 = p; print }' "$WORK/accounts.csv" > "$WORK/accounts.tmp"
    mv "$WORK/accounts.tmp" "$WORK/accounts.csv"
fi
officers=$(grep -c '^commune,' "$WORK/accounts.csv")
staff=$(grep -c '^province,' "$WORK/accounts.csv")

count() { sqlite3 "$DB" "$1"; }
events_before=$(count "SELECT COUNT(*) FROM event")
evidence_before=$(count "SELECT COUNT(*) FROM evidence")
reviews_before=$(count "SELECT COUNT(*) FROM review_event WHERE action = 'submit'")
size_before=$(du -b "$DB" | cut -f1)

# As deployed: the settings of dist/readiness.conf, but this database and a free port.
sed -e "s|^database = .*|database = $DB|" -e 's|^port = .*|port = 0|' dist/readiness.conf > "$WORK/readiness.conf"
grep -q "^database = $DB\$" "$WORK/readiness.conf" && grep -q '^port = 0$' "$WORK/readiness.conf" \
    || { echo "error: dist/readiness.conf has no database or port line to replace" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
cpu_machine() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $5 + $6 }' /proc/stat; }   # busy idle (ticks)
(cd "$WORK/state" && HOME="$WORK/state" exec "$BIN" serve --config "$WORK/readiness.conf") 2>"$WORK/server.log" &
SERVER=$!
url=""
for _ in $(seq 600); do
    url=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\)/ .*|\1|p' "$WORK/server.log" | head -1)
    [ -n "$url" ] && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { echo "error: the server did not say where it listens" >&2; exit 1; }
tick=$(getconf CLK_TCK)
server_cpu() { awk -v t="$tick" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$SERVER/stat"; }
cpu0=$(server_cpu); read -r busy0 idle0 <<<"$(cpu_machine)"
echo "rush: $officers officers and $staff staff$([ "${ONBOARDED:-0}" = 1 ] && echo ", own passwords set before" || echo ", first sign-ins") on $url, ledger $events_before events, database $((size_before / 1048576)) MB;" \
     "release build, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# The server's resident memory every 5 s (its peak is VmHWM at the end).
( while kill -0 "$SERVER" 2>/dev/null; do awk '/^VmRSS/ { print $2 }' "/proc/$SERVER/status" 2>/dev/null; sleep 5; done ) > "$WORK/rss" &
SAMPLER=$!
t0=$(date +%s)
status=0
python3 scripts/rush_client.py --base "$url" --accounts "$WORK/accounts.csv" --duration "$DURATION" \
    --concurrency "$CONCURRENCY" --give-up "${GIVE_UP:-$((3 * DURATION))}" --think "$THINK" --staff-pause "$STAFF_PAUSE" --photo-bytes $((PHOTO_KB * 1024)) \
    --out "$WORK/results.json" || status=$?
wall=$(( $(date +%s) - t0 ))
cpu1=$(server_cpu); read -r busy1 idle1 <<<"$(cpu_machine)"
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVER/status")
kill "$SAMPLER" 2>/dev/null || true
[ "$status" -eq 0 ] || echo "warning: the load client exited $status" >&2
server_errors=$(grep -c '"status":"5[0-9][0-9]"' "$WORK/server.log" || true)
notices=$(grep -c '"level":"\(notice\|warning\|error\|critical\)"' "$WORK/server.log" || true)

# SIGTERM as systemd stops it: requests finish, the database is checkpointed, exit 0.
kill -TERM "$SERVER"; stopped=0; wait "$SERVER" || stopped=$?; SERVER=""
events_after=$(count "SELECT COUNT(*) FROM event")
evidence_after=$(count "SELECT COUNT(*) FROM evidence")
reviews_after=$(count "SELECT COUNT(*) FROM review_event WHERE action = 'submit'")
size_after=$(du -b "$DB" | cut -f1)
wal=$(du -b "$DB-wal" 2>/dev/null | cut -f1 || echo 0)
read -r records photos submissions <<<"$(python3 -c 'import json,sys; c = json.load(open(sys.argv[1]))["confirmed"]
print(c["records"], c["photos"], c["submissions"])' "$WORK/results.json")"
lost=$(( events_before + records - events_after ))

echo
echo "== after the rush ($wall s of load)"
printf '%-26s %s\n' "events lost" "$lost   (ledger $events_before -> $events_after events; $records records confirmed by the server; target 0)"
printf '%-26s %s\n' "evidence stored" "$((evidence_after - evidence_before)) of $photos photos confirmed"
printf '%-26s %s\n' "submissions stored" "$((reviews_after - reviews_before)) of $submissions confirmed"
printf '%-26s %s\n' "server 5xx in its log" "$server_errors (notices and worse: $notices)"
printf '%-26s %s\n' "database" "$((size_before / 1048576)) MB -> $((size_after / 1048576)) MB (+$(( (size_after - size_before) / 1048576 )) MB; -wal after stop: ${wal:-0} bytes)"
printf '%-26s %s\n' "server CPU" "$(awk -v a="$cpu0" -v b="$cpu1" -v w="$wall" 'BEGIN { printf "%.0f s over %d s: %.2f cores on average", b - a, w, (b - a) / w }')"
printf '%-26s %s\n' "machine CPU" "$(awk -v b0="$busy0" -v b1="$busy1" -v i0="$idle0" -v i1="$idle1" -v n="$(nproc)" \
    'BEGIN { u = (b1 - b0) / ((b1 - b0) + (i1 - i0)); printf "%.0f %% busy of %d cores (server, client and anything else)", u * 100, n }')"
printf '%-26s %s\n' "server memory" "peak $((hwm / 1024)) MB (VmHWM); resident every 5 s: $(sort -n "$WORK/rss" | awk '{ a[NR] = $1 } END { printf "median %d MB, max %d MB", a[int((NR + 1) / 2)] / 1024, a[NR] / 1024 }')"
printf '%-26s %s\n' "server stop (SIGTERM)" "exit $stopped"
# The server's own time per route (its JSON log, from the handler's start): what is work and what is waiting
# before a request reaches a handler.
echo "server's time by route (its log):"
python3 - "$WORK/server.log" <<'PY'
import collections, json, sys
times = collections.defaultdict(list)
for line in open(sys.argv[1], errors="replace"):
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    if entry.get("message") == "request":
        times[f'{entry.get("method")} {entry.get("route")} {entry.get("status")}'].append(float(entry.get("duration_ms", "nan")))
for key, v in sorted(times.items()):
    v.sort()
    print(f"  {key:42} {len(v):6d}  p50 {v[len(v) // 2]:9.1f} ms  p99 {v[min(len(v) - 1, int(len(v) * 0.99))]:9.1f} ms")
PY

# The database after the rush: checked, backed up and restored, timed (as the restore drill of docs/operations.md).
timed() { local t0 t1; t0=$(date +%s%N); "$@" >"$WORK/out" 2>&1 || { echo "error: $*: $(tail -3 "$WORK/out")" >&2; return 1; }
          t1=$(date +%s%N); awk -v n=$(( (t1 - t0) / 1000000 )) 'BEGIN { printf "%.1f s", n / 1000 }'; }
check_t=$(timed "$BIN" check --db "$DB")
mkdir -p "$WORK/backups"
backup_t=$(timed "$BIN" backup --into "$WORK/backups" --db "$DB")
restore_t=$(timed "$BIN" restore "$(ls "$WORK"/backups/*.sqlite | head -1)" --db "$WORK/restored.sqlite")
printf '%-26s %s\n' "after: check/backup/restore" "check $check_t, backup $backup_t, restore $restore_t ($((size_after / 1048576)) MB)"
rm -rf "$WORK/backups" "$WORK/restored.sqlite"*
[ "$lost" -eq 0 ] && [ "$stopped" -eq 0 ] || exit 1
