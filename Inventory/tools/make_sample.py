#!/usr/bin/env python3
"""Generate and verify the shipped sample inventory for Quảng Ngãi (96 communes).

Run from the repository root:

    python3 Inventory/tools/make_sample.py           # write both CSVs, then check them
    python3 Inventory/tools/make_sample.py --check   # only check the existing CSVs

Inputs (all inside the repository):
    Inventory/communes/quang-ngai-2025.csv            the 96 communes (code, name, type, ...)
    Checklists/quang-ngai-commune-centre-2025.yaml    the rules (scanned to confirm the table below)

Outputs:
    Inventory/quang-ngai/commune-attributes.csv       code,officials,counters,island
    Inventory/quang-ngai/ledger.csv                   one row per ledger event (full state of a holding)

The published figures (short counts per report line at 2025-08-25, 2025-09-15 and
2025-12-12, the 20 communes without a VCS terminal, the 69/27/0 classification)
are fixed below as TARGETS. Everything else -- which other communes lack what,
officials and counters, the dates of individual events, bandwidths, expiry
dates -- is chosen by this script, deterministically from SEED (SHA-256 based,
no use of Python's `random`, so the output is byte-for-byte reproducible).

The checker (function `check`) is independent of the generator: it re-reads the
CSV files and evaluates the rules with the semantics stated in Inventory/README.md.
"""

import argparse
import csv
import datetime as dt
import hashlib
import io
import os
import re
import sys
import unicodedata

SEED = "quang-ngai-sample-2025/v1"

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
COMMUNES_CSV = os.path.join(ROOT, "Inventory", "communes", "quang-ngai-2025.csv")
CHECKLIST_YAML = os.path.join(ROOT, "Checklists", "quang-ngai-commune-centre-2025.yaml")
CATALOG_YAML = os.path.join(ROOT, "Checklists", "catalog.yaml")
OUT_DIR = os.path.join(ROOT, "Inventory", "quang-ngai")
ATTR_CSV = os.path.join(OUT_DIR, "commune-attributes.csv")
LEDGER_CSV = os.path.join(OUT_DIR, "ledger.csv")

ATTR_HEADER = ["code", "officials", "counters", "island"]
LEDGER_HEADER = ["commune_code", "item", "working", "broken", "date", "meets_hnth",
                 "bandwidth_mbps", "expires_on", "source", "recorded_by", "note"]
RECORDED_BY = "Sở KH&CN Quảng Ngãi (dữ liệu mẫu)"

# Items in catalogue order (rating-device is in the catalogue but not in the
# checklist; the sample does not record it). Rows with the same date and
# commune are sorted in this order.
ITEMS = ["queue-machine", "number-display", "digitisation-set", "lookup-kiosk",
         "official-pc", "photocopier", "vcs-terminal", "data-network-link",
         "digital-signature", "security-device"]
# The only attribute each item may carry in the sample.
ITEM_ATTR = {"vcs-terminal": "meets_hnth", "data-network-link": "bandwidth_mbps",
             "digital-signature": "expires_on"}

D0 = "2025-07-01"            # centres open; baseline inventory
DA = "2025-08-25"            # progress report (percentages)
DB = "2025-09-15"            # Phụ lục 03, Báo cáo -BC/ĐUUBNDT (9/2025)
DC = "2025-12-12"            # Phụ lục 04, Báo cáo 354/BC-SKHCN
DATES = [DA, DB, DC]
INSPECTION = "2025-09-08"    # PCs found broken at this inspection
ISLAND = "21548"             # Đặc khu Lý Sơn

# The 20 units without a VCS terminal meeting HNTH requirements (published).
VCS_SHORT = ["21496", "21538", "21529", "21349", "21325", "23284", "23317", "23332",
             "23326", "23383", "23356", "23365", "23344", "23374", "23548", "23485",
             "23479", "23455", "23476", "23530"]
DAK_PLO = "23344"            # a later test records a VCS terminal here: keep it "has none"

# Checklist rules, in checklist order: id -> (item, requirement kind).
#   ("min", n)           qualifying working units >= n
#   ("per", "officials") qualifying working units >= commune's officials
# and conditions a unit must meet to count.
RULES = [
    ("data-network", "data-network-link", ("min", 1), {}),
    ("vcs-terminal", "vcs-terminal", ("min", 1), {"meets_hnth": "true"}),
    ("queue-machine", "queue-machine", ("min", 1), {}),
    ("number-display", "number-display", ("min", 1), {}),
    ("digitisation-set", "digitisation-set", ("min", 1), {}),
    ("lookup-kiosk", "lookup-kiosk", ("min", 1), {}),
    ("official-pcs", "official-pc", ("per", "officials"), {}),
    ("other-equipment", "photocopier", ("min", 1), {}),
    ("security-device", "security-device", ("min", 1), {}),
    ("digital-signature", "digital-signature", ("min", 1), {"expires_on": "valid"}),
]
DOMAINS = [
    ("connectivity", ["data-network", "vcs-terminal"]),
    ("service-centre", ["queue-machine", "number-display", "digitisation-set", "lookup-kiosk"]),
    ("workstations", ["official-pcs", "other-equipment"]),
    ("security", ["security-device", "digital-signature"]),
]
FULLY, PARTLY = 1.0, 0.5

