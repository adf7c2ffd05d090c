#!/usr/bin/env python3
"""The spreadsheets of the shipped sample as a provincial officer prints them.

Writes every .xlsx report of the sample with the built binary (gap list of table A, the province's report,
progress, deadlines, a commune card, the 2-billion-đồng plan), then checks them with readers nobody on the
project wrote:

- openpyxl reads each sheet's page setup: A4, fitted to one page wide, a print area, the title in the page
  header and "Trang &P/&N" in the footer, the header row repeated on sheets of one table, every row's height
  set; the plan's score parts are on a sheet of their own, outside the other sheets' print areas;
- LibreOffice (headless, Debian's libreoffice-calc-nogui, with fonts-crosextra-carlito for Calibri's metrics)
  prints each workbook to PDF, as a user would export it; poppler's pdfinfo and pdftotext count and read the
  pages: every page A4, the gap list of table A on at most 2 pages, the plan's summary one page wide (every
  amount of a row on the same page as its name), page numbers in the footers;
- the gap list, the report, the plan and a commune card printed to PDF by the program (headless Chromium):
  A4, every font embedded, the text searchable ("20/96 địa phương chưa có …"), "Trang N/M" on every page;
  and in the administrative form (--official): the motto, the issuing body, "Phụ lục 01", the signers, "Nơi nhận".

Usage: scripts/print_test.py --binary .build/debug/readiness [--keep DIR]
Needs python3-openpyxl, libreoffice-calc-nogui, fonts-crosextra-carlito, poppler-utils (make test installs them).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import openpyxl

FAILURES = []


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("FAIL:", what)


def run(args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r.stdout


def reports(binary, db, out):
    """The sample's workbooks: name -> path."""
    made = {
        "gaps": ["gaps", "--as-of", "2025-09-15"],
        "report": ["report", "--as-of", "2025-12-12", "--since", "2025-09-15"],
        "progress": ["progress", "--from", "2025-09-15", "--to", "2025-12-12"],
        "deadlines": ["deadlines", "--as-of", "2025-12-12"],
        "commune": ["commune", "Dak Plo", "--as-of", "2025-12-12"],
        "plan": ["plan", "--as-of", "2025-09-15", "--budget", "2000000000"],
    }
    paths = {}
    for name, args in made.items():
        path = os.path.join(out, name + ".xlsx")
        run([binary] + args + ["--db", db, "--out", path])
        paths[name] = path
    return paths


def page_setup(name, path):
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        where = f"{name}.xlsx, sheet {ws.title!r}"
        check(str(ws.page_setup.paperSize) == "9", f"{where}: paper {ws.page_setup.paperSize}, not A4 (9)")
        check(ws.page_setup.orientation in ("portrait", "landscape"), f"{where}: no orientation")
        check(bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage), f"{where}: not fitted to the page")
        # fitToWidth 1 is the default, and left out of the file by its writer.
        check(str(ws.page_setup.fitToWidth) in ("1", "None") and str(ws.page_setup.fitToHeight) == "0",
              f"{where}: fit {ws.page_setup.fitToWidth}x{ws.page_setup.fitToHeight}, not one page wide")
        check(bool(ws.print_area), f"{where}: no print area")
        check(bool(ws.oddHeader.center.text), f"{where}: no title in the page header")
        check("Trang &P/&N" in (ws.oddFooter.center.text or ""), f"{where}: footer {ws.oddFooter.center.text!r} has no page numbers")
        unset = [r for r in range(1, ws.max_row + 1) if ws.row_dimensions[r].height is None and any(
            c.value is not None for c in ws[r][: 8])]
        check(not unset, f"{where}: rows without a set height: {unset[:5]}")
    return book


def pdf(path, outdir, profile):
    run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", outdir, path],
        timeout=300)
    made = os.path.join(outdir, os.path.splitext(os.path.basename(path))[0] + ".pdf")
    info = run(["pdfinfo", made])
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return made, pages


