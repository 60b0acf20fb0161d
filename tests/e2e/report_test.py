#!/usr/bin/env python3
"""End-to-end test of `zhiqian report` and `zhiqian notice-board`.

A small fixture database is written by SQL after `zhiqian init`; every figure
asserted below is computed by hand in the comments (docs/reports.md gives the
definitions).  The period is ISO week 2026-W10 (2026-03-02 .. 2026-03-08),
the previous one 2026-02-23 .. 2026-03-01, today 2026-03-11.
Exports are read back: CSV and JSON field by field, XLSX cell by cell
(zipfile + xml), PDF by its text (pdftotext) and page 1 rendered to PNG
(pdftoppm).  Runs on SQLite, or on PostgreSQL with --backend pg --pg-uri.
"""
import argparse
import calendar
import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

TODAY = "2026-03-11"


def ts(day, hhmm):
    """UTC seconds of a civil time in +08:00."""
    y, m, d = map(int, day.split("-"))
    h, mi = map(int, hhmm.split(":"))
    return calendar.timegm((y, m, d, h, mi, 0)) - 8 * 3600


class Run:
    def __init__(self, args):
        self.args = args
        self.passed = self.failed = 0
        self.tmp = tempfile.mkdtemp(prefix="zq-report-")

    def ok(self, cond, what, detail=""):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL %s%s" % (what, ("\n  " + str(detail)) if detail else ""))
        return cond

    def eq(self, got, want, what):
        return self.ok(got == want, "%s: got %r, want %r" % (what, got, want))

    def fresh_db(self):
        if self.args.backend == "sqlite":
            return os.path.join(self.tmp, "report.sqlite")
        name = "zq_report_%d" % os.getpid()
        for sql in ('DROP DATABASE IF EXISTS "%s"' % name, 'CREATE DATABASE "%s"' % name):
            subprocess.run(["psql", "-q", "-X", self.args.pg_uri, "-c", sql], check=True,
                           capture_output=True)
        return self.args.pg_uri.rsplit("/", 1)[0] + "/" + name

    def zq(self, *argv, want=0):
        supp = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lsan-fonts.supp")
        env = dict(os.environ, ZHIQIAN_TODAY=TODAY,
                   LSAN_OPTIONS="suppressions=%s:print_suppressions=0" % supp)
        env.setdefault("ZHIQIAN_SECRET_KEY", "e2e-test-key-not-for-production-use")
        p = subprocess.run([self.args.bin, "--db", self.db] + list(argv), capture_output=True,
                           env=env, timeout=300)
        err = p.stderr.decode("utf-8", "replace")
        name = " ".join(argv[:4])
        if "AddressSanitizer" in err or "runtime error:" in err or "LeakSanitizer" in err:
            self.ok(False, name + ": sanitizer report", err[-3000:])
        else:
            self.ok(p.returncode == want, "%s: exit %d, want %d" % (name, p.returncode, want),
                    err[-1500:])
        return p.stdout.decode("utf-8", "replace")

    def sql(self, statements):
        if self.args.backend == "sqlite":
            con = sqlite3.connect(self.db)
            for s in statements:
                con.execute(s)
            con.commit()
            con.close()
        else:
            subprocess.run(["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", self.db, "-c",
                            ";\n".join(statements)], check=True, capture_output=True)

    def fixture(self):
        blob = "X'00'" if self.args.backend == "sqlite" else "decode('00', 'hex')"
        # explicit ids: PostgreSQL's identity columns need OVERRIDING SYSTEM VALUE
        ov = "" if self.args.backend == "sqlite" else " OVERRIDING SYSTEM VALUE"
        now = ts(TODAY, "08:00")
        s = []
        s.append("INSERT INTO enterprises (id, uscc, name, kind, region_code, created_at, "
                 "updated_at)" + ov + " VALUES (1, '91330282MA2AAAAA1X', '慈溪市城建投资有限公司', "
                 "'建设单位', '330282', %d, %d), (2, '91330282MA2BBBBB2X', "
                 "'宁波甬兴建设有限公司', '施工总承包', '330282', %d, %d)" % (now, now, now, now))
        s.append("INSERT INTO projects (id, code, name, province, region_code, industry, funding, "
                 "builder_id, contractor_id, contract_amount_fen, labor_cost_bp, start_date, "
                 "planned_end, status, wage_clerk, created_at, updated_at)" + ov + " VALUES "
                 "(1, 'P1', '慈溪市体育中心工程', '330000', '330282', '住建', '政府投资', 1, 2, "
                 "100000000, 2000, '2025-06-01', '2027-06-01', '在建', '王小明', %d, %d), "
                 "(2, 'P2', '余姚市东环路工程', '330000', '330281', '交通', '社会投资', 1, 2, "
                 "50000000, 2000, '2025-06-01', '2027-06-01', '在建', NULL, %d, %d)"
                 % (now, now, now, now))
        case = ("INSERT INTO cases (id, case_no, province, region_code, dept, origin, debtor_name, "
                "project_id, status, filed_on, deadline_on, people, amount_fen, closed_on, "
                "created_at, updated_at)" + ov + " VALUES ")
        # c1 opened this week, c2 opened last week and closed this week, c3 old and overdue
        s.append(case + "(1, 'C1', '330000', '330282', 'housing', '检查', '甲', 1, '办理中', "
                 "'2026-03-03', '2026-05-29', 5, 1000000, NULL, %d, %d), "
                 "(2, 'C2', '330000', '330282', 'housing', '检查', '乙', 1, '已结案', "
                 "'2026-02-24', '2026-05-20', 3, 500000, '2026-03-05', %d, %d), "
                 "(3, 'C3', '330000', '330281', 'transport', '检查', '丙', 2, '办理中', "
                 "'2026-01-10', '2026-03-04', 2, 300000, NULL, %d, %d)" % ((now,) * 6))
        s.append("INSERT INTO settlements (case_id, province, payer_role, amount_fen, paid_on, "
                 "created_at) VALUES (2, '330000', '用人单位', 500000, '2026-03-05', %d), "
                 "(1, '330000', '总包先行清偿', 200000, '2026-03-06', %d), "
                 "(3, '330000', '应急周转金', 100000, '2026-02-25', %d)" % (now, now, now))
        clue = ("INSERT INTO clues (ticket, channel, received_at, province, region_code, dept, "
                "first_region_code, complainant, phone_enc, phone_hash, phone_masked, respondent, "
                "nature, people, amount_fen, description, status, accept_by, accepted_on, "
                "close_by, closed_on, satisfaction, created_at, updated_at) VALUES ")
        row = ("('%s', '网上投诉', %d, '330000', '%s', '%s', '%s', '张三', " + blob + ", " + blob
               + ", '138****0000', '某公司', '工资', 3, 100000, '欠薪', '%s', '%s', %s, %s, %s, "
               "%s, %d, %d)")
        q = lambda v: "NULL" if v is None else "'%s'" % v
        s.append(clue + ", ".join([
            # k1: this week, accepted, closed on time, satisfied
            row % ("K1", ts("2026-03-02", "10:00"), "330282", "housing", "330282", "已回访",
                   "2026-03-09", q("2026-03-03"), q("2026-03-20"), q("2026-03-06"), q("满意"),
                   now, now),
            # k2: this week, still waiting, acceptance overdue since 03-06
            row % ("K2", ts("2026-03-04", "09:00"), "330282", "housing", "330282", "待受理",
                   "2026-03-06", "NULL", "NULL", "NULL", "NULL", now, now),
            # k3: last week, closed this week after its deadline, unsatisfied
            row % ("K3", ts("2026-02-26", "23:30"), "330281", "transport", "330281", "已回访",
                   "2026-03-05", q("2026-02-27"), q("2026-03-04"), q("2026-03-06"), q("不满意"),
                   now, now),
        ]))
        s.append("INSERT INTO incidents (province, region_code, project_id, occurred_at, place, "
                 "people, amount_fen, nature, form, description, created_at, updated_at) VALUES "
                 "('330000', '330281', 2, %d, '项目部门口', 60, 0, '工资', '聚集', '讨薪', %d, %d)"
                 % (ts("2026-03-07", "12:00"), now, now))
        s.append("INSERT INTO zero_reports (region_code, province, report_date, has_events, "
                 "filed_at) VALUES " + ", ".join(
                     "('330282', '330000', '2026-03-0%d', 0, %d)" % (d, now) for d in range(2, 7)))
        s.append("INSERT INTO warnings (rule, level, base_level, subject_type, subject_code, "
                 "province, region_code, dept, project_id, first_seen, last_seen, message, basis, "
                 "created_at, updated_at) VALUES ('W03', 'red', 'red', 'project', 'P1', "
                 "'330000', '330282', 'housing', 1, '2026-03-01', '2026-03-10', '欠薪', '条例', "
                 "%d, %d)" % (now, now))
        self.sql(s)

    # ------------------------------------------------------------ checks

    def check_csv(self):
        out = self.zq("report", "weekly", "--region", "330200", "--period", "2026-W10",
                      "--format", "csv")
        rows = {r["code"]: r for r in csv.DictReader(io.StringIO(out))}
        self.eq(len(rows), 11, "csv: 10 districts of 宁波市 and the total")
        c = rows.get("330282", {})
        want = {"clues_received": "2", "clues_accepted": "1", "clues_closed": "1",
                "clues_on_time": "1", "clues_rated": "1", "clues_satisfied": "1",
                "clues_overdue": "1", "cases_opened": "1", "cases_closed": "1",
                "cases_overdue": "0", "new_arrears": "10000.00", "open_arrears": "8000.00",
                "open_workers": "5", "recovered": "7000.00", "paid_employer": "5000.00",
                "paid_contractor": "2000.00", "paid_fund": "0.00", "qlz_open_arrears": "8000.00",
                "warnings_red": "1", "incidents": "0", "zero_reports": "5", "zero_expected": "7",
                # 30 + 30 * 7000 / (7000 + 8000) + 15 + 15 + 10 * 5 / 7 = 81.14
                "score": "81.14", "grade": "B", "rank": "9"}
        for k, v in want.items():
            self.eq(c.get(k), v, "csv 330282 " + k)
        y = rows.get("330281", {})
        want = {"clues_received": "0", "clues_closed": "1", "clues_on_time": "0",
                "clues_satisfied": "0", "cases_overdue": "1", "open_arrears": "2000.00",
                "open_workers": "2", "recovered": "0.00", "incidents": "1",
                "incident_people": "60", "incident_max": "60",
                # 0 + 0 + 0 + 15 * 0.75 + 0 = 11.25; an incident of 60 people: C
                "score": "11.25", "grade": "C", "rank": "10",
                "prev_clues_received": "1", "prev_recovered": "1000.00"}
        for k, v in want.items():
            self.eq(y.get(k), v, "csv 330281 " + k)
        self.eq(rows.get("330203", {}).get("score"), "90.00", "csv quiet district: no zero reports")
        self.eq(rows.get("330203", {}).get("rank"), "1", "csv quiet district ranks first")
        t = rows.get("330200", {})
        self.eq(t.get("name"), "合计", "csv total row")
        self.eq(t.get("open_arrears"), "10000.00", "csv total open arrears")
        self.eq(t.get("recovered"), "7000.00", "csv total recovered")

    def check_json_dept(self):
        out = self.zq("report", "weekly", "--region", "330282", "--period", "2026-03-04",
                      "--format", "json")
        j = json.loads(out)
        self.eq(j["rows_by"], "dept", "json: a county is broken down by department")
        self.eq(j["period"], {"from": "2026-03-02", "to": "2026-03-08",
                              "label": "2026 年第 10 周（3 月 2 日至 3 月 8 日）"}, "json period")
        self.eq(j["previous_period"]["from"], "2026-02-23", "json previous period")
        h = [i for i in j["items"] if i["code"] == "housing"]
        self.ok(len(h) == 1, "json housing row")
        if h:
            self.eq(h[0]["current"]["clues_received"], 2, "json housing clues")
            self.eq(h[0]["current"]["open_arrears"], "8000.00", "json housing open arrears")
            self.eq(h[0]["current"]["zero_expected"], None, "json department: no zero reports")
        self.eq(j["total"]["current"]["zero_expected"], 7, "json county zero reports expected")

    def check_assessment(self):
        out = self.zq("report", "assessment", "--region", "330200", "--period", "2026",
                      "--format", "json")
        j = json.loads(out)
        y = [i for i in j["items"] if i["code"] == "330281"]
        self.ok(y and y[0]["grade"] == "C" and "60" in y[0]["grade_reason"],
                "assessment: 330281 is C for its 60-person incident", y)
        self.eq(j["weights"], {"ontime_rate": 30, "recovery_rate": 30, "satisfaction_rate": 15,
                               "incident_score": 15, "zero_rate": 10}, "assessment weights")
        self.zq("report", "weekly", "--period", "2026-W99", want=1)
        self.zq("report", "daily", want=2)

    def check_xlsx(self):
        path = os.path.join(self.tmp, "w.xlsx")
        self.zq("report", "weekly", "--region", "330200", "--period", "2026-W10", "--format",
                "xlsx", "--out", path)
        ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
        with zipfile.ZipFile(path) as z:
            sst = [si.findtext(".//m:t", "", ns) for si in
                   ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
            sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
            styles = z.read("xl/styles.xml").decode()
        cells = {}
        for c in sheet.iter("{%s}c" % ns["m"]):
            v = c.findtext("m:v", None, ns)
            if c.get("t") == "s" and v is not None:
                v = sst[int(v)]
            cells[c.get("r")] = (v, c.get("s"))
        self.eq(cells.get("A1", ("",))[0], "宁波市根治欠薪工作周调度表", "xlsx title")
        head = {v[0]: re.sub(r"\d+", "", k) for k, v in cells.items() if re.match(r"[A-Z]+4$", k)}
        col = head.get("欠薪余额（元）")
        self.ok(col is not None, "xlsx header has 欠薪余额（元）", sorted(head))
        rown = [k[1:] for k, v in cells.items() if k.startswith("B") and v[0] == "慈溪市"]
        self.ok(len(rown) == 1, "xlsx row of 慈溪市")
        if col and rown:
            v, style = cells.get(col + rown[0], (None, None))
            self.eq(v, "8000", "xlsx open arrears of 慈溪市 in yuan")
        self.ok("#,##0.00" in styles, "xlsx yuan number format")
        self.ok(b"<pane" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
                and b'state="frozen"' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml"),
                "xlsx frozen panes")

    def check_pdf(self):
        path = os.path.join(self.tmp, "w.pdf")
        self.zq("report", "weekly", "--region", "330200", "--period", "2026-W10", "--format",
                "pdf", "--out", path)
        text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True,
                              check=True).stdout.decode()
        for s in ("宁波市根治欠薪工作周调度表", "2026 年第 10 周", "慈溪市", "8,000.00",
                  "7,000.00", "各单位欠薪余额", "宁波市根治拖欠农民工工资工作领导小组办公室"):
            self.ok(s in text, "pdf text has " + s)
        self.ok(re.search(r"第\s*1\s*页", text) is not None, "pdf page number")
        png = os.path.join(self.tmp, "w")
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", path, png],
                       check=True)
        pngs = [f for f in os.listdir(self.tmp) if f.startswith("w-") and f.endswith(".png")]
        self.ok(pngs and os.path.getsize(os.path.join(self.tmp, pngs[0])) > 5000,
                "pdf page 1 renders to PNG")
        info = subprocess.run(["pdfinfo", path], capture_output=True).stdout.decode()
        self.ok("(A4)" in info, "pdf is A4", info)

    def check_notice(self):
        path = os.path.join(self.tmp, "nb.pdf")
        self.zq("notice-board", "P1", "--out", path)
        text = subprocess.run(["pdftotext", path, "-"], capture_output=True,
                              check=True).stdout.decode()
        for s in ("维权信息告示牌", "慈溪市城建投资有限公司", "宁波甬兴建设有限公司", "王小明",
                  "2490.00 元/月", "12333", "慈溪市住房和城乡建设局",
                  "/public/complaint?project=P1"):
            self.ok(s in text, "notice board has " + s)
        self.zq("notice-board", "NOPE", "--out", path, want=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--backend", choices=["sqlite", "pg"], default="sqlite")
    ap.add_argument("--pg-uri")
    args = ap.parse_args()
    r = Run(args)
    r.db = r.fresh_db()
    r.zq("init")
    r.fixture()
    for check in (r.check_csv, r.check_json_dept, r.check_assessment, r.check_xlsx, r.check_pdf,
                  r.check_notice):
        try:
            check()
        except Exception as e:  # a crash in one check is a failure, not the end
            r.ok(False, "%s raised %r" % (check.__name__, e))
    print("%d passed, %d failed" % (r.passed, r.failed))
    sys.exit(1 if r.failed else 0)


if __name__ == "__main__":
    main()
