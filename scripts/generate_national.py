#!/usr/bin/env python3
"""Writes a realistic national ledger for `readiness import`: every commune of the official list
(3,321 in 34 provinces), every item kind of Checklists/catalog.yaml with its attributes, from
2025-07-01 (the centres opened) to 2030-06-30 but never after --today.

Out folder (--out, default out/national):
  commune-attributes.csv         code,officials,counters,island for every commune
                                 (readiness communes load FILE sets them on the registry)
  events/PP-province-name.csv    one flat exchange CSV per province: a baseline row for every
                                 holding on 2025-07-01, then deliveries, breakdowns (broken units),
                                 repairs, disposals, transfers, upgrades (meets_hnth, bandwidth,
                                 one-stop link) and certificate renewals (expires_on, some allowed to
                                 lapse); each row the whole state of its holding from its date on
  corrections/PP-province-name.csv
                                 same-day re-records: for some events of events/, another row for
                                 the same holding and day with other values. A flat file refuses two
                                 different rows of one holding and day, and one import refuses two
                                 files that disagree, so these go in a second import, after events/:
                                 the later recorded wins.

Guarantees: the same arguments (seed and --today included) give the same bytes; exactly --events
rows in all (events/ and corrections/ together); at most one row per holding and day in a file;
every date from --start to min(--end, --today); every value in the form the import's fast path
reads (digits, ISO dates, true/false), notes only on the rows that carry one. Streams: memory does
not grow with --events (one holding at a time, one province file open at a time).

Usage:
  scripts/generate_national.py [--events N] [--seed S] [--out DIR] [--today YYYY-MM-DD]
                               [--province CODE ...] [--corrections SHARE]
  readiness communes load Inventory/communes/vietnam-2025.csv --db x.sqlite
  readiness communes load DIR/commune-attributes.csv --db x.sqlite
  readiness import DIR/events/*.csv --db x.sqlite
  readiness import DIR/corrections/*.csv --db x.sqlite
"""
import argparse
import csv
import datetime
import os
import random
import sys
import unicodedata

ITEMS = ["queue-machine", "number-display", "digitisation-set", "lookup-kiosk", "rating-device", "official-pc",
         "photocopier", "vcs-terminal", "data-network-link", "digital-signature", "security-device"]
# Attribute columns, in catalogue order, and the item each belongs to.
ATTRIBUTES = [("linked_to_one_stop", "queue-machine"), ("touch_screen", "lookup-kiosk"), ("meets_hnth", "vcs-terminal"),
              ("bandwidth_mbps", "data-network-link"), ("expires_on", "digital-signature")]
HEADER = (["commune_code", "item", "working", "broken", "date"] + [a for a, _ in ATTRIBUTES]
          + ["source", "recorded_by", "note"])
# How often a holding of each item changes, relative to the others (PCs and certificates most).
WEIGHT = {"queue-machine": 1.0, "number-display": 0.8, "digitisation-set": 1.0, "lookup-kiosk": 0.8, "rating-device": 0.6,
          "official-pc": 2.0, "photocopier": 1.0, "vcs-terminal": 1.0, "data-network-link": 0.8,
          "digital-signature": 1.5, "security-device": 0.5}
# Share of communes without the item at the baseline (the gaps the provinces report).
MISSING_AT_START = {"queue-machine": 0.45, "number-display": 0.35, "digitisation-set": 0.15, "lookup-kiosk": 0.5,
                    "rating-device": 0.4, "official-pc": 0.0, "photocopier": 0.1, "vcs-terminal": 0.2,
                    "data-network-link": 0.05, "digital-signature": 0.1, "security-device": 0.3}
BANDWIDTHS = [20, 50, 100, 200, 500]
MAX_EVENTS = 50_000_000


def fold(text):
    """ASCII slug of a Vietnamese name: "Thành phố Hà Nội" -> "thanh-pho-ha-noi"."""
    t = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in t).split())


def iso_day(text, name):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"error: {name} {text!r} is not a date: write YYYY-MM-DD")


def today_in_vietnam():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date()