def page_texts(path, pages):
    return [run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), path, "-"]) for i in range(1, pages + 1)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--keep", help="leave the workbooks and their PDFs in this folder")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="readiness-print-")
    try:
        out = os.path.abspath(args.keep) if args.keep else work
        os.makedirs(out, exist_ok=True)
        db = os.path.join(work, "sample.sqlite")
        run([binary, "sample", "load", "--db", db])
        paths = reports(binary, db, out)

        books = {name: page_setup(name, path) for name, path in paths.items()}
        plan = books["plan"]
        check("Thành phần điểm" in plan.sheetnames, "plan.xlsx: no sheet of score parts")
        for ws in plan.worksheets:
            if ws.title == "Thành phần điểm":
                continue
            area = ws.print_area if isinstance(ws.print_area, str) else ",".join(ws.print_area)
            last_col = re.findall(r"\$([A-Z]+)\$\d+", area)[-1]
            printed = [c.value for row in ws.iter_rows(max_col=openpyxl.utils.column_index_from_string(last_col)) for c in row]
            check("Thành phần điểm" not in printed, f"plan.xlsx, sheet {ws.title!r}: the score parts column is printed")
        summary = plan.worksheets[0]
        headings = [c.value for c in summary["A"] if isinstance(c.value, str)]
        for section in ("A. ", "B. ", "C. ", "D. ", "E. "):
            check(any(h.startswith(section) for h in headings), f"plan.xlsx: the summary has no section {section.strip()}")
        texts = " ".join(str(c.value) for row in summary.iter_rows() for c in row if c.value is not None)
        check("/Inventory/" not in texts and "/tmp/" not in texts, "plan.xlsx: a server path in the summary")

        profile = os.path.join(work, "lo-profile")
        pdfs = {}
        for name, path in paths.items():
            made, pages = pdf(path, out, profile)
            pdfs[name] = (made, pages)
            sizes = set(re.findall(r"Page\s+\d+ size:\s+([\d.]+ x [\d.]+)", run(["pdfinfo", "-f", "1", "-l", str(pages), made])))
            check(sizes <= {"595.304 x 841.89", "841.89 x 595.304", "595.276 x 841.89", "841.89 x 595.276"},
                  f"{name}.pdf: pages not A4: {sizes}")
            texts = page_texts(made, pages)
            check(all(re.search(r"Trang \d+/\d+", t) for t in texts), f"{name}.pdf: a page without its number")
            print(f"{name}.xlsx: {len(books[name].worksheets)} sheets, {pages} pages printed")

        check(pdfs["gaps"][1] <= 2, f"gaps.pdf: the gap list of table A prints on {pdfs['gaps'][1]} pages, more than 2")
        # The plan's summary one page wide: each by-item row's name and amount on the same page.
        made, pages = pdfs["plan"]
        texts = page_texts(made, pages)
        first = texts[0]
        check("A. " in first and re.search(r"Máy lấy số xếp hàng tự động.*\d{1,3}([.,]\d{3}){2,}", first) is not None,
              "plan.pdf: the summary's first page does not hold an item's name with its amount")
        for t in texts:
            for line in t.splitlines():
                if re.match(r"\s*Tổng cộng\s*$", line):
                    check(False, "plan.pdf: a total without its amount (the table cut across pages)")

        # The reports printed to PDF by the program itself (headless Chromium), as the web's .pdf downloads are.
        printed = {
            "gaps": ["gaps", "--as-of", "2025-09-15"],
            "report": ["report", "--as-of", "2025-12-12", "--since", "2025-09-15"],
            "plan": ["plan", "--as-of", "2025-09-15", "--budget", "2000000000"],
            "commune": ["commune", "Dak Plo", "--as-of", "2025-12-12"],
        }
        for name, cmd in printed.items():
            path = os.path.join(out, name + "-printed.pdf")
            run([binary] + cmd + ["--db", db, "--out", path])
            info = run(["pdfinfo", path])
            pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
            sizes = set(re.findall(r"Page\s+\d+ size:\s+(.*)", run(["pdfinfo", "-f", "1", "-l", str(pages), path])))
            check(all("(A4)" in s for s in sizes), f"{name}-printed.pdf: pages not A4: {sizes}")
            fonts = run(["pdffonts", path]).splitlines()[2:]
            embedded = [re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", f) for f in fonts]
            check(fonts and all(m and m.group(1) == "yes" for m in embedded), f"{name}-printed.pdf: a font not embedded: {fonts}")
            words = " ".join(run(["pdftotext", path, "-"]).split())
            check(f"Trang 1/{pages}" in words and f"Trang {pages}/{pages}" in words, f"{name}-printed.pdf: pages not numbered")
            print(f"{name}-printed.pdf: {pages} pages")
            if name == "gaps":
                check("20/96 địa phương chưa có Thiết bị đầu cuối (VCS)" in words, "gaps-printed.pdf: 20/96 not found")
                check(pages <= 2, f"gaps-printed.pdf: the gap list of table A on {pages} pages, more than 2")

        # The report, the gap list and the plan in the administrative form (Inventory/official-form.yaml).
        for name in ("gaps", "report", "plan"):
            path = os.path.join(out, name + "-official.pdf")
            run([binary] + printed[name] + ["--official", "--db", db, "--out", path])
            words = " ".join(run(["pdftotext", path, "-"]).split())
            for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
                             "Quảng Ngãi, ngày", "Phụ lục 01", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "Nơi nhận:"):
                check(expected in words, f"{name}-official.pdf: {expected!r} not found")
            if name != "plan":
                check("20/96" in words, f"{name}-official.pdf: 20/96 not found")
            print(f"{name}-official.pdf: the administrative form")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if FAILURES:
        sys.exit(f"{len(FAILURES)} print check(s) failed")
    print("print test: every workbook and every PDF prints on A4, one page wide, with page numbers")


if __name__ == "__main__":
    main()
