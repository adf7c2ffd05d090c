#!/usr/bin/env bash
# National scale, measured side by side (release build): for each size of generated national ledger
# (scripts/generate_national.py: 3,321 communes, every item, 34 province files, then same-day
# corrections in a second import), the median of RUNS runs and the peak memory of
#   import     the 34 province files in one `readiness import`    peer: sqlite3 .import of the same rows
#   gaps       `readiness gaps --as-of`                           peer: the SQL query printed below, same counts
#   commune    `readiness commune CODE`
#   report     `readiness report --since`
#   progress   `readiness progress`
#   deadlines  `readiness deadlines`
#   plan       `readiness plan --budget 5e10`
# and gaps, commune and report again once the shipped registry changes (Inventory/communes/changes-2025-2026.csv)
# are applied,
# then a table per size (time, ratio to the peer, peak RSS, target) and how each time grows between sizes.
# The figures are measured, not judged: a target missed is shown as missed.
#
# Usage: make bench-national [SIZES="200000 2000000 10000000"] [RUNS=3]
#   SIZES   events per size (default 200000 2000000 10000000; the 10 M size takes over ten minutes)
#   RUNS    runs per figure (default 3; the median is shown, the peak RSS is the largest)
#   BENCH_DATA  where generated ledgers are kept between runs (default .build/bench-national)
#   BENCH_TODAY the last day of the generated ledgers and the reports' date (default today in Vietnam)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${SIZES:-200000 2000000 10000000}"
RUNS="${RUNS:-3}"
DATA="${BENCH_DATA:-.build/bench-national}"
TODAY="${BENCH_TODAY:-$(TZ=Asia/Ho_Chi_Minh date +%F)}"
for n in $SIZES; do
    [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 40000 ] && [ "$n" -le 50000000 ] \
        || { echo "error: SIZES: \"$n\" is not a number of events from 40000 to 50000000" >&2; exit 1; }
done
[[ "$RUNS" =~ ^[0-9]+$ ]] && [ "$RUNS" -ge 1 ] && [ "$RUNS" -le 50 ] || { echo "error: RUNS=$RUNS: give 1 to 50" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing: scripts/ensure-deps.sh time" >&2; exit 1; }

echo "building (release)…" >&2
swift build -c release --product readiness >/dev/null
BIN=$PWD/.build/release/readiness
export READINESS_DATA="$PWD"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
SINCE=$(date -d "$TODAY - 90 days" +%F)
CODE=21211   # Xã Tịnh Khê, Quảng Ngãi
mkdir -p "$DATA"

# The gap counts of the checklist, in plain SQL: the state of every holding on the day (its last event
# on or before it, the later recorded of two on one day), then each rule's shortfall by commune.
gaps_sql() {
cat <<SQL
WITH state AS (
  -- (SQLite: the other columns of a MAX() group come from the row holding the maximum.)
  SELECT commune_code, item, working, attributes, MAX(effective_on || printf('%012d', id))
  FROM event WHERE effective_on <= '$1' GROUP BY commune_code, item
),
rules(position, rule, item) AS (VALUES
  (1, 'data-network', 'data-network-link'), (2, 'vcs-terminal', 'vcs-terminal'), (3, 'queue-machine', 'queue-machine'),
  (4, 'number-display', 'number-display'), (5, 'digitisation-set', 'digitisation-set'), (6, 'lookup-kiosk', 'lookup-kiosk'),
  (7, 'official-pcs', 'official-pc'), (8, 'other-equipment', 'photocopier'), (9, 'security-device', 'security-device'),
  (10, 'digital-signature', 'digital-signature')),
judged AS (
  SELECT r.position, r.rule,
         CASE WHEN r.rule = 'vcs-terminal' AND json_extract(s.attributes, '$.meets_hnth') IS NOT 1 THEN 0
              WHEN r.rule = 'digital-signature' AND COALESCE(json_extract(s.attributes, '$.expires_on') >= '$1', 0) = 0 THEN 0
              ELSE COALESCE(s.working, 0) END AS qualifying,
         CASE WHEN r.rule = 'official-pcs' THEN MAX(1, json_extract(c.attributes, '$.officials')) ELSE 1 END AS needed
  FROM rules AS r CROSS JOIN commune AS c
  LEFT JOIN state AS s ON s.commune_code = c.code AND s.item = r.item
)
SELECT rule, SUM(qualifying < needed) FROM judged GROUP BY position ORDER BY position;
SQL
}

# run NAME COMMAND…: RUNS runs; records the median wall time (s), the largest peak RSS (KB) and the status.
declare -A TIME RSS STATUS
run() {
    local name=$1; shift
    local times=() peak=0 status=0
    for _ in $(seq "$RUNS"); do
        [ -n "${PREPARE:-}" ] && eval "$PREPARE"
        local t0 t1 rss
        t0=$(date +%s%N)
        /usr/bin/time -f %M -o "$WORK/rss" "$@" >"$WORK/out" 2>"$WORK/err" || status=$?
        t1=$(date +%s%N)
        times+=("$(( (t1 - t0) / 1000 ))")
        rss=$(tail -1 "$WORK/rss" | grep -Eo '^[0-9]+$' || echo 0)
        [ "$rss" -gt "$peak" ] && peak=$rss
    done
    TIME[$name]=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.4f", a[int((NR+1)/2)] / 1e6}')
    RSS[$name]=$peak
    STATUS[$name]=$status
    if [ "$status" -ne 0 ]; then echo "  $name: exit $status: $(head -c 300 "$WORK/err")" >&2; fi
}

fmt_time() { awk -v t="$1" 'BEGIN { if (t < 1) printf "%.0f ms", t * 1000; else printf "%.2f s", t }'; }
fmt_rss() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else printf "–" }'; }
# meets VALUE OP LIMIT → "yes" / "NO"
meets() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == "<" ? v < l : v <= l); print (ok ? "yes" : "NO") }'; }

