#!/usr/bin/env bash
# Times `readiness plan` on the shipped Quảng Ngãi sample (96 communes, ~150 candidate lines as of 2025-09-15).
# Usage: scripts/bench-plan.sh [runs]   (after `swift build`; speed targets live here, never in tests)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
bin=.build/debug/readiness
[ -x "$bin" ] || { echo "build first: swift build" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/bench.sqlite"
"$bin" sample load --db "$db" >/dev/null
# Prices that share no large divisor force the selection onto dynamic programming over scores.
sed 's/,35000000,/,35000001,/; s/,6500000,/,6500003,/' Inventory/prices.csv > "$work/odd-prices.csv"

bench() {
  local label=$1; shift
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$bin" "$@" --db "$db" >/dev/null 2>&1; done
  end=$(date +%s%N)
  printf '%-58s %6d ms per run\n' "$label" $(( (end - start) / 1000000 / runs ))
}

bench "plan --budget 2e9 (table)"                         plan --as-of 2025-09-15 --budget 2e9
bench "plan --budget 2e9 --format json"                   plan --as-of 2025-09-15 --budget 2e9 --format json
bench "plan --budget 2e9, odd prices (DP over scores)"    plan --as-of 2025-09-15 --budget 2e9 --prices "$work/odd-prices.csv"
bench "plan --budgets 1e9..5e9/9 (nine plans)"            plan --as-of 2025-09-15 --budgets 1e9..5e9/9
bench "plan --phase ×2"                                   plan --as-of 2025-09-15 --phase 2025-Q4:1e9:2025-12-31 --phase 2026:2e9
bench "plan --budget 2e9 --format xlsx"                   plan --as-of 2025-09-15 --budget 2e9 --format xlsx --output "$work/plan.xlsx"
bench "gaps (for comparison: open + evaluate + print)"    gaps --as-of 2025-09-15
