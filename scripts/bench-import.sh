#!/usr/bin/env bash
# Import speed, measured side by side in one run:
#   1. `readiness import` of a flat CSV of 100,000 events over the national commune list,
#      against the sqlite3 command-line tool's `.import` of the same file into a plain table
#      (target: at most 2× that);
#   2. `readiness gaps` on the result (target: under 0.5 s).
# Also shown: SQLite's own INSERT … SELECT of the same rows into the ledger's table (its key,
# foreign key and checks), the floor under any import into it, and where the import's time goes.
# Each figure is the best of RUNS runs (default 5), each into a fresh copy of the database: the
# machines this runs on are shared, and a single run varies by ±30%.
# Usage: scripts/bench-import.sh [EVENTS] [RUNS]   (make bench)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
RUNS="${2:-5}"
swift build -c release --product readiness >/dev/null
BIN=.build/release/readiness
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 scripts/make_bench_events.py Inventory/communes/vietnam-2025.csv "$WORK/events.csv" "$N"
export READINESS_DATA="$PWD"
$BIN communes load Inventory/communes/vietnam-2025.csv --db "$WORK/empty.sqlite" >/dev/null   # registry, no events

fresh() { rm -f "$WORK/$1"*; cp "$WORK/$2" "$WORK/$1"; }
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
# best PREPARE COMMAND...: the shortest of RUNS runs of COMMAND, each after PREPARE.
best() {
    local prepare=$1; shift
    local b="" t
    for _ in $(seq "$RUNS"); do
        eval "$prepare"
        t=$(seconds "$@")
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
    done
    echo "$b"
}

sqlite_s=$(best 'rm -f "$WORK/plain.sqlite"' sqlite3 "$WORK/plain.sqlite" ".mode csv" ".import $WORK/events.csv plain_events")
floor_s=$(best 'fresh floor.sqlite empty.sqlite' sqlite3 "$WORK/floor.sqlite" "ATTACH '$WORK/plain.sqlite' AS p; PRAGMA foreign_keys=ON; BEGIN;
  INSERT INTO event (commune_code, item, effective_on, id, working, broken, attributes, source, recorded_by, recorded_at, note)
  SELECT commune_code, item, date, rowid, working, broken, '{}', '', 'bench', '', ''
  FROM p.plain_events ORDER BY commune_code, item, date;
  COMMIT;")
import_s=$(best 'fresh bench.sqlite empty.sqlite' $BIN import "$WORK/events.csv" --db "$WORK/bench.sqlite" --by bench)
gaps_s=$(best ':' $BIN gaps --db "$WORK/bench.sqlite")
again_s=$(best ':' $BIN import "$WORK/events.csv" --db "$WORK/bench.sqlite")
fresh phases.sqlite empty.sqlite
phases=$(READINESS_TIMINGS=1 $BIN import "$WORK/events.csv" --db "$WORK/phases.sqlite" 2>&1 >/dev/null | sed 's/^timing: /    /; s/ (at .*//')
rows=$(sqlite3 "$WORK/plain.sqlite" "SELECT COUNT(*) FROM plain_events")
events=$(sqlite3 "$WORK/bench.sqlite" "SELECT COUNT(*) FROM event")
printf 'events in file            %s (sqlite3 table: %s rows, ledger: %s events); best of %s runs\n' "$N" "$rows" "$events" "$RUNS"
printf 'sqlite3 .import           %.3f s\n' "$sqlite_s"
printf 'sqlite3 INSERT…SELECT     %.3f s   (same rows into the ledger table, sorted: %.2f× .import)\n' "$floor_s" "$(echo "$floor_s / $sqlite_s" | bc -l)"
printf 'readiness import          %.3f s   (%.2f× sqlite3; target ≤ 2×)\n' "$import_s" "$(echo "$import_s / $sqlite_s" | bc -l)"
printf 'readiness gaps            %.3f s   (target < 0.5 s)\n' "$gaps_s"
printf 'import again (same hash)  %.3f s   (nothing added)\n' "$again_s"
printf 'one more import, by phase (READINESS_TIMINGS=1):\n%s\n' "$phases"
