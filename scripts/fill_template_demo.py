#!/usr/bin/env python3
# A filled-in template, as a commune officer would return it from a spreadsheet program:
# needs openpyxl (pip install openpyxl). Usage: scripts/fill_template_demo.py IN.xlsx OUT.xlsx
# Opens the template as a spreadsheet program would, shows its protection and validations,
# fills in a VCS terminal meeting HNTH and saves it as another file.
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("sheets:", wb.sheetnames)
ws = wb["Thiết bị"]
print("protected:", ws.protection.sheet)
for dv in ws.data_validations.dataValidation:
    print("validation", dv.type, dv.operator, dv.formula1, dv.formula2, str(dv.sqref)[:60])
for row in ws.iter_rows(min_row=1, max_row=7, max_col=2, values_only=True): print(row)
hdr = [c.value for c in ws[9]]
print(hdr)
for r in ws.iter_rows(min_row=10):
    if r[0].value == "vcs-terminal":
        print("vcs row locked?", r[3].protection.locked, "item cell locked?", r[0].protection.locked)
        r[3].value = 1
        r[hdr.index("Đáp ứng yêu cầu HNTH (meets_hnth)")].value = "có"
ws["B6"] = "Nguyễn Văn A (cán bộ CNTT xã)"
wb["Thiết bị"].title = "Phieu Dak Plo"   # a renamed sheet
wb.save(sys.argv[2])
print("saved", sys.argv[2])
