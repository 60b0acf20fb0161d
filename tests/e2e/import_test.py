#!/usr/bin/env python3
"""End-to-end tests of `zhiqian import` (SPEC §4): a whole generated county
imports cleanly; re-importing changes nothing (full dump compared); a file
with four bad rows among good ones gives exactly four precise errors, exit 3
and applies the rest; UTF-8, GB18030 and XLSX versions of the same data give
identical databases; --dry-run and --strict apply nothing; a generator can
stream into the importer.

Usage: import_test.py --bin ZHIQIAN [--big-bin ZHIQIAN] [--backend sqlite|pg]
                      [--pg-uri URI]
--big-bin (default --bin) runs the county-scale imports: the release build
keeps them quick while the sanitised build runs the precise cases.
Ends with "N passed, N failed".
"""
import argparse
import csv
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile

KINDS = ["enterprises", "projects", "subcontracts", "accounts", "deposits", "employment",
         "attendance", "payroll", "txns", "disbursements", "payments", "cases", "blacklist",
         "clues"]
# Business tables compared by the dumps (job and audit logs record each run).
TABLES = ["enterprises", "workers", "projects", "subcontracts", "wage_accounts", "account_txns",
          "payments", "employment", "attendance", "payroll", "disbursements", "project_months",
          "cases", "clues", "deposits", "deposit_events", "blacklist", "counters"]
FINAL = re.compile(r"^imported (\d+) rows \((\d+) new, (\d+) updated, (\d+) rejected\) in "
                   r"[0-9.]+ s$")


class T:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL", what)
        return cond


class Db:
    """A fresh database on the chosen backend, and how to dump it."""

    def __init__(self, args, tmp, name):
        self.args = args
        if args.backend == "pg":
            admin = args.pg_uri
            dbname = "imp_" + name
            subprocess.run(["psql", "-q", "-X", admin, "-c", f'DROP DATABASE IF EXISTS "{dbname}"'],
                           check=True, capture_output=True)
            subprocess.run(["psql", "-q", "-X", admin, "-c", f'CREATE DATABASE "{dbname}"'],
                           check=True, capture_output=True)
            self.uri = admin.rsplit("/", 1)[0] + "/" + dbname
        else:
            self.uri = os.path.join(tmp, name + ".db")

    def run(self, binary, *args, stdin=None):
        env = dict(os.environ)
        env.setdefault("ZHIQIAN_TODAY", "2026-11-23")
        p = subprocess.run([binary, "--db", self.uri] + list(args), input=stdin,
                           capture_output=True, env=env, timeout=900)
        return p.returncode, p.stdout.decode(), p.stderr.decode()

    def query(self, sql):
        if self.args.backend == "pg":
            out = subprocess.run(["psql", "-X", "-A", "-t", "-F", "\t", self.uri, "-c", sql],
                                 check=True, capture_output=True).stdout.decode()
            return [tuple(l.split("\t")) for l in out.splitlines() if l != ""]
        con = sqlite3.connect(self.uri)
        try:
            return [tuple("" if v is None else (v.hex() if isinstance(v, bytes) else str(v))
                          for v in r) for r in con.execute(sql)]
        finally:
            con.close()

    def columns(self, table):
        if self.args.backend == "pg":
            rows = self.query("SELECT column_name FROM information_schema.columns WHERE "
                              f"table_name = '{table}' ORDER BY ordinal_position")
            return [r[0] for r in rows]
        return [r[1] for r in self.query(f"PRAGMA table_info({table})")]

    def dump(self, skip=()):
        """Every business row; sealed values (random nonces) and timestamps of
        writing are left out; their keyed hashes and masks stay."""
        out = {}
        for t in TABLES:
            cols = [c for c in self.columns(t)
                    if not c.endswith("_enc") and c not in ("created_at", "updated_at")
                    and c not in skip]
            sel = ", ".join(f"encode({c}, 'hex')" if self.args.backend == "pg" and
                            (c.endswith("_hash") or c == "hours_x10") else c for c in cols)
            out[t] = sorted(self.query(f"SELECT {sel} FROM {t}"))
        return out