# Short counts that must hold exactly. Published lines are marked in PUBLISHED;
# the others are the sample's own choice (see README).
TARGETS = {
    DA: {"data-network": 0, "vcs-terminal": 20, "queue-machine": 45, "number-display": 48,
         "digitisation-set": 4, "lookup-kiosk": 8, "official-pcs": 5, "other-equipment": 18,
         "security-device": 8, "digital-signature": 7},
    DB: {"data-network": 0, "vcs-terminal": 20, "queue-machine": 42, "number-display": 46,
         "digitisation-set": 3, "lookup-kiosk": 8, "official-pcs": 8, "other-equipment": 17,
         "security-device": 5, "digital-signature": 5},
    DC: {"data-network": 0, "vcs-terminal": 20, "queue-machine": 9, "number-display": 8,
         "digitisation-set": 0, "lookup-kiosk": 7, "official-pcs": 1, "other-equipment": 16,
         "security-device": 0, "digital-signature": 0},
}
PUBLISHED = {
    DA: {"digitisation-set", "lookup-kiosk", "official-pcs", "security-device", "digital-signature"},
    DB: {"data-network", "vcs-terminal", "queue-machine", "number-display", "digitisation-set",
         "lookup-kiosk", "official-pcs", "other-equipment"},
    DC: {"data-network", "vcs-terminal", "queue-machine", "number-display", "lookup-kiosk",
         "official-pcs", "other-equipment"},
}
CLASS_TARGET = {"fully met": 69, "partly met": 27, "not met": 0}
NON_VCS_SHORT_AT_C = 7


# --------------------------------------------------------------------------- helpers

def nfc(s):
    return unicodedata.normalize("NFC", s)


def h(*parts):
    """Deterministic 64-bit integer from the seed and the parts."""
    data = (SEED + "|" + "|".join(str(p) for p in parts)).encode("utf-8")
    return int.from_bytes(hashlib.sha256(data).digest()[:8], "big")


def rint(lo, hi, *parts):
    return lo + h(*parts) % (hi - lo + 1)


def pick(tag, pool, k):
    """k members of pool, chosen deterministically (order = choice order)."""
    pool = sorted(set(pool))
    assert len(pool) >= k, (tag, len(pool), k)
    return sorted(pool, key=lambda c: (h(tag, c), c))[:k]


def day(s):
    return dt.date.fromisoformat(s)


# Vietnamese National Day holiday 2025 (30/8 - 2/9): no events recorded.
HOLIDAYS = {dt.date(2025, 8, 30), dt.date(2025, 8, 31), dt.date(2025, 9, 1), dt.date(2025, 9, 2)}


def workday(start, end, *parts):
    """A Monday-Friday, non-holiday date in [start, end], chosen deterministically."""
    a, b = day(start), day(end)
    days = [a + dt.timedelta(n) for n in range((b - a).days + 1)]
    days = [d for d in days if d.weekday() < 5 and d not in HOLIDAYS]
    return days[h(*parts) % len(days)].isoformat()


def vn_date(iso):
    d = day(iso)
    return "%02d/%02d/%04d" % (d.day, d.month, d.year)


