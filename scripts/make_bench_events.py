#!/usr/bin/env python3
"""Writes a flat ledger CSV of N events (default 100,000) over the national commune list,
for `make bench`: commune_code,item,working,broken,date then the attribute columns.
Deterministic (fixed seed); every (commune, item, date) appears once."""
import csv, random, sys, datetime

communes_file, out_file = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
with open(communes_file, encoding="utf-8") as f:
    codes = [row["code"] for row in csv.DictReader(f)]
items = ["queue-machine", "number-display", "digitisation-set", "lookup-kiosk", "rating-device", "official-pc",
         "photocopier", "vcs-terminal", "data-network-link", "digital-signature", "security-device"]
rng = random.Random(20251212)
start = datetime.date(2025, 7, 1)
holdings = [(c, i) for c in codes for i in items]
days = (n + len(holdings) - 1) // len(holdings)          # events per holding
with open(out_file, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["commune_code", "item", "working", "broken", "date", "meets_hnth", "bandwidth_mbps", "expires_on"])
    written = 0
    for k in range(days):
        for code, item in holdings:
            if written == n:
                break
            date = start + datetime.timedelta(days=k * 40 + rng.randrange(40))
            working = rng.randrange(0, 30 if item == "official-pc" else 3)
            w.writerow([code, item, working, rng.randrange(0, 2), date.isoformat(),
                        rng.choice(["true", "false"]) if item == "vcs-terminal" else "",
                        rng.choice([100, 200]) if item == "data-network-link" else "",
                        (date + datetime.timedelta(days=700)).isoformat() if item == "digital-signature" else ""])
            written += 1