def parse_final(out):
    lines = out.strip().splitlines()
    m = FINAL.match(lines[-1]) if lines else None
    return tuple(int(x) for x in m.groups()) if m else None


def import_all(t, db, binary, data, label, expect_zero_new=False):
    for k in KINDS:
        rc, out, err = db.run(binary, "import", k, os.path.join(data, k + ".csv"))
        f = parse_final(out)
        t.check(rc == 0 and f is not None and f[3] == 0,
                f"{label}: import {k}: rc={rc} final={f} stderr={err[-300:]}")
        if expect_zero_new and f is not None:
            t.check(f[1] == 0 and f[2] == 0, f"{label}: re-import {k} changed rows: {f}")


def test_county(t, args, tmp, data):
    db = Db(args, tmp, "county")
    t.check(db.run(args.big_bin, "init")[0] == 0, "init")
    import_all(t, db, args.big_bin, data, "county")
    if args.backend == "sqlite":
        t.check(db.query("PRAGMA integrity_check") == [("ok",)], "integrity_check")
        t.check(db.query("PRAGMA foreign_key_check") == [], "foreign_key_check")
    n_att = sum(1 for _ in open(os.path.join(data, "attendance.csv"))) - 1
    days = db.query("SELECT sum(ndays) FROM attendance")[0][0]
    t.check(0 < int(days) <= n_att, f"attendance worker-days {days} of {n_att} lines")
    before = db.dump()
    import_all(t, db, args.big_bin, data, "county re-import", expect_zero_new=True)
    after = db.dump()
    for tbl in TABLES:
        t.check(before[tbl] == after[tbl], f"re-import changed table {tbl}")
    t.check(len(before["payroll"]) > 1000 and len(before["workers"]) > 1000,
            "dump holds the data")


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_csv(path, rows, encoding="utf-8"):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode(encoding))


def base_db(t, args, tmp, data, name, kinds):
    db = Db(args, tmp, name)
    t.check(db.run(args.bin, "init")[0] == 0, f"{name}: init")
    for k in kinds:
        rc, out, err = db.run(args.big_bin, "import", k, os.path.join(data, k + ".csv"))
        t.check(rc == 0, f"{name}: import {k}: {err[-300:]}")
    return db


