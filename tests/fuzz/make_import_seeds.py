#!/usr/bin/env python3
"""Write the seed corpus of tests/fuzz/fuzz_import.c into tests/fuzz/corpus/import/.

A seed is one byte choosing the import kind (its index in the kind order
below; +14 also sets --ignore-unknown) followed by the file: the examples of
docs/examples/ as they are, then variants of them with bad values, other
encodings, errors files, broken headers, and XLSX workbooks (inline strings
and date cells, zipped here).  Python's standard library only.  Run from
anywhere; existing seeds of the same names are overwritten.
"""
import datetime
import io
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLES = os.path.join(ROOT, "docs", "examples")
OUT = os.path.join(HERE, "corpus", "import")

KINDS = ["enterprises", "projects", "subcontracts", "accounts", "deposits", "employment",
         "attendance", "payroll", "txns", "disbursements", "payments", "cases", "blacklist",
         "clues"]

# (kind, seed name, {column index: bad value}) applied to the example's first data row.
BAD = [
    ("enterprises", "bad-uscc", {0: "91330106MA2GL7N1B7"}),
    ("enterprises", "bad-kind-region", {2: "劳务", 4: "339999"}),
    ("projects", "bad-dates", {10: "2027-07-01", 11: "2027-06-30"}),
    ("projects", "bad-ratio", {8: "120%", 14: "有"}),
    ("projects", "unknown-builder", {5: "91330106MA2J0F9L28"}),
    ("subcontracts", "unknown-project", {0: "NO-SUCH-PROJECT"}),
    ("accounts", "bad-account", {2: "6228-48O0-1234"}),
    ("accounts", "future", {3: "2026-12-01"}),
    ("deposits", "draw-guarantee", {2: "银行保函", 3: "-100.00"}),
    ("deposits", "guarantee-no-expiry", {2: "担保公司保函"}),
    ("deposits", "draw-too-early", {3: "-5.00", 4: "2024-01-01"}),
    ("employment", "left-before-entered", {9: "2025-03-01"}),
    ("employment", "bad-phone", {4: "1395811230"}),
    ("attendance", "bad-hours", {3: "24.5"}),
    ("attendance", "bad-id", {1: "51032219850314271X"}),
    ("attendance", "excel-date", {2: "2026/11/2"}),
    ("payroll", "days-over-month", {2: "2026-02", 5: "29"}),
    ("payroll", "unpaid-but-paid", {9: ""}),
    ("payroll", "deductions-over-due", {7: "99999.00"}),
    ("payroll", "money-format", {6: "¥9,880.00", 8: "9.8E3"}),
    ("txns", "foreign-account", {0: "XS-JT-2025-0007"}),
    ("txns", "unknown-account", {1: "6222021202001234567"}),
    ("disbursements", "bad-card", {4: "62284803291045128730000000000000001"}),
    ("payments", "same-party", {2: "91330106MA2GL7N1B6"}),
    ("cases", "period-after-filing", {9: "2024-07"}),
    ("cases", "closed-before-filed", {6: "2024-06-01"}),
    ("blacklist", "expiry-before-decision", {5: "2026-03-18"}),
    ("clues", "bad-time", {2: "2026-11-18 24:00"}),
    ("clues", "future-time", {2: "2026-11-24 08:00"}),
    ("clues", "period-reversed", {14: "2026-10", 15: "2026-09"}),
    ("clues", "unknown-project", {9: "XH-2025-9999"}),
]


def read_example(kind):
    with open(os.path.join(EXAMPLES, kind + ".csv"), encoding="utf-8") as f:
        return f.read()


def write(name, kind_byte, body):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(bytes([kind_byte]) + body)


def csv_rows(text):
    return [line.split(",") for line in text.splitlines() if line]


def csv_field(v):
    if any(ch in v for ch in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def csv_text(rows, eol="\n"):
    return eol.join(",".join(csv_field(v) for v in r) for r in rows) + eol


# ---------------------------------------------------------------- XLSX

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PNS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types '
      'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
      'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>')
STYLES = (f'<?xml version="1.0"?><styleSheet {NS}><cellXfs count="3"><xf numFmtId="0"/>'
          '<xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/>'
          '</cellXfs></styleSheet>')


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell(ref, v, kind):
    """kind: 'date' (a YYYY-MM-DD text becomes a date cell), 'num' or 'str'."""
    if kind == "date":
        d = datetime.date.fromisoformat(v)
        return f'<c r="{ref}" s="1"><v>{(d - datetime.date(1899, 12, 30)).days}</v></c>'
    if kind == "num":
        return f'<c r="{ref}"><v>{v}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{esc(v)}</t></is></c>'


