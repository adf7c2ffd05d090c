#!/usr/bin/env bash
# Import speed, measured side by side in one run (issue 3):
#   1. `readiness import` of a flat CSV of 100,000 events over the national commune list,
#      against the sqlite3 command-line tool's `.import` of the same file into a plain table
#      (target: at most 2× that);
#   2. `readiness gaps` on the result (target: under 0.5 s).
# Also shown: SQLite's own INSERT … SELECT of the same rows into the ledger's schema (its
# indexes and foreign key), the floor under any import into it.
# Usage: scripts/bench-import.sh [EVENTS]   (make bench)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
swift build -c release --product readiness >/dev/null
BIN=.build/release/readiness
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 scripts/make_bench_events.py Inventory/communes/vietnam-2025.csv "$WORK/events.csv" "$N"
export READINESS_DATA="$PWD"
$BIN communes load Inventory/communes/vietnam-2025.csv --db "$WORK/bench.sqlite" >/dev/null
cp "$WORK/bench.sqlite" "$WORK/floor.sqlite"   # the ledger's own schema, communes loaded, no events

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }

sqlite_s=$(seconds sqlite3 "$WORK/plain.sqlite" ".mode csv" ".import $WORK/events.csv plain_events")
# What SQLite alone needs to put the same rows into the ledger's table (two indexes, a foreign
# key, checks), from the plain table, in one transaction: the floor under any import.
floor_s=$(seconds sqlite3 "$WORK/floor.sqlite" "ATTACH '$WORK/plain.sqlite' AS p; PRAGMA foreign_keys=ON; BEGIN;
  INSERT INTO event (commune_code, item, effective_on, working, broken, attributes, source, recorded_by, recorded_at, note)
  SELECT commune_code, item, date, working, broken, '{}', 'bench', 'bench', '2026-01-01T00:00:00Z', '' FROM p.plain_events;
  COMMIT;")
import_s=$(seconds $BIN import "$WORK/events.csv" --db "$WORK/bench.sqlite" --by bench)
gaps_s=$(seconds $BIN gaps --db "$WORK/bench.sqlite")
again_s=$(seconds $BIN import "$WORK/events.csv" --db "$WORK/bench.sqlite")
rows=$(sqlite3 "$WORK/plain.sqlite" "SELECT COUNT(*) FROM plain_events")
events=$(sqlite3 "$WORK/bench.sqlite" "SELECT COUNT(*) FROM event")
printf 'events in file            %s (sqlite3 table: %s rows, ledger: %s events)\n' "$N" "$rows" "$events"
printf 'sqlite3 .import           %.3f s\n' "$sqlite_s"
printf 'sqlite3 INSERT…SELECT     %.3f s   (same rows into the ledger schema: %.2f× .import)\n' "$floor_s" "$(echo "$floor_s / $sqlite_s" | bc -l)"
printf 'readiness import          %.3f s   (%.2f× sqlite3; target ≤ 2×)\n' "$import_s" "$(echo "$import_s / $sqlite_s" | bc -l)"
printf 'readiness gaps            %.3f s   (target < 0.5 s)\n' "$gaps_s"
printf 'import again (same hash)  %.3f s   (nothing added)\n' "$again_s"