def test_four_errors(t, args, tmp, data):
    db = base_db(t, args, tmp, data, "bad", KINDS[:6])
    rows = read_csv(os.path.join(data, "payroll.csv"))
    hdr, body = rows[0], [list(r) for r in rows[1:31]]
    col = {c: i for i, c in enumerate(hdr)}
    good_id = body[0][col["id_number"]]
    bad_id = good_id[:17] + ("0" if good_id[17] != "0" else "1")
    body[3][col["id_number"]] = bad_id                          # line 5
    body[7][col["project_code"]] = "9999-999999-99-99-999999"   # line 9
    body[11][col["wage_due"]] = "-100.00"                       # line 13
    body[19][col["paid_on"]] = "2026-02-30"                     # line 21
    path = os.path.join(tmp, "payroll_bad.csv")
    write_csv(path, [hdr] + body)
    errs = os.path.join(tmp, "errors.csv")
    rc, out, err = db.run(args.bin, "import", "payroll", path, "--errors", errs)
    t.check(rc == 3, f"four errors: exit {rc}")
    t.check(parse_final(out) == (30, 26, 0, 4), f"four errors: final line {out!r}")
    lines = [l for l in err.splitlines() if "第" in l and "行" in l]
    t.check(len(lines) == 4, f"four errors: {len(lines)} error lines: {err}")
    expect = [("第 5 行", "id_number（身份证号）", bad_id, "校验"),
              ("第 9 行", "project_code（项目编号）", "9999-999999-99-99-999999", "不存在"),
              ("第 13 行", "wage_due（应发工资）", "-100.00", "负数"),
              ("第 21 行", "paid_on（发放日期）", "2026-02-30", "")]
    for line, (where, column, value, why) in zip(lines, expect):
        t.check(where in line and column in line and f"“{value}”" in line and why in line,
                f"four errors: {line!r} should name {where} {column} {value} {why}")
    t.check(db.query("SELECT count(*) FROM payroll") == [("26",)], "four errors: 26 rows applied")
    # The job record and the audit entry carry the final counts.
    job = db.query("SELECT rows_total, rows_new, rows_updated, rows_rejected FROM import_jobs "
                   "WHERE kind = 'payroll' ORDER BY id DESC LIMIT 1")
    t.check(job == [("30", "26", "0", "4")], f"import_jobs counts: {job}")
    raw = open(errs, "rb").read()
    t.check(raw.startswith(b"\xef\xbb\xbf"), "errors file starts with a BOM")
    erows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    t.check(erows[0][:4] == ["行号", "错误列", "错误值", "错误原因"] and erows[0][4:] == hdr,
            f"errors file header {erows[0]}")
    t.check([r[0] for r in erows[1:]] == ["5", "9", "13", "21"], "errors file lines")
    t.check(all(r[4:] == body[int(r[0]) - 2] for r in erows[1:]), "errors file keeps the rows")
    # The corrected errors file imports as it is (the four columns are skipped).
    fixed = [erows[0]] + [r[:4] + rows[int(r[0]) - 1] for r in erows[1:]]
    fpath = os.path.join(tmp, "errors_fixed.csv")
    write_csv(fpath, fixed)
    rc, out, err = db.run(args.bin, "import", "payroll", fpath)
    t.check(rc == 0 and parse_final(out) == (4, 4, 0, 0), f"corrected errors file: {out} {err}")

    # --strict: one bad row, nothing applied; --dry-run: counted, nothing applied.
    before = db.dump()
    rc, out, err = db.run(args.bin, "import", "payroll", path, "--strict")
    t.check(rc == 3 and "严格模式" in err, f"--strict: exit {rc} {err[-200:]}")
    t.check(db.dump() == before, "--strict applied nothing")
    allp = os.path.join(data, "payroll.csv")
    rc, out, err = db.run(args.bin, "import", "payroll", allp, "--dry-run")
    f = parse_final(out)
    t.check(rc == 0 and f is not None and f[1] > 1000 and "试运行" in err,
            f"--dry-run counts: {out} {err[-200:]}")
    t.check(db.dump() == before, "--dry-run applied nothing")


# ---- XLSX: a minimal workbook writer (inline strings; dates as Excel serials) ----

def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def excel_serial(iso):
    import datetime
    d = datetime.date.fromisoformat(iso)
    return (d - datetime.date(1899, 12, 30)).days


def write_xlsx(path, rows, date_cols):
    from xml.sax.saxutils import escape
    sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetData>']
    for r, row in enumerate(rows, 1):
        sheet.append(f'<row r="{r}">')
        for c, v in enumerate(row):
            ref = f"{col_name(c)}{r}"
            if r > 1 and c in date_cols and v:
                sheet.append(f'<c r="{ref}" s="1"><v>{excel_serial(v)}</v></c>')
            elif v != "":
                sheet.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
        sheet.append("</row>")
    sheet.append("</sheetData></worksheet>")
    files = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '</Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>',
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="工资表" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '</Relationships>',
        "xl/styles.xml":
            '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
            '</styleSheet>',
        "xl/worksheets/sheet1.xml": "".join(sheet),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)


