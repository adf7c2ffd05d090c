#!/usr/bin/env bash
# Web speed, on the shipped Quảng Ngãi sample (release build):
#   1. the dashboard and the gap page under load: wrk, CONNECTIONS connections (default 50) for
#      DURATION seconds (default 10) each, signed in as province staff; p99 latency and errors
#      (targets: p99 < 100 ms, no errors);
#   2. recording one event through the commune page's form: RECORDS POSTs (default 30), one after
#      the other, each timed by curl; the median (target < 50 ms);
#   3. the audit trail's first page once AUDIT_EVENTS events (default 100,000) more are in the staff's
#      scope: the median of 20 requests (target < 100 ms).
# The server runs `readiness serve` on 127.0.0.1 on a free port over a temporary copy of the sample,
# and is stopped at the end whatever happens.
# Usage: scripts/bench-web.sh   (make bench-web; make bench runs it after the import bench)
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS="${CONNECTIONS:-50}"
SECONDS_EACH="${DURATION:-10}"
RECORDS="${RECORDS:-30}"
swift build -c release --product readiness >/dev/null
BIN=$PWD/.build/release/readiness
WORK=$(mktemp -d)
SERVER=""
stop() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap stop EXIT
export READINESS_DATA="$PWD"
DB="$WORK/web.sqlite"
$BIN sample load --db "$DB" >/dev/null
password=$($BIN user add bench-staff --role province --province 51 --db "$DB" --lang en | sed -n 's/.*one-time password: *\([^ ]*\).*/\1/p')
[ -n "$password" ] || { echo "error: no one-time password from readiness user add" >&2; exit 1; }

$BIN serve --db "$DB" --host 127.0.0.1 --port 0 --lang en 2>"$WORK/server.log" &
SERVER=$!
base=""
for _ in $(seq 600); do
    base=$(sed -n 's|.*serving \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$WORK/server.log")
    [ -n "$base" ] && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$base" ] || { echo "error: the server did not say where it listens" >&2; exit 1; }

jar="$WORK/cookies"
# The CSRF token of the form on a page.
token() { curl -s -b "$jar" -c "$jar" "$base$1" | sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' | head -1; }
# Sign in, and replace the one-time password as every new account must.
t=$(token /login)
curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "name=bench-staff" --data-urlencode "password=$password" \
    --data-urlencode "csrf_token=$t" "$base/login"
t=$(token /password)
own="a sentence only the bench knows"
curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "current=$password" --data-urlencode "password=$own" \
    --data-urlencode "confirmation=$own" --data-urlencode "csrf_token=$t" "$base/password"
cookie=$(awk '$6 == "readiness_session" { print $6 "=" $7 }' "$jar")
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base/")
[ "$status" = 200 ] || { echo "error: signing in failed (the dashboard answered $status)" >&2; exit 1; }

# One wrk run: "p99_ms errors requests_per_second".
load() {
    local out p99 non2xx socket rps
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -H "Cookie: $cookie" "$base$1")
    p99=$(echo "$out" | awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
                                              else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.1f", v }')
    non2xx=$(echo "$out" | awk '/Non-2xx or 3xx responses/ { print $NF }')
    socket=$(echo "$out" | awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }')
    rps=$(echo "$out" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
    echo "$p99 $(( ${non2xx:-0} + ${socket:-0} )) $rps"
}
verdict() { if [ "$1" = 1 ]; then echo "met"; else echo "MISSED"; fi; }

printf 'web bench: %s connections, %s s each, release build, sample of 96 communes (%s events)\n' "$CONNECTIONS" "$SECONDS_EACH" \
    "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM event' 2>/dev/null || echo '?')"
for page in / /gaps; do
    read -r p99 errors rps <<<"$(load "$page")"
    ok=$(echo "$p99 < 100 && $errors == 0" | bc -l)
    printf '%-8s p99 %6.1f ms, %s errors, %s requests/s   (target: p99 < 100 ms, no errors: %s)\n' "$page" "$p99" "$errors" "$rps" "$(verdict "$ok")"
done

# Recording through the form: the commune page's token, then RECORDS POSTs, each answered by a redirect.
code=23344
t=$(token "/communes/$code")
times=()
for i in $(seq "$RECORDS"); do
    result=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -b "$jar" -c "$jar" \
        --data-urlencode "csrf_token=$t" --data-urlencode "item=official-pc" --data-urlencode "working=$((10 + i % 5))" \
        --data-urlencode "broken=0" --data-urlencode "note=bench" "$base/communes/$code/record")
    [ "${result%% *}" = 303 ] || { echo "error: record $i answered ${result%% *}" >&2; exit 1; }
    times+=("${result#* }")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m * 1000 }')
ok=$(echo "$median < 50" | bc -l)
printf 'record   median %5.1f ms over %s POSTs of the form                    (target: < 50 ms: %s)\n' "$median" "$RECORDS" "$(verdict "$ok")"

# The province's ledger grown to AUDIT_EVENTS events for the audit trail's page (a flat CSV, one import, while
# the server runs: it reads the new data at the next request).
AUDIT_EVENTS="${AUDIT_EVENTS:-100000}"
python3 - "$DB" "$AUDIT_EVENTS" "$WORK/audit.csv" <<'PY'
import sqlite3, sys, datetime
db, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
codes = [r[0] for r in sqlite3.connect(db).execute("SELECT code FROM commune ORDER BY code")]
items = ["queue-machine", "number-display", "lookup-kiosk", "rating-device", "official-pc", "photocopier"]
start = datetime.date(2020, 1, 1)
with open(out, "w") as f:
    f.write("commune_code,item,working,broken,date,source,recorded_by,note\n")
    for i in range(n):
        day = start + datetime.timedelta(days=i // (len(codes) * len(items)))
        f.write(f"{codes[i % len(codes)]},{items[(i // len(codes)) % len(items)]},{i % 7},0,{day.isoformat()},bench,bench,\n")
PY
$BIN import "$WORK/audit.csv" --db "$DB" >/dev/null

# The audit trail's first page, with the province's whole ledger in the staff's scope.
atimes=()
for i in $(seq 20); do
    result=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Cookie: $cookie" "$base/audit")
    [ "${result%% *}" = 200 ] || { echo "error: the audit page answered ${result%% *}" >&2; exit 1; }
    atimes+=("${result#* }")
done
amedian=$(printf '%s\n' "${atimes[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m * 1000 }')
ok=$(echo "$amedian < 100" | bc -l)
printf 'audit    median %5.1f ms for the first page, %s events in scope        (target: < 100 ms: %s)\n' "$amedian" \
    "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM event' 2>/dev/null || echo '?')" "$(verdict "$ok")"