def read_communes(path, provinces):
    with open(path, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    known = {r["province_code"] for r in rows}
    unknown = sorted(set(provinces) - known)
    if unknown:
        raise SystemExit(f"error: --province {', '.join(unknown)}: not in {path} (it has {', '.join(sorted(known))})")
    return [r for r in rows if not provinces or r["province_code"] in provinces]


def targets(item, attrs):
    """How many units a centre aims at: the checklist's needs, roughly."""
    return {"official-pc": attrs["officials"], "number-display": attrs["counters"], "rating-device": attrs["counters"],
            "digitisation-set": 2, "lookup-kiosk": 1, "photocopier": 2, "digital-signature": max(1, attrs["officials"] // 4),
            }.get(item, 1)


class Holding:
    """One commune's holding of one item as it evolves: counts and attributes."""

    def __init__(self, rng, item, attrs, start):
        self.item, self.target = item, targets(item, attrs)
        self.broken = 0
        if item == "official-pc":
            self.working = max(0, self.target - rng.randrange(0, 12))
        elif rng.random() < MISSING_AT_START[item]:
            self.working = 0
        else:
            self.working = max(1, self.target - rng.randrange(0, 2))
        self.attrs = {}
        if item == "queue-machine" and self.working:
            self.attrs["linked_to_one_stop"] = rng.random() < 0.6
        if item == "lookup-kiosk" and self.working:
            self.attrs["touch_screen"] = rng.random() < 0.7
        if item == "vcs-terminal" and self.working:
            self.attrs["meets_hnth"] = rng.random() < 0.75
        if item == "data-network-link" and self.working:
            self.attrs["bandwidth_mbps"] = rng.choice(BANDWIDTHS[:3])
        if item == "digital-signature" and self.working:
            # The earliest expiry among the certificates: some lapse within the first year.
            self.attrs["expires_on"] = start + datetime.timedelta(days=rng.randrange(20, 1000))

    def step(self, rng, day):
        """Moves to the next recorded state; returns its note."""
        choices = []
        if self.working < self.target + 1:
            choices += ["delivery"] * 3
        if self.working > 0:
            choices += ["breakdown"] * 2
        if self.broken > 0:
            choices += ["repair"] * 3 + ["dispose"]
        if self.item == "vcs-terminal" and self.working and not self.attrs.get("meets_hnth", False):
            choices += ["upgrade"] * 3
        if self.item == "data-network-link" and self.working and self.attrs.get("bandwidth_mbps", 0) < BANDWIDTHS[-1]:
            choices += ["upgrade"] * 2
        if self.item == "queue-machine" and self.working and not self.attrs.get("linked_to_one_stop", False):
            choices += ["upgrade"] * 2
        if self.item == "digital-signature" and self.working:
            expires = self.attrs.get("expires_on")
            if expires is None or expires <= day + datetime.timedelta(days=60):
                choices += ["renew"] * (2 if expires is not None and expires < day and rng.random() < 0.3 else 8)
        if not choices or rng.random() < 0.1:
            choices.append("transfer")
        kind = rng.choice(choices)
        if kind == "delivery":
            self.working += rng.randrange(1, 4) if self.item == "official-pc" else 1
            if self.item == "queue-machine":
                self.attrs.setdefault("linked_to_one_stop", rng.random() < 0.7)
            if self.item == "lookup-kiosk":
                self.attrs.setdefault("touch_screen", True)
            if self.item == "vcs-terminal":
                self.attrs.setdefault("meets_hnth", rng.random() < 0.85)
            if self.item == "data-network-link":
                self.attrs.setdefault("bandwidth_mbps", rng.choice(BANDWIDTHS[1:4]))
            if self.item == "digital-signature":
                self.attrs.setdefault("expires_on", day + datetime.timedelta(days=rng.choice([730, 1095])))
            return "bàn giao thiết bị mới" if rng.random() < 0.3 else ""
        if kind == "breakdown":
            self.working -= 1
            self.broken += 1
            return "hỏng, chờ sửa chữa"
        if kind == "repair":
            self.broken -= 1
            self.working += 1
            return "đã sửa chữa xong"
        if kind == "dispose":
            self.broken -= 1
            return "thanh lý thiết bị hỏng"
        if kind == "upgrade":
            if self.item == "vcs-terminal":
                self.attrs["meets_hnth"] = True
                return "nâng cấp đáp ứng HNTH"
            if self.item == "data-network-link":
                self.attrs["bandwidth_mbps"] = next(b for b in BANDWIDTHS if b > self.attrs.get("bandwidth_mbps", 0))
                return "nâng băng thông"
            self.attrs["linked_to_one_stop"] = True
            return "kết nối hệ thống một cửa"
        if kind == "renew":
            self.attrs["expires_on"] = day + datetime.timedelta(days=rng.choice([730, 1095]))
            return "gia hạn chứng thư số"
        # transfer: a unit moved to or from another office of the commune
        if self.working > 0 and rng.random() < 0.5:
            self.working -= 1
        else:
            self.working += 1
        return ""

    def row(self, code, day, note="", recorded_by=""):
        a = self.attrs
        def b(v):
            return "" if v is None else ("true" if v else "false")
        return [code, self.item, self.working, self.broken, day.isoformat(),
                b(a.get("linked_to_one_stop")), b(a.get("touch_screen")), b(a.get("meets_hnth")),
                a.get("bandwidth_mbps", ""), a["expires_on"].isoformat() if "expires_on" in a else "",
                "", recorded_by, note]


def correction_of(rng, row):
    """Another row for the same holding and day with other values: a count or an attribute put right."""
    fixed = list(row)
    item = row[1]
    if item == "vcs-terminal" and row[7] != "" and rng.random() < 0.5:
        fixed[7] = "false" if row[7] == "true" else "true"
    elif item == "digital-signature" and row[9] != "" and rng.random() < 0.5:
        fixed[9] = (datetime.date.fromisoformat(row[9]) + datetime.timedelta(days=rng.choice([-365, 365]))).isoformat()
    elif row[3] > 0 and rng.random() < 0.5:
        fixed[2], fixed[3] = row[2] + 1, row[3] - 1
    elif row[2] > 0 and rng.random() < 0.5:
        fixed[2] = row[2] - 1
    else:
        fixed[2] = row[2] + 1
    fixed[11] = "cán bộ đầu mối cấp xã"
    fixed[12] = "đính chính số liệu đã báo cáo"
    return fixed


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--events", type=int, default=2_000_000, help="rows in all, events and corrections (default 2,000,000)")
    p.add_argument("--seed", type=int, default=20250701)
    p.add_argument("--out", default="out/national")
    p.add_argument("--communes", default=os.path.join(os.path.dirname(__file__), "..", "Inventory", "communes", "vietnam-2025.csv"))
    p.add_argument("--province", action="append", default=[], help="only this province's communes (repeatable)")
    p.add_argument("--start", default="2025-07-01")
    p.add_argument("--end", default="2030-06-30")
    p.add_argument("--today", default=None, help="no date after this one (default: today in Vietnam, UTC+7)")
    p.add_argument("--corrections", type=float, default=0.005, help="share of rows that are same-day corrections (default 0.005)")
    args = p.parse_args()

    start, end = iso_day(args.start, "--start"), iso_day(args.end, "--end")
    today = iso_day(args.today, "--today") if args.today else today_in_vietnam()
    last = min(end, today)
    if last < start:
        raise SystemExit(f"error: no day to record: --start {start} is after min(--end {end}, --today {today})")
    if not 0 <= args.corrections <= 0.5:
        raise SystemExit(f"error: --corrections {args.corrections}: give a share from 0 to 0.5")
    if not 1 <= args.events <= MAX_EVENTS:
        raise SystemExit(f"error: --events {args.events}: give 1 to {MAX_EVENTS:,}")
    communes = read_communes(args.communes, set(args.province))
    holdings = len(communes) * len(ITEMS)
    days = (last - start).days + 1
    n_corrections = int(args.events * args.corrections)
    n_main = args.events - n_corrections
    if n_main < holdings:
        raise SystemExit(f"error: --events {args.events}: every holding needs its baseline row, "
                         f"so at least {holdings + n_corrections:,} for {len(communes):,} communes "
                         f"(or fewer communes with --province)")
    if n_main > holdings * days:
        raise SystemExit(f"error: --events {args.events}: at most one row per holding and day fits, "
                         f"{holdings * days:,} from {start} to {last}")

    rng = random.Random(args.seed)
    # Commune attributes first: the counts aim at them.
    attributes = {}
    for c in communes:
        attributes[c["code"]] = {"officials": rng.randrange(18, 46), "counters": rng.randrange(3, 9),
                                 "island": c["type"] == "đặc khu"}
    # Rows per holding: a baseline each, the rest in proportion to the item's weight and a commune's
    # own pace, none above one per day (the excess goes to the others, in order).
    pace = [rng.uniform(0.5, 1.5) for _ in communes]
    weights = [pace[i] * WEIGHT[item] for i in range(len(communes)) for item in ITEMS]
    extra = n_main - holdings
    total_weight = sum(weights)
    counts = [1 + int(extra * w / total_weight) for w in weights]
    left = n_main - sum(counts)
    while left:
        moved = 0
        for h in range(holdings):
            if left == 0:
                break
            if counts[h] < days:
                counts[h] += 1
                left -= 1
                moved += 1
        if moved == 0:
            raise SystemExit("error: the events do not fit in the days")  # (ruled out above)
    for h in range(holdings):
        if counts[h] > days:
            over, counts[h] = counts[h] - days, days
            for g in range(holdings):
                room = days - counts[g]
                if over == 0:
                    break
                if room > 0:
                    take = min(room, over)
                    counts[g] += take
                    over -= take

    os.makedirs(os.path.join(args.out, "events"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "corrections"), exist_ok=True)
    with open(os.path.join(args.out, "commune-attributes.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "officials", "counters", "island"])
        for c in communes:
            a = attributes[c["code"]]
            w.writerow([c["code"], a["officials"], a["counters"], "true" if a["island"] else "false"])

    # Corrections: exactly n_corrections of the main rows, chosen as the rows stream by (selection sampling).
    seen, chosen = 0, 0
    written = {"events": 0, "corrections": 0}
    provinces = []
    for c in communes:
        if not provinces or provinces[-1][0] != c["province_code"]:
            provinces.append((c["province_code"], c["province_name"], []))
        provinces[-1][2].append(c)
    h = 0
    for code, name, members in provinces:
        file_name = f"{code}-{fold(name)}.csv"
        with open(os.path.join(args.out, "events", file_name), "w", encoding="utf-8", newline="") as ev, \
             open(os.path.join(args.out, "corrections", file_name), "w", encoding="utf-8", newline="") as co:
            events_out, corrections_out = csv.writer(ev, lineterminator="\n"), csv.writer(co, lineterminator="\n")
            events_out.writerow(HEADER)
            corrections_out.writerow(HEADER)
            fixes = 0
            for c in members:
                attrs = attributes[c["code"]]
                for item in ITEMS:
                    k = counts[h]
                    h += 1
                    dates = [start] + [start + datetime.timedelta(days=d) for d in sorted(rng.sample(range(1, days), k - 1))]
                    holding = Holding(rng, item, attrs, start)
                    rows = []
                    for i, day in enumerate(dates):
                        note = holding.step(rng, day) if i else "kiểm kê ban đầu"
                        rows.append(holding.row(c["code"], day, note=note))
                    events_out.writerows(rows)
                    for row in rows:
                        if rng.random() * (n_main - seen) < n_corrections - chosen:
                            corrections_out.writerow(correction_of(rng, row))
                            chosen += 1
                            fixes += 1
                        seen += 1
            written["events"] += sum(counts[h - len(members) * len(ITEMS):h])
            written["corrections"] += fixes
        if fixes == 0:
            os.remove(os.path.join(args.out, "corrections", file_name))
    print(f"{args.out}: {len(communes):,} communes in {len(provinces)} provinces, {written['events']:,} events "
          f"from {start} to {last} in events/, {written['corrections']:,} same-day corrections in corrections/, "
          f"commune-attributes.csv", file=sys.stderr)


if __name__ == "__main__":
    main()