def test_encodings(t, args, tmp, data):
    dumps = {}
    for fmt in ("utf8", "gb18030", "xlsx"):
        db = base_db(t, args, tmp, data, "enc_" + fmt, KINDS[:5])
        for kind, dates in (("employment", ("entered_on", "left_on")),
                            ("payroll", ("paid_on",))):
            rows = read_csv(os.path.join(data, kind + ".csv"))[:401]
            if fmt == "utf8":
                path = os.path.join(tmp, f"{kind}.utf8.csv")
                with open(path, "wb") as f:     # with a BOM, as Excel writes
                    f.write(b"\xef\xbb\xbf")
                    buf = io.StringIO()
                    csv.writer(buf, lineterminator="\r\n").writerows(rows)
                    f.write(buf.getvalue().encode())
            elif fmt == "gb18030":
                path = os.path.join(tmp, f"{kind}.gb.csv")
                write_csv(path, rows, "gb18030")
            else:
                path = os.path.join(tmp, f"{kind}.xlsx")
                write_xlsx(path, rows, {i for i, c in enumerate(rows[0]) if c in dates})
            rc, out, err = db.run(args.bin, "import", kind, path)
            t.check(rc == 0 and parse_final(out) == (400, 400, 0, 0),
                    f"{fmt} {kind}: rc={rc} {out} {err[-300:]}")
        # Row ids follow import order, which is the same in all three.
        dumps[fmt] = db.dump()
    t.check(dumps["utf8"] == dumps["gb18030"], "GB18030 import differs from UTF-8")
    t.check(dumps["utf8"] == dumps["xlsx"], "XLSX import differs from UTF-8")
    t.check(len(dumps["utf8"]["payroll"]) == 400, "encodings: 400 payroll rows")


def test_pipe(t, args, tmp, data):
    db = base_db(t, args, tmp, data, "pipe", KINDS[:6])
    gen = subprocess.run([args.big_bin, "gen", "--scale", "county", "--seed", "7", "--kind",
                          "attendance"], capture_output=True, check=True).stdout
    rc, out, err = db.run(args.big_bin, "import", "attendance", "-", stdin=gen)
    f = parse_final(out)
    t.check(rc == 0 and f is not None and f[0] == gen.count(b"\n") - 1,
            f"pipe: {out} {err[-200:]}")


def test_duplicates(t, args, tmp, data):
    """A second line with the natural key of an earlier one is refused, also
    when the two are far apart (PostgreSQL stages 20,000 lines at a time)."""
    db = base_db(t, args, tmp, data, "dups", KINDS[:6])
    rows = read_csv(os.path.join(data, "payroll.csv"))
    body = rows[1:25001]
    dup_far = list(body[0])
    dup_near = list(body[-2])
    dup_near[rows[0].index("wage_paid")] = "1.00"   # other values, same key
    path = os.path.join(tmp, "payroll_dups.csv")
    write_csv(path, [rows[0]] + body + [dup_far, dup_near])
    rc, out, err = db.run(args.big_bin, "import", "payroll", path)
    t.check(rc == 3 and parse_final(out) == (25002, 25000, 0, 2), f"duplicates: {out} {err[-300:]}")
    lines = [l for l in err.splitlines() if "业务主键" in l]
    t.check(len(lines) == 2 and "第 25002 行" in lines[0] and "第 25003 行" in lines[1],
            f"duplicates reported: {lines}")
    t.check(db.query("SELECT count(*) FROM payroll") == [("25000",)], "duplicates: 25000 rows")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--big-bin")
    ap.add_argument("--backend", default="sqlite", choices=["sqlite", "pg"])
    ap.add_argument("--pg-uri")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    args.big_bin = os.path.abspath(args.big_bin or args.bin)
    t = T()
    tmp = tempfile.mkdtemp(prefix="zq-import-")
    try:
        data = os.path.join(tmp, "county")
        subprocess.run([args.big_bin, "gen", "--scale", "county", "--seed", "7", "--out", data],
                       check=True, capture_output=True)
        test_four_errors(t, args, tmp, data)
        test_duplicates(t, args, tmp, data)
        test_encodings(t, args, tmp, data)
        test_pipe(t, args, tmp, data)
        test_county(t, args, tmp, data)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{t.passed} passed, {t.failed} failed")
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
