#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of the readers: CSV, ledger files (flat CSV, templates, .xlsx),
# the .xlsx reader and checklists. `make fuzz` runs it; FUZZ_SECONDS (default 45) per fuzzer.
# Builds Fuzz/ into .build-fuzz with -sanitize=fuzzer,address; seeds each corpus from the shipped
# files and a template written by `readiness template`; crashes go to .build-fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-45}"
scratch=.build-fuzz
# (SwiftPM kept its plan of this package, a path dependency, when files were added to it: plan afresh.)
rm -f "$scratch/debug.yaml" "$scratch/x86_64-unknown-linux-gnu/debug/description.json"
swift build --package-path Fuzz --scratch-path "$scratch" -c debug \
  -Xswiftc -sanitize=fuzzer,address >&2
bin="$(swift build --package-path Fuzz --scratch-path "$scratch" -c debug --show-bin-path \
  -Xswiftc -sanitize=fuzzer,address)"

# Seed corpora (rebuilt each run from what ships; what the fuzzers found is kept in found/).
seeds="$scratch/seeds"
rm -rf "$seeds" && mkdir -p "$seeds"/{csv,ledger,xlsx,checklist} "$scratch/found" "$scratch/crashes"
cp Inventory/communes/quang-ngai-2025.csv Inventory/quang-ngai/*.csv Inventory/prices.csv "$seeds/csv/"
head -c 60000 Inventory/communes/vietnam-2025.csv > "$seeds/csv/vietnam-head.csv"
cp "$seeds"/csv/* "$seeds/ledger/"
cp Checklists/*.yaml Inventory/plan-policy.yaml "$seeds/checklist/"
if [ -x .build/debug/readiness ]; then
  db="$scratch/seed.sqlite"; rm -f "$db"*
  .build/debug/readiness sample load --db "$db" >/dev/null
  .build/debug/readiness template --commune 23344 --as-of 2025-12-12 --db "$db" --out "$seeds/xlsx/template.xlsx" 2>/dev/null
  .build/debug/readiness template --commune 23344 --as-of 2025-12-12 --db "$db" --out "$seeds/ledger/template.csv" 2>/dev/null
  cp "$seeds/xlsx/template.xlsx" "$seeds/ledger/"
  .build/debug/readiness gaps --as-of 2025-12-12 --db "$db" --out "$seeds/xlsx/gaps.xlsx" 2>/dev/null
else
  echo "fuzz: .build/debug/readiness is not built: no template in the seeds (run make build first)" >&2
fi

status=0
summary=()
run() {
  local name="$1" corpus="$2"
  mkdir -p "$scratch/found/$name"
  local log="$scratch/$name.log"
  set +e
  # (No leak detection: ZIPFoundation 0.9.20 leaks the 57-byte path it gets from fileSystemRepresentation
  # on every Archive it opens, and FoundationXML a CFString for every XML error it reports; neither is ours.)
  ASAN_OPTIONS=detect_leaks=0 "$bin/$name" "$scratch/found/$name" "$seeds/$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072 -detect_leaks=0 \
    -max_len=200000 -artifact_prefix="$scratch/crashes/$name-" -print_final_stats=1 >"$log" 2>&1
  local rc=$?
  set -e
  local execs cov
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo '?')"
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')"
  if [ $rc -eq 0 ]; then
    summary+=("$name: ${seconds}s, $execs runs, coverage $cov, no crash")
  else
    status=1
    summary+=("$name: FAILED (exit $rc) after $execs runs — $(grep -m1 -E 'ERROR|Fatal error|SUMMARY' "$log" || true); see $log and $scratch/crashes/")
  fi
}
run FuzzCSV csv
run FuzzLedgerFile ledger
run FuzzXlsx xlsx
run FuzzChecklist checklist
printf '%s\n' "${summary[@]}"
exit $status