declare -A GROWTH
echo "gaps, the SQL peer (as of DATE):"; gaps_sql DATE | sed 's/^/    /'
echo
for n in $SIZES; do
    dir="$DATA/$n-$TODAY"
    if [ ! -f "$dir/done" ]; then
        echo "generating $n events (to $TODAY) in $dir…" >&2
        rm -rf "$dir"
        python3 scripts/generate_national.py --events "$n" --today "$TODAY" --out "$dir"
        touch "$dir/done"
    fi
    rows=$(cat "$dir"/events/*.csv | wc -l); rows=$((rows - $(ls "$dir"/events/*.csv | wc -l)))
    fixes=$(cat "$dir"/corrections/*.csv | wc -l); fixes=$((fixes - $(ls "$dir"/corrections/*.csv | wc -l)))
    echo "== $n events: $rows rows in $(ls "$dir"/events/*.csv | wc -l) province files, then $fixes corrections; $RUNS runs each" >&2

    $BIN communes load Inventory/communes/vietnam-2025.csv --db "$WORK/registry.sqlite" >/dev/null
    $BIN communes load "$dir/commune-attributes.csv" --db "$WORK/registry.sqlite" >/dev/null
    # sqlite3 .import of the same rows, into a plain table of the same columns.
    import_script="$WORK/import.sql"
    { echo "CREATE TABLE plain ($(head -1 "$dir"/events/01-*.csv | sed 's/,/ TEXT, /g') TEXT);"
      for f in "$dir"/events/*.csv; do echo ".import --csv --skip 1 '$f' plain"; done; } > "$import_script"
    PREPARE='rm -f "$WORK/plain.sqlite"' run "sqlite3 .import" sqlite3 "$WORK/plain.sqlite" ".read $import_script"
    PREPARE='rm -f "$WORK"/bench.sqlite*; cp "$WORK/registry.sqlite" "$WORK/bench.sqlite"' \
        run import "$BIN" import "$dir"/events/*.csv --db "$WORK/bench.sqlite" --by bench
    events=$(sqlite3 "$WORK/bench.sqlite" "SELECT COUNT(*) FROM event")
    plain=$(sqlite3 "$WORK/plain.sqlite" "SELECT COUNT(*) FROM plain")
    [ "$events" = "$rows" ] && [ "$plain" = "$rows" ] || echo "  warning: $rows rows, $events events in the ledger, $plain in sqlite3's table" >&2
    $BIN import "$dir"/corrections/*.csv --db "$WORK/bench.sqlite" --by bench >/dev/null
    events=$(sqlite3 "$WORK/bench.sqlite" "SELECT COUNT(*) FROM event")
    dbsize=$(du -m "$WORK/bench.sqlite" | cut -f1)

    gaps_sql "$TODAY" > "$WORK/gaps.sql"
    run "gaps SQL" sqlite3 "$WORK/bench.sqlite" ".read $WORK/gaps.sql"
    cp "$WORK/out" "$WORK/gaps-sql.out"
    run gaps "$BIN" gaps --as-of "$TODAY" --format json --db "$WORK/bench.sqlite"
    agree=$(python3 - "$WORK/out" "$WORK/gaps-sql.out" <<'PY'
import json, sys
tool = {r["id"]: r["short"] for r in json.load(open(sys.argv[1]))["rules"]}
sql = dict(line.strip().split("|") for line in open(sys.argv[2]) if line.strip())
print("same counts" if all(int(sql.get(k, -1)) == v for k, v in tool.items()) and len(sql) == len(tool)
      else f"DIFFERENT counts: tool {tool}, SQL {sql}")
PY
)
    unset PREPARE
    run commune "$BIN" commune "$CODE" --as-of "$TODAY" --db "$WORK/bench.sqlite"
    run report "$BIN" report --as-of "$TODAY" --since "$SINCE" --db "$WORK/bench.sqlite"
    run progress "$BIN" progress --from "$SINCE" --to "$TODAY" --db "$WORK/bench.sqlite"
    run deadlines "$BIN" deadlines --as-of "$TODAY" --db "$WORK/bench.sqlite"
    run plan "$BIN" plan --as-of "$TODAY" --budget 5e10 --db "$WORK/bench.sqlite"
    # The same reports once the shipped registry changes since July 2025 are applied: every unit then has
    # versions by date, and each report counts the units as they stood on its dates.
    $BIN communes changes Inventory/communes/changes-2025-2026.csv --db "$WORK/bench.sqlite" >/dev/null
    run "gaps, changed registry" "$BIN" gaps --as-of "$TODAY" --format json --db "$WORK/bench.sqlite"
    run "commune, changed registry" "$BIN" commune 26368 --as-of "$TODAY" --db "$WORK/bench.sqlite"
    run "report, changed registry" "$BIN" report --as-of "$TODAY" --since "$SINCE" --db "$WORK/bench.sqlite"

    echo "== $n events ($rows in 34 files + $fixes corrections; ledger $events events, $dbsize MB), as of $TODAY, median of $RUNS; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    [ "$n" -ge 1500000 ] && [ "$n" -le 2500000 ] \
        || echo "(the targets are those of the national database, about 2,000,000 events: at this size, for comparison)"
    printf '%-10s %10s  %-22s %8s %9s   %-30s %s\n' command time peer ratio "peak RSS" target meets
    line() {  # name peer-name target-text verdict
        local s=""; [ "${STATUS[$1]}" -ne 0 ] && s="  (FAILED: exit ${STATUS[$1]})"
        local peer="" r=""
        if [ -n "$2" ]; then peer="$2 $(fmt_time "${TIME[$2]}")"; r=$(ratio "${TIME[$1]}" "${TIME[$2]}"); fi
        printf '%-10s %10s  %-22s %8s %9s   %-30s %s%s\n' "$1" "$(fmt_time "${TIME[$1]}")" "$peer" "$r" "$(fmt_rss "${RSS[$1]}")" "$3" "$4" "$s"
    }
    imp_ratio=$(awk -v a="${TIME[import]}" -v b="${TIME[sqlite3 .import]}" 'BEGIN { print a / b }')
    gaps_ratio=$(awk -v a="${TIME[gaps]}" -v b="${TIME[gaps SQL]}" 'BEGIN { print a / b }')
    both() { [ "$1" = yes ] && [ "$2" = yes ] && echo yes || echo NO; }
    line import "sqlite3 .import" "≤ 2× .import, < 300 MB" \
        "$(both "$(meets "$imp_ratio" "<=" 2)" "$(meets "${RSS[import]}" "<" $((300 * 1024)))")"
    line gaps "gaps SQL" "< 0.3 s, ≤ 1.5× SQL" "$(both "$(meets "${TIME[gaps]}" "<" 0.3)" "$(meets "$gaps_ratio" "<=" 1.5)") ($agree)"
    line commune "" "< 50 ms" "$(meets "${TIME[commune]}" "<" 0.05)"
    line report "" "< 1 s" "$(meets "${TIME[report]}" "<" 1)"
    line progress "" "< 1 s" "$(meets "${TIME[progress]}" "<" 1)"
    line deadlines "" "< 1 s" "$(meets "${TIME[deadlines]}" "<" 1)"
    line plan "" "< 1 s, never a crash" "$(both "$(meets "${TIME[plan]}" "<" 1)" "$([ "${STATUS[plan]}" -eq 0 ] && echo yes || echo NO)")"
    echo "with the shipped registry changes since July 2025 applied (25 changes: 22 communes reclassified, 3 provinces renamed):"
    line "gaps, changed registry" "" "< 0.3 s" "$(meets "${TIME[gaps, changed registry]}" "<" 0.3)"
    line "commune, changed registry" "" "< 50 ms" "$(meets "${TIME[commune, changed registry]}" "<" 0.05)"
    line "report, changed registry" "" "< 1 s" "$(meets "${TIME[report, changed registry]}" "<" 1)"
    echo
    for c in "sqlite3 .import" import "gaps SQL" gaps commune report progress deadlines plan; do
        GROWTH[$c]="${GROWTH[$c]:-} $n:${TIME[$c]}"
    done
    rm -f "$WORK"/bench.sqlite* "$WORK"/plain.sqlite "$WORK"/registry.sqlite*
done

set -- $SIZES
if [ $# -gt 1 ]; then
    echo "== how each time grows between sizes (the ledger grows by the ratio of the sizes)"
    for c in "sqlite3 .import" import "gaps SQL" gaps commune report progress deadlines plan; do
        printf '%-16s' "$c"
        prev=""; prevn=""
        for pair in ${GROWTH[$c]}; do
            n=${pair%%:*}; t=${pair#*:}
            printf '  %s: %8s' "$n" "$(fmt_time "$t")"
            [ -n "$prev" ] && printf ' (%s for %s× events)' "$(ratio "$t" "$prev")" "$(awk -v a="$n" -v b="$prevn" 'BEGIN { printf "%g", a / b }')"
            prev=$t; prevn=$n
        done
        echo
    done
fi