def read_communes():
    with open(COMMUNES_CSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 96, "expected 96 communes, got %d" % len(rows)
    for r in rows:
        assert re.fullmatch(r"\d{5}", r["code"]), r["code"]
    return [(r["code"], nfc(r["name"]), r["type"]) for r in rows]


def scan_checklist():
    """Rule ids, items and require conditions, read from the checklist YAML
    (a minimal line scanner, so the script needs no YAML library)."""
    rules, in_rules, in_require = [], False, False
    with open(CHECKLIST_YAML, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            if line == "rules:":
                in_rules = True
                continue
            if not in_rules:
                continue
            m = re.fullmatch(r"  - id: (\S+)", line)
            if m:
                rules.append({"id": m.group(1), "item": None, "require": {}, "per": None})
                in_require = False
                continue
            m = re.fullmatch(r"    (\w+):\s*(.*)", line)
            if m:
                key, val = m.group(1), m.group(2).strip().strip('"')
                in_require = key == "require"
                if key == "item":
                    rules[-1]["item"] = val
                elif key == "per":
                    rules[-1]["per"] = val
                continue
            m = re.fullmatch(r"      (\w+):\s*(.*)", line)
            if m and in_require:
                rules[-1]["require"][m.group(1)] = m.group(2).strip().strip('"')
    return rules


def scan_catalog_items():
    items = []
    with open(CATALOG_YAML, encoding="utf-8") as f:
        for line in f:
            m = re.fullmatch(r"  - id: (\S+)\s*", line)
            if m and m.group(1) not in ("service-centre", "workstations", "connectivity", "security"):
                items.append(m.group(1))
    return items


# --------------------------------------------------------------------------- generator

def choose_sets(codes, types):
    """Decide which communes are short on which line at each date."""
    V = list(VCS_SHORT)
    allc = list(codes)
    N = [c for c in codes if c not in V]
    N_xa = [c for c in N if types[c] != "phường"]

    # The 7 non-VCS communes still short at 2025-12-12, and what each lacks.
    S = pick("s7", N_xa, 7)
    s0, s1, s2, s3, s4, s5, s6 = S
    qd = pick("vcs-queue-display", V, 8)
    both, qonly, donly = qd[:4], qd[4:6], qd[6:8]

    C = {
        "queue-machine": both + qonly + [s0, s3, s5],
        "number-display": both + donly + [s0, s3],
        "lookup-kiosk": pick("kiosk-C", V, 5) + [s2, s4],
        "other-equipment": pick("other-C", V, 11) + [s1, s2, s3, s4, s5],
        "official-pcs": [s6],
        "digitisation-set": [], "security-device": [], "digital-signature": [],
    }

    B = {}
    B["queue-machine"] = C["queue-machine"] + pick("queue-B", set(allc) - set(C["queue-machine"]), 33)
    disp = list(C["number-display"]) + [c for c in B["queue-machine"] if c not in C["number-display"]]
    B["number-display"] = disp + pick("display-B", set(allc) - set(disp), 46 - len(disp))
    B["lookup-kiosk"] = C["lookup-kiosk"] + pick("kiosk-B", set(allc) - set(C["lookup-kiosk"]), 1)
    B["other-equipment"] = C["other-equipment"] + pick("other-B", set(allc) - set(C["other-equipment"]), 1)
    B["digitisation-set"] = pick("digit-B", allc, 3)
    pcs_a = pick("pcs-A", set(allc) - {s6}, 5)
    broken3 = [s6] + pick("pcs-broken", set(allc) - set(pcs_a) - {s6}, 2)
    B["official-pcs"] = pcs_a + broken3
    B["security-device"] = pick("security-B", set(allc) - {ISLAND}, 5)
    B["digital-signature"] = pick("digsig-B", allc, 5)

    A = {}
    A["queue-machine"] = B["queue-machine"] + pick("queue-A", set(allc) - set(B["queue-machine"]), 3)
    A["number-display"] = B["number-display"] + pick("display-A", set(allc) - set(B["number-display"]), 2)
    A["lookup-kiosk"] = list(B["lookup-kiosk"])
    A["other-equipment"] = B["other-equipment"] + pick("other-A", set(allc) - set(B["other-equipment"]), 1)
    A["digitisation-set"] = B["digitisation-set"] + pick("digit-A", set(allc) - set(B["digitisation-set"]), 1)
    A["official-pcs"] = pcs_a
    # Lý Sơn waits for its security device to be shipped to the island.
    A["security-device"] = B["security-device"] + [ISLAND] + pick(
        "security-A", set(allc) - set(B["security-device"]) - {ISLAND}, 2)
    expired2 = pick("digsig-expired", set(allc) - set(B["digital-signature"]), 2)
    A["digital-signature"] = B["digital-signature"] + expired2

    # Baseline (2025-07-01): a few more shortfalls, fixed before 2025-08-25.
    Z = {k: list(v) for k, v in A.items()}
    Z["queue-machine"] = A["queue-machine"] + pick("queue-0", set(allc) - set(A["queue-machine"]), 3)
    Z["security-device"] = A["security-device"] + pick("security-0", set(allc) - set(A["security-device"]), 2)
    # The 2 expired certificates were still valid on 2025-07-01; 3 communes
    # received their first certificate in July (needs listed by 15/7/2025).
    Z["digital-signature"] = B["digital-signature"] + pick(
        "digsig-0", set(allc) - set(A["digital-signature"]), 3)

    return {"Z": Z, "A": A, "B": B, "C": C, "S7": S, "broken3": broken3,
            "expired2": expired2}


class Ledger:
    def __init__(self):
        self.rows = []

    def add(self, code, item, working, broken, date, attrs=None, source="", note=""):
        attrs = attrs or {}
        for k in attrs:
            assert ITEM_ATTR.get(item) == k, (item, k)
        self.rows.append({
            "commune_code": code, "item": item, "working": str(working), "broken": str(broken),
            "date": date,
            "meets_hnth": attrs.get("meets_hnth", ""),
            "bandwidth_mbps": attrs.get("bandwidth_mbps", ""),
            "expires_on": attrs.get("expires_on", ""),
            "source": nfc(source), "recorded_by": RECORDED_BY, "note": nfc(note),
        })


RULE_OF_ITEM = {item: rid for rid, item, _, _ in RULES}


def generate():
    communes = read_communes()
    codes = [c for c, _, _ in communes]
    types = {c: t for c, _, t in communes}
    order = {c: i for i, c in enumerate(codes)}

    # Commune attributes.
    officials, counters = {}, {}
    for c, _, t in communes:
        if t == "phường":
            officials[c] = rint(30, 45, "officials", c)
        elif t == "đặc khu":
            officials[c] = rint(24, 30, "officials", c)
        else:
            officials[c] = rint(18, 36, "officials", c)
        base = 3 + (officials[c] - 18) * 4 // 27
        counters[c] = max(3, min(8, base + rint(0, 1, "counters", c)))
    attr_rows = [[c, str(officials[c]), str(counters[c]), "true" if c == ISLAND else "false"]
                 for c in codes]

    sets = choose_sets(codes, types)
    Z, A, B, C = sets["Z"], sets["A"], sets["B"], sets["C"]
    broken3, expired2 = sets["broken3"], sets["expired2"]
    led = Ledger()
    base_src = "mẫu: kiểm kê ban đầu 01/07/2025"

    def src_handover(d):
        return "mẫu: biên bản bàn giao " + vn_date(d)

    def src_report(d):
        return "mẫu: báo cáo của UBND cấp xã " + vn_date(d)

    # Windows for improvements.
    W_PRE = ("2025-07-02", "2025-08-22")   # before the 25/8 report
    W_AB = ("2025-08-26", "2025-09-12")    # between 25/8 and 15/9
    W_BC = ("2025-10-01", "2025-11-28")    # October - November

    def when_fixed(rule, c):
        """Date on which commune c stops being short on rule, or None."""
        if c in Z[rule] and c not in A[rule]:
            if rule == "digital-signature":      # needs listed by 15/7/2025
                return workday("2025-07-16", W_PRE[1], "fix", rule, c)
            return workday(*W_PRE, "fix", rule, c)
        if c in A[rule] and c not in B[rule]:
            if rule == "digital-signature":      # renewals in September
                return workday("2025-09-03", W_AB[1], "fix", rule, c)
            return workday(*W_AB, "fix", rule, c)
        if c in B[rule] and c not in C[rule]:
            return workday(*W_BC, "fix", rule, c)
        return None

    # Simple items: counts of a met holding.
    def met_count(item, c):
        if item == "queue-machine":
            return 2 if counters[c] >= 7 else 1
        if item == "number-display":
            return rint(1, 2, "display", c)
        if item == "digitisation-set":
            return rint(1, 3, "digit", c)
        if item == "lookup-kiosk":
            return 1
        if item == "photocopier":
            return rint(1, 2, "copier", c)
        if item == "security-device":
            return 1
        raise KeyError(item)

    none_note = "chưa được trang bị"
    broken_note = {
        "queue-machine": "máy lấy số hỏng, chờ sửa",
        "number-display": "hỏng màn hình, chờ sửa",
        "digitisation-set": "máy scan hỏng, chờ sửa",
        "lookup-kiosk": "hỏng màn hình cảm ứng, chờ sửa",
        "photocopier": "máy phôtô hỏng, chờ sửa",
        "security-device": "thiết bị lỗi, chờ Ban Cơ yếu thay thế",
    }
    simple = ["queue-machine", "number-display", "digitisation-set", "lookup-kiosk",
              "photocopier", "security-device"]

    for c in codes:
        for item in simple:
            rule = RULE_OF_ITEM[item]
            n = met_count(item, c)
            if c in Z[rule]:
                is_broken = h("broken?", item, c) % 10 < 3
                if is_broken:
                    led.add(c, item, 0, 1, D0, source=base_src, note=broken_note[item])
                else:
                    led.add(c, item, 0, 0, D0, source=base_src, note=none_note)
                d = when_fixed(rule, c)
                if d:
                    if is_broken:
                        led.add(c, item, 1, 0, d, source=src_report(d), note="sửa chữa xong, đưa vào sử dụng")
                    elif item == "security-device" and c == ISLAND:
                        led.add(c, item, n, 0, d, source=src_handover(d),
                                note="Ban Cơ yếu bàn giao thiết bị bảo mật (vận chuyển ra đảo)")
                    elif item == "security-device":
                        led.add(c, item, n, 0, d, source=src_handover(d),
                                note="Ban Cơ yếu bàn giao thiết bị bảo mật")
                    else:
                        led.add(c, item, n, 0, d, source=src_handover(d), note="bàn giao thiết bị mới")
            else:
                led.add(c, item, n, 0, D0, source=base_src)

    # Benign events that do not change any short count: a second display or
    # photocopier breaks and is repaired.
    disp_pool = [c for c in codes if c not in Z["number-display"] and met_count("number-display", c) == 2]
    for c in pick("display-benign", disp_pool, 3):
        d1 = workday("2025-10-01", "2025-10-24", "benign-d1", c)
        d2 = workday("2025-10-27", "2025-11-28", "benign-d2", c)
        led.add(c, "number-display", 1, 1, d1, source=src_report(d1), note="hỏng 1 màn hình, chờ sửa")
        led.add(c, "number-display", 2, 0, d2, source=src_report(d2), note="sửa xong màn hình")
    copier_pool = [c for c in codes if c not in Z["other-equipment"] and met_count("photocopier", c) == 2]
    for c in pick("copier-benign", copier_pool, 2):
        d1 = workday("2025-07-14", "2025-08-08", "benign-c1", c)
        d2 = workday("2025-08-11", "2025-08-22", "benign-c2", c)
        led.add(c, "photocopier", 1, 1, d1, source=src_report(d1), note="hỏng 1 máy phôtô, chờ sửa")
        led.add(c, "photocopier", 2, 0, d2, source=src_report(d2), note="sửa chữa xong, đưa vào sử dụng")

    # Official PCs.
    for c in codes:
        need = officials[c]
        spare = rint(0, 2, "pc-spare", c)
        if c in A["official-pcs"]:
            lack = rint(1, 5, "pc-lack", c)
            brk = rint(0, 2, "pc-broken-base", c)
            led.add(c, "official-pc", need - lack, brk, D0, source=base_src,
                    note="thiếu %d máy so với số công chức" % lack)
            d = when_fixed("official-pcs", c)
            note = "bổ sung %d máy tính" % (lack + 1) + (", thanh lý máy hỏng" if brk else "")
            led.add(c, "official-pc", need + 1, 0, d, source=src_handover(d), note=note)
        else:
            led.add(c, "official-pc", need + spare, 0, D0, source=base_src)
            if c in broken3:
                lack = rint(1, 3, "pc-lack-0908", c)
                led.add(c, "official-pc", need - lack, spare + lack, INSPECTION,
                        source="mẫu: biên bản kiểm tra " + vn_date(INSPECTION),
                        note="kiểm tra 08/09/2025: %d máy hỏng, chờ thay thế" % (spare + lack))
                if c not in C["official-pcs"]:
                    d = when_fixed("official-pcs", c)
                    led.add(c, "official-pc", need + spare, 0, d, source=src_handover(d),
                            note="thay thế %d máy hỏng bằng máy mới" % (spare + lack))

    # VCS terminals: 4 of the 20 hold an old terminal that does not meet HNTH.
    old_vcs = pick("vcs-old", set(VCS_SHORT) - {DAK_PLO}, 4)
    for c in codes:
        if c in old_vcs:
            led.add(c, "vcs-terminal", 1, 0, D0, {"meets_hnth": "false"}, base_src,
                    "thiết bị cũ, chưa đáp ứng yêu cầu HNTH")
        elif c in VCS_SHORT:
            led.add(c, "vcs-terminal", 0, 0, D0, source=base_src, note=none_note)
        else:
            led.add(c, "vcs-terminal", 1, 0, D0, {"meets_hnth": "true"}, base_src)

    # Data-network links: all 96 connected; most at 200 Mbps, a few raised later.
    slow = [c for c in codes if h("bw", c) % 5 == 0]
    raised = pick("bw-raise", slow, 4)
    for c in codes:
        bw = "100" if c in slow else "200"
        led.add(c, "data-network-link", 1, 0, D0, {"bandwidth_mbps": bw}, base_src)
        if c in raised:
            d = workday("2025-10-01", "2025-11-28", "bw-raise-date", c)
            led.add(c, "data-network-link", 1, 0, d, {"bandwidth_mbps": "200"},
                    "mẫu: thông báo của nhà mạng " + vn_date(d), "nâng băng thông lên 200 Mbps")

    # Digital signatures.
    def expiry(c, tag):
        d = day("2027-01-01") + dt.timedelta(h("expiry", tag, c) % 730)
        return d.isoformat()

    rule = "digital-signature"
    for c in codes:
        n = rint(1, 3, "certs", c)
        if c in expired2:
            old = ["2025-08-01", "2025-08-15"][expired2.index(c)]
            led.add(c, rule, 1, 0, D0, {"expires_on": old}, base_src,
                    "chứng thư số của xã cũ, hết hạn " + vn_date(old))
            d = when_fixed(rule, c)
            led.add(c, rule, 1, 0, d, {"expires_on": "2028-" + d[5:]}, src_handover(d),
                    "gia hạn chứng thư số")
        elif c in Z[rule]:
            led.add(c, rule, 0, 0, D0, source=base_src, note="chưa được cấp chứng thư số")
            d = when_fixed(rule, c)
            led.add(c, rule, n, 0, d, {"expires_on": expiry(c, "new")}, src_handover(d),
                    "Ban Cơ yếu cấp chứng thư số")
        else:
            led.add(c, rule, n, 0, D0, {"expires_on": expiry(c, "base")}, base_src)

    item_order = {it: i for i, it in enumerate(ITEMS)}
    rows = led.rows
    for r in rows:
        assert r["date"] <= DC, r
    keys = [(r["date"], r["commune_code"], r["item"]) for r in rows]
    assert len(keys) == len(set(keys)), "two rows for one holding on one date"
    rows.sort(key=lambda r: (r["date"], order[r["commune_code"]], item_order[r["item"]]))
    return attr_rows, rows, sets, officials


def to_csv(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow([r[k] for k in header] if isinstance(r, dict) else r)
    return buf.getvalue()


def write_outputs():
    attr_rows, rows, _, _ = generate()
    attr_text = to_csv(ATTR_HEADER, attr_rows)
    ledger_text = to_csv(LEDGER_HEADER, rows)
    # Determinism: a second run in the same process gives the same bytes.
    a2, r2, _, _ = generate()
    assert to_csv(ATTR_HEADER, a2) == attr_text and to_csv(LEDGER_HEADER, r2) == ledger_text
    os.makedirs(OUT_DIR, exist_ok=True)
    for path, text in ((ATTR_CSV, attr_text), (LEDGER_CSV, ledger_text)):
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    print("wrote %s (%d rows)" % (os.path.relpath(ATTR_CSV, ROOT), len(attr_rows)))
    print("wrote %s (%d rows)" % (os.path.relpath(LEDGER_CSV, ROOT), len(rows)))


# --------------------------------------------------------------------------- checker
# Independent of the generator: it only uses the CSV files, the commune list,
# the checklist and the constants at the top (dates, rules, targets).

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_csv_file(path, header):
    with open(path, "rb") as f:
        raw = f.read()
    assert not raw.startswith(b"\xef\xbb\xbf"), path + ": has a BOM"
    text = raw.decode("utf-8")
    assert text == nfc(text), path + ": not NFC"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows and rows[0] == header, "%s: header is %r" % (path, rows[0] if rows else None)
    for r in rows[1:]:
        assert len(r) == len(header), (path, r)
    return [dict(zip(header, r)) for r in rows[1:]]


def state(ledger, code, item, date):
    """The row with the latest date <= date (same date: later row wins), or None."""
    best = None
    for r in ledger.get((code, item), []):
        if r["date"] <= date and (best is None or r["date"] >= best["date"]):
            best = r
    return best


def condition_holds(row, attr, cond, date):
    val = row[attr]
    if val == "":
        return False
    if cond == "valid":
        return val >= date
    if cond in ("true", "false"):
        return val == cond
    m = re.fullmatch(r">=\s*(\d+)", cond)
    if m:
        return int(val) >= int(m.group(1))
    raise ValueError(cond)


def rule_met(ledger, code, rule, date, officials):
    rid, item, (kind, n), require = rule
    row = state(ledger, code, item, date)
    if row is None:
        qualifying = 0
    else:
        qualifying = int(row["working"])
        if not all(condition_holds(row, a, cnd, date) for a, cnd in require.items()):
            qualifying = 0
    required = officials[code] if kind == "per" else n
    return qualifying >= required


def classify(index):
    if index >= FULLY:
        return "fully met"
    if index >= PARTLY:
        return "partly met"
    return "not met"


def check():
    communes = read_communes()
    codes = [c for c, _, _ in communes]
    names = {c: n for c, n, _ in communes}
    order = {c: i for i, c in enumerate(codes)}

    # The rule table matches the checklist.
    scanned = scan_checklist()
    assert [r["id"] for r in scanned] == [r[0] for r in RULES], "rule ids/order differ from checklist"
    for s, (rid, item, (kind, n), require) in zip(scanned, RULES):
        assert s["item"] == item, (rid, s["item"])
        assert s["require"] == require, (rid, s["require"])
        assert (s["per"] == "officials") == (kind == "per"), rid
    catalog = scan_catalog_items()
    assert set(ITEMS) <= set(catalog), set(ITEMS) - set(catalog)
    assert set(VCS_SHORT) <= set(codes) and len(set(VCS_SHORT)) == 20

    # commune-attributes.csv
    attrs = read_csv_file(ATTR_CSV, ATTR_HEADER)
    assert [a["code"] for a in attrs] == codes, "attribute codes differ from the commune list"
    officials = {}
    for a in attrs:
        assert re.fullmatch(r"\d{5}", a["code"])
        o, k = int(a["officials"]), int(a["counters"])
        assert 18 <= o <= 45 and 3 <= k <= 8, a
        assert a["island"] == ("true" if a["code"] == ISLAND else "false"), a
        officials[a["code"]] = o

    # ledger.csv
    rows = read_csv_file(LEDGER_CSV, LEDGER_HEADER)
    item_order = {it: i for i, it in enumerate(ITEMS)}
    ledger = {}
    for r in rows:
        assert r["commune_code"] in order, r
        assert r["item"] in catalog, r
        assert DATE_RE.fullmatch(r["date"]) and day(r["date"]), r
        assert D0 <= r["date"] <= DC, "row outside 2025-07-01..2025-12-12: %r" % r
        assert r["working"].isdigit() and r["broken"].isdigit(), r
        for attr in ("meets_hnth", "bandwidth_mbps", "expires_on"):
            if r[attr] != "":
                assert ITEM_ATTR.get(r["item"]) == attr, "attribute %s on %s" % (attr, r["item"])
        if r["meets_hnth"]:
            assert r["meets_hnth"] in ("true", "false"), r
        if r["bandwidth_mbps"]:
            assert r["bandwidth_mbps"].isdigit(), r
        if r["expires_on"]:
            assert DATE_RE.fullmatch(r["expires_on"]) and day(r["expires_on"]), r
        assert r["source"].startswith("mẫu: ") and r["recorded_by"] == RECORDED_BY, r
        ledger.setdefault((r["commune_code"], r["item"]), []).append(r)
    sort_keys = [(r["date"], order[r["commune_code"]], item_order.get(r["item"], 99)) for r in rows]
    assert sort_keys == sorted(sort_keys), "rows not sorted by date, commune, item"
    for c in codes:
        for item in ITEMS:
            assert any(r["date"] == D0 for r in ledger.get((c, item), [])), \
                "no 2025-07-01 baseline for %s %s" % (c, item)
    # Every state change carries a note.
    for key, rs in ledger.items():
        prev = None
        for r in rs:
            fields = (r["working"], r["broken"], r["meets_hnth"], r["bandwidth_mbps"], r["expires_on"])
            if prev is not None and fields != prev:
                assert r["note"], "change without a note: %r" % r
            prev = fields

    # Short sets per rule and date.
    short = {d: {rule[0]: [c for c in codes if not rule_met(ledger, c, rule, d, officials)]
                 for rule in RULES} for d in [D0] + DATES}
    failures = []
    for d in DATES:
        for rid, want in TARGETS[d].items():
            got = len(short[d][rid])
            if got != want:
                failures.append("%s %s: %d short, want %d" % (d, rid, got, want))
        if sorted(short[d]["vcs-terminal"]) != sorted(VCS_SHORT):
            failures.append("%s: the VCS set is not the published 20" % d)

    # Index and classification at each date.
    rule_by_id = {r[0]: r for r in RULES}
    index = {}
    for d in DATES:
        index[d] = {}
        for c in codes:
            shares = []
            for _, rids in DOMAINS:
                met = [c not in short[d][rid] for rid in rids]
                shares.append(sum(met) / len(met))
            index[d][c] = sum(shares) / len(shares)
    classes = {}
    for c in codes:
        classes.setdefault(classify(index[DC][c]), []).append(c)
    got_classes = {k: len(classes.get(k, [])) for k in CLASS_TARGET}
    if got_classes != CLASS_TARGET:
        failures.append("classification at %s: %r, want %r" % (DC, got_classes, CLASS_TARGET))
    short_any_c = {c for rid in rule_by_id for c in short[DC][rid]}
    non_vcs_c = [c for c in codes if c in short_any_c and c not in VCS_SHORT]
    if len(non_vcs_c) != NON_VCS_SHORT_AT_C or not set(VCS_SHORT) <= short_any_c:
        failures.append("short at %s: want the 20 VCS communes + %d others, got %d others"
                        % (DC, NON_VCS_SHORT_AT_C, len(non_vcs_c)))

    # Changes between dates follow from events: improvements only come from the
    # earlier short set; the only line that gets worse is official PCs, by broken units.
    for (d1, d2) in ((D0, DA), (DA, DB), (DB, DC)):
        for rid in rule_by_id:
            worse = set(short[d2][rid]) - set(short[d1][rid])
            if rid == "official-pcs" and (d1, d2) == (DA, DB):
                continue
            if rid == "digital-signature":
                # a certificate may lapse without an event: same row, expiry passed
                worse = {c for c in worse
                         if state(ledger, c, "digital-signature", d1) is not state(ledger, c, "digital-signature", d2)
                         or not d1 <= state(ledger, c, "digital-signature", d2)["expires_on"] < d2}
            if worse:
                failures.append("%s became short between %s and %s: %s" % (rid, d1, d2, sorted(worse)))
    pcs_worse = sorted(set(short[DB]["official-pcs"]) - set(short[DA]["official-pcs"]), key=order.get)
    if len(pcs_worse) != 3:
        failures.append("official-pcs: %d communes newly short by 09-15, want 3" % len(pcs_worse))
    for c in pcs_worse:
        a, b = state(ledger, c, "official-pc", DA), state(ledger, c, "official-pc", DB)
        if not (DA < b["date"] <= DB and int(b["broken"]) > int(a["broken"])
                and int(b["working"]) < officials[c] <= int(a["working"])):
            failures.append("official-pcs %s: not explained by broken units" % c)
    if not set(short[DC]["official-pcs"]) <= set(pcs_worse):
        failures.append("official-pcs: the one short at 12-12 is not one of the three")

    # Holdings the brief fixes.
    old_vcs = [c for c in VCS_SHORT if (state(ledger, c, "vcs-terminal", DC) or {}).get("working", "0") != "0"]
    if len(old_vcs) != 4 or any(state(ledger, c, "vcs-terminal", DC)["meets_hnth"] != "false" for c in old_vcs):
        failures.append("want 4 VCS communes with a meets_hnth=false terminal, got %d" % len(old_vcs))
    if state(ledger, DAK_PLO, "vcs-terminal", DC)["working"] != "0":
        failures.append("Xã Đăk Plô should hold no VCS terminal")
    for c in codes:
        for d in [D0] + DATES:
            link = state(ledger, c, "data-network-link", d)
            if not (link["working"] == "1" and link["bandwidth_mbps"] in ("100", "200")):
                failures.append("%s %s: data link %r" % (c, d, link))
    expired = [c for c in short[DA]["digital-signature"]
               if state(ledger, c, "digital-signature", DA)["expires_on"] not in ("",)]
    if len(expired) != 2:
        failures.append("want 2 communes short on digital-signature at 08-25 by expiry, got %d" % len(expired))
    for c in expired:
        b = state(ledger, c, "digital-signature", DB)
        if not (b["date"].startswith("2025-09") and b["expires_on"] >= DC):
            failures.append("%s: expired certificate not renewed in September" % c)
    for c in codes:
        for d in DATES:
            if index[d][c] < PARTLY and d == DC:
                failures.append("%s index %.3f below 0.5 at %s" % (c, index[d][c], d))

    # Report.
    print()
    print("Communes short, out of %d (* = published figure)" % len(codes))
    print("%-18s %12s %12s %12s" % ("rule", DA, DB, DC))
    for rid, _, _, _ in RULES:
        cells = []
        for d in DATES:
            cells.append("%d%s" % (len(short[d][rid]), "*" if rid in PUBLISHED[d] else " "))
        print("%-18s %12s %12s %12s" % (rid, cells[0], cells[1], cells[2]))
    print()
    print("Classification at %s: %s" % (DC, ", ".join(
        "%d %s" % (got_classes[k], k) for k in CLASS_TARGET)))
    print("Non-VCS communes short at %s (chosen by the sample):" % DC)
    for c in non_vcs_c:
        lacks = [rid for rid in rule_by_id if c in short[DC][rid]]
        print("  %s %s: %s (index %.3f)" % (c, names[c], ", ".join(lacks), index[DC][c]))
    print("Official PCs reported broken at the %s inspection (chosen by the sample):" % INSPECTION)
    for c in pcs_worse:
        still = " - still short at %s" % DC if c in short[DC]["official-pcs"] else " - replaced by %s" % DC
        print("  %s %s%s" % (c, names[c], still))
    print("Digital certificates expired by %s, renewed in September: %s" % (
        DA, ", ".join("%s %s" % (c, names[c]) for c in expired)))
    print("VCS communes holding a terminal with meets_hnth=false: %s" % (
        ", ".join("%s %s" % (c, names[c]) for c in old_vcs)))
    print("Ledger: %d rows, %d dated after %s" % (len(rows), sum(r["date"] > D0 for r in rows), D0))
    if failures:
        print()
        for f in failures:
            print("FAIL: " + f)
        raise AssertionError("%d check(s) failed" % len(failures))
    print()
    print("OK: all targets hold.")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only check the existing CSV files")
    args = ap.parse_args()
    if not args.check:
        write_outputs()
    check()


if __name__ == "__main__":
    main()