def xlsx(rows, date_cols=(), num_cols=()):
    body = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, v in enumerate(row):
            if v == "":
                continue
            kind = "str"
            if r > 1 and c in date_cols:
                kind = "date"
            elif r > 1 and c in num_cols:
                kind = "num"
            cells.append(cell(f"{col_name(c)}{r}", v, kind))
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS} {RNS}><sheetData>'
             f'{"".join(body)}</sheetData></worksheet>')
    wb = (f'<?xml version="1.0"?><workbook {NS} {RNS}><sheets><sheet name="Sheet1" '
          'sheetId="1" r:id="rId1"/></sheets></workbook>')
    wbrels = (f'<?xml version="1.0"?><Relationships {PNS}>'
              f'<Relationship Id="rId1" Type="{RT}worksheet" Target="worksheets/sheet1.xml"/>'
              f'<Relationship Id="rId2" Type="{RT}styles" Target="styles.xml"/></Relationships>')
    rels = (f'<?xml version="1.0"?><Relationships {PNS}><Relationship Id="rId1" '
            f'Type="{RT}officeDocument" Target="xl/workbook.xml"/></Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", CT), ("_rels/.rels", rels),
                           ("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", wbrels),
                           ("xl/styles.xml", STYLES), ("xl/worksheets/sheet1.xml", sheet)):
            info = zipfile.ZipInfo(name, (2026, 11, 23, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    return out.getvalue()


# ---------------------------------------------------------------- main

def main():
    os.makedirs(OUT, exist_ok=True)
    examples = {k: read_example(k) for k in KINDS}
    for i, k in enumerate(KINDS):
        write(f"{k}.csv", i, examples[k].encode())

    for k, name, changes in BAD:
        rows = csv_rows(examples[k])
        for c, v in changes.items():
            rows[1][c] = v
        write(f"{k}-{name}.csv", KINDS.index(k), csv_text(rows).encode())

    # Encodings and line ends: GB18030 with CRLF, UTF-8 with BOM.
    write("payroll-gb18030-crlf.csv", KINDS.index("payroll"),
          csv_text(csv_rows(examples["payroll"]), "\r\n").encode("gb18030"))
    write("clues-bom.csv", KINDS.index("clues"), b"\xef\xbb\xbf" + examples["clues"].encode())

    # An errors file as `import --errors` writes it, corrected and not.
    att = csv_rows(examples["attendance"])
    errs = [["行号", "错误列", "错误值", "错误原因"] + att[0],
            ["2", "id_number（身份证号）", "510322198503142716", "身份证号码校验位错误：应为 5，实为 6"]
            + att[1],
            ["3", "", "", "文件中已有业务主键相同的行"] + att[2][:2] + ["2026/11/3", ""]]
    write("attendance-errors-file.csv", KINDS.index("attendance"),
          b"\xef\xbb\xbf" + csv_text(errs, "\r\n").encode())

    # Headers: Chinese names in another order, unknown (and ignored), missing,
    # duplicated, an empty unnamed column; rows wider than the header.
    ent = csv_rows(examples["enterprises"])
    zh = ["企业名称", "统一社会信用代码", "所在地区代码", "企业类型"]
    write("enterprises-zh-reordered.csv", 0,
          csv_text([zh] + [[r[1], r[0], r[4], r[2]] for r in ent[1:]]).encode())
    write("enterprises-unknown-column.csv", 0,
          csv_text([r + ["备注"] for r in ent]).encode())
    write("enterprises-unknown-ignored.csv", 14,
          csv_text([r + ["备注"] for r in ent]).encode())
    write("enterprises-missing-column.csv", 0, csv_text([r[:3] for r in ent]).encode())
    write("enterprises-duplicate-column.csv", 0,
          csv_text([r + [r[0]] for r in ent]).encode())
    write("enterprises-wide-rows.csv", 0,
          csv_text([ent[0] + [""]] + [r + ["", "多余"] for r in ent[1:]]).encode())
    write("enterprises-duplicate-key.csv", 0,
          csv_text(ent[:2] + [[ent[1][0].lower()] + ent[1][1:]]).encode())
    write("empty.csv", 0, b"")
    write("header-only.csv", KINDS.index("clues"), examples["clues"].splitlines()[0].encode())

    # XLSX: date cells for the date columns, numbers for the amounts.
    write("attendance.xlsx", KINDS.index("attendance"),
          xlsx(csv_rows(examples["attendance"]), date_cols=(2,), num_cols=(3,)))
    write("payroll.xlsx", KINDS.index("payroll"),
          xlsx(csv_rows(examples["payroll"]), date_cols=(9,), num_cols=(5, 6, 8)))
    write("deposits.xlsx", KINDS.index("deposits"),
          xlsx(csv_rows(examples["deposits"]), date_cols=(4, 5), num_cols=(3,)))


if __name__ == "__main__":
    main()
