#!/usr/bin/env python3
"""End-to-end test of the credit and follow-through records over HTTP and
the command line, on SQLite or PostgreSQL: the blacklist workflow (its
eligibility, the 陈述申辩 window, the decision, the public query, W15,
信用修复 and expiry at their date boundaries), incidents pushed up the
region chain, zero reports and the missing list, supervision and 久拖不决,
the notification inbox, and the annual rating.  Prints "N passed, N failed".
"""
import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from http_lib import ENT, Client, Db, Server, T, fixture_files, idnum, run  # noqa: E402

PASSWORD = "Credit-pass-2026"
USERS = {  # name -> (role, region)
    "admin": ("admin", "330000"),
    "nb_leader": ("leader", "330200"),
    "cx_insp": ("inspector", "330282"),
    "yy_insp": ("inspector", "330281"),
}

FIXTURE_SQL = """
INSERT INTO cases (case_no, province, region_code, origin, debtor_id, debtor_uscc, debtor_name,
  status, filed_on, deadline_on, people, amount_fen, created_at, updated_at)
SELECT 'AJ-CX-1', '330000', '330282', '检查', id, uscc, name, '办理中', '2026-07-01',
  '2026-10-01', 12, 5000000, 0, 0 FROM enterprises WHERE uscc = '{C}';
INSERT INTO case_documents (case_id, kind, doc_no, issued_on, deadline_on, created_at)
SELECT id, '责令支付通知', '慈人社监令〔2026〕1号', '2026-10-10', '2026-10-20', 0
  FROM cases WHERE case_no = 'AJ-CX-1';
INSERT INTO cases (case_no, province, region_code, origin, debtor_id, debtor_uscc, debtor_name,
  status, filed_on, deadline_on, people, amount_fen, created_at, updated_at)
SELECT 'AJ-YY-1', '330000', '330281', '检查', id, uscc, name, '办理中', '2026-10-01',
  '2026-12-25', 2, 100000, 0, 0 FROM enterprises WHERE uscc = '{S}';
INSERT INTO case_documents (case_id, kind, doc_no, issued_on, deadline_on, created_at)
SELECT id, '限期整改指令书', '余人社监令〔2026〕7号', '2026-10-10', '2026-10-25', 0
  FROM cases WHERE case_no = 'AJ-YY-1';
"""


def msg(r):
    """The message of an error answer ("" for others)."""
    try:
        return r.json()["error"]["message"]
    except (KeyError, ValueError, TypeError):
        return ""


def setup(t, args, tmp):
    db = Db(args.backend, args.pg_uri, tmp, f"credit_{os.getpid()}")
    rc, out, err = run(args.bin, db, "init")
    t.check(rc == 0, f"init: {err}")
    files = fixture_files()
    for kind in ("enterprises", "projects", "subcontracts"):
        path = os.path.join(tmp, kind + ".csv")
        with open(path, "wb") as f:
            f.write(files[kind])
        rc, out, err = run(args.bin, db, "import", kind, path)
        t.check(rc == 0, f"import {kind}: {out} {err}")
    for name, (role, region) in USERS.items():
        rc, out, err = run(args.bin, db, "user", "add", name, "--role", role, "--region", region,
                           "--password-stdin", stdin=(PASSWORD + "\n").encode())
        t.check(rc == 0, f"user add {name}: {err}")
    db.sql(FIXTURE_SQL.replace("{C}", ENT["C"]).replace("{S}", ENT["S"]))
    return db


def login_all(t, port):
    c = {}
    for name in USERS:
        c[name] = Client(port)
        r = c[name].login(name, PASSWORD)
        t.check(r.status == 200, f"login {name}: {r}")
    return c


def test_blacklist(t, c, port, db, args):
    insp = c["cx_insp"]
    r = insp.get(f"/api/v1/blacklist/eligibility?uscc={ENT['C']}")
    t.check(r.status == 200 and r.json()["eligible"] is True and r.json()["unpaid"] == "50000.00",
            f"C is eligible (unpaid above the threshold): {r}")
    r = c["yy_insp"].get(f"/api/v1/blacklist/eligibility?uscc={ENT['S']}")
    t.check(r.status == 200 and r.json()["eligible"] is False and r.json()["watch_eligible"],
            f"S only for the watch list (1000 yuan < threshold): {r}")
    r = c["yy_insp"].post("/api/v1/blacklist", {"uscc": ENT["S"], "reason": "逾期未付",
                                                "persons": [{"name": "钱五", "role": "法定代表人"}]})
    t.check(r.status == 422 and "不符合" in msg(r),
            f"S refused for the statutory list: {r}")
    body = {"uscc": ENT["C"], "reason": "拖欠 12 名农民工工资 5 万元，经责令限期支付逾期未付",
            "persons": [{"name": "孙六", "role": "法定代表人",
                         "id_number": idnum("33028219700101123")},
                        {"name": "周七", "role": "项目负责人"}],
            "date": "2026-11-09"}
    r = c["yy_insp"].post("/api/v1/blacklist", body)
    t.check(r.status == 422, f"a county cannot propose another county's debtor: {r}")
    r = c["yy_insp"].get(f"/api/v1/blacklist/eligibility?uscc={ENT['C']}")
    t.check(r.status == 200 and r.json()["orders"] == [] and not r.json()["eligible"],
            f"nor see its orders: {r}")
    r = insp.post("/api/v1/blacklist", {**body, "persons": []})
    t.check(r.status == 422, f"statutory listing needs a responsible person: {r}")
    r = insp.post("/api/v1/blacklist", body)
    ok = t.check(r.status == 201 and r.json()["status"] == "拟列入", f"propose C: {r}")
    bid = r.json()["id"] if ok else 0
    if ok:
        p = r.json()["persons"]
        t.check(p[0]["id_masked"].startswith("330282") and "*" in p[0]["id_masked"] and
                r.json()["case_no"] == "AJ-CX-1", f"ID number masked, case linked: {p}")
    r = insp.post("/api/v1/blacklist", body)
    t.check(r.status == 409, f"second proposal refused: {r}")
    r = insp.post(f"/api/v1/blacklist/{bid}/decide", {"by": "慈溪市人社局", "date": "2026-11-30"})
    t.check(r.status == 409, f"decision before notice refused: {r}")
    r = insp.post(f"/api/v1/blacklist/{bid}/notice", {"date": "2026-11-08"})
    t.check(r.status == 422, f"notice dated before the proposal refused: {r}")
    r = insp.post(f"/api/v1/blacklist/{bid}/notice", {"date": "2026-11-09"})
    t.check(r.status == 200 and r.json()["defense_until"] == "2026-11-16",
            f"notice: 5 working days to 2026-11-16: {r}")
    r = insp.post(f"/api/v1/blacklist/{bid}/defense", {"text": "资金困难，正在筹措"})
    t.check(r.status == 200 and r.json()["defense_note"] == "资金困难，正在筹措", f"defense: {r}")
    r = insp.post(f"/api/v1/blacklist/{bid}/decide", {"by": "慈溪市人社局", "date": "2026-11-16"})
    t.check(r.status == 422 and "陈述申辩期" in msg(r),
            f"decision on the window's last day refused: {r}")
    r = insp.post(f"/api/v1/blacklist/{bid}/decide", {"by": "慈溪市人力资源和社会保障局",
                                                      "date": "2026-11-17"})
    t.check(r.status == 200 and r.json()["status"] == "已列入" and
            r.json()["expires_on"] == "2029-11-17", f"decided the day after; 3 years: {r}")
    r = c["yy_insp"].get(f"/api/v1/blacklist/{bid}")
    t.check(r.status == 404, f"another county does not see it: {r}")
    r = c["nb_leader"].get(f"/api/v1/blacklist/{bid}")
    t.check(r.status == 200 and len(r.json()["events"]) == 4, f"the city sees it with events: {r}")
    r = c["nb_leader"].get("/api/v1/blacklist?q=%E6%B5%8B%E8%AF%95%E4%BC%81%E4%B8%9AC")
    t.check(r.status == 200 and len(r.json()["items"]) == 1, f"staff list by part of the name: {r}")
    for q in ("%25", "_", "%25%25"):
        r = c["nb_leader"].get("/api/v1/blacklist?q=" + q)
        t.check(r.status == 200 and r.json()["items"] == [], f"q={q} is a literal, not a wildcard: {r}")
    # public query
    pub = Client(port)
    r = pub.get("/api/v1/public/blacklist?q=" + ENT["C"])
    items = r.json().get("items", []) if r.status == 200 else []
    t.check(len(items) == 1 and items[0]["name"] == "测试企业C有限公司" and
            items[0]["persons"] == [{"name": "孙六", "role": "法定代表人"},
                                    {"name": "周七", "role": "项目负责人"}],
            f"public query by USCC: name and role only: {r}")
    t.check("id_masked" not in r.body.decode() and "defense" not in r.body.decode(),
            "no personal or internal data in the public answer")
    r = pub.get("/api/v1/public/blacklist?q=" + "测试企业C")
    t.check(r.status == 200 and len(r.json()["items"]) == 1, f"public query by name: {r}")
    r = pub.get("/api/v1/public/blacklist?q=测")
    t.check(r.status == 422, f"one character is too short: {r}")
    # W15 reads the listing
    rc, out, err = run(args.bin, db, "scan", "--as-of", "2026-11-25")
    rc, out, err = run(args.bin, db, "warnings", "--code", "W15", "--format", "csv")
    t.check(rc == 0 and "P-CX-1" in out and "测试企业C" in out, f"W15 on P-CX-1: {out} {err}")
    # 信用修复
    rr = {"corrected_on": "2026-12-01", "pledge": "本单位承诺依法按时足额支付工资", "date": "2027-06-01"}
    r = insp.post(f"/api/v1/blacklist/{bid}/repair", rr)
    t.check(r.status == 422 and "欠薪" in msg(r), f"repair refused while unpaid: {r}")
    db.sql("UPDATE case_documents SET complied_on = '2026-12-01' WHERE doc_no LIKE '慈人社%'")
    r = insp.post(f"/api/v1/blacklist/{bid}/repair", {**rr, "date": "2027-05-31"})
    t.check(r.status == 422 and "2027-06-01" in msg(r),
            f"repair one day before 6 months refused: {r}")
    r = insp.post(f"/api/v1/blacklist/{bid}/repair", {**rr, "pledge": ""})
    t.check(r.status == 422, f"repair needs a pledge: {r}")
    r = insp.post(f"/api/v1/blacklist/{bid}/repair", rr)
    t.check(r.status == 200 and r.json()["status"] == "已移出" and
            r.json()["removal_kind"] == "信用修复" and r.json()["removed_on"] == "2027-06-01",
            f"repair on the day 6 months after correction: {r}")
    r = pub.get("/api/v1/public/blacklist?q=" + ENT["C"])
    t.check(r.status == 200 and r.json()["items"] == [], f"removed: no longer public: {r}")
    # watch list over the command line, and expiry at its boundary
    rc, out, err = run(args.bin, db, "blacklist", "propose", "--uscc", ENT["S"], "--list",
                       "重点关注", "--reason", "逾期未履行限期整改指令", "--date", "2026-11-02")
    ok = t.check(rc == 0 and "已拟列入" in out, f"cli propose watch list: {out} {err}")
    wid = out.split("名单记录 ")[1].split("（")[0] if ok else "0"
    for step in (["notice", wid, "--date", "2026-11-02"],
                 ["decide", wid, "--by", "余姚市人社局", "--date", "2026-11-10"]):
        rc, out, err = run(args.bin, db, "blacklist", *step)
        t.check(rc == 0, f"cli {step[0]}: {out} {err}")
    rc, out, err = run(args.bin, db, "blacklist", "show", wid, "--format", "json")
    t.check(rc == 0 and '"expires_on": "2027-11-10"' in out, f"watch list: 1 year: {out}")
    rc, out, err = run(args.bin, db, "blacklist", "expire", "--date", "2027-11-09")
    t.check(rc == 0 and "届满移出 0 条" in out, f"not expired the day before: {out} {err}")
    rc, out, err = run(args.bin, db, "blacklist", "expire", "--date", "2027-11-10")
    t.check(rc == 0 and "届满移出 1 条" in out, f"expired on the day: {out} {err}")
    rc, out, err = run(args.bin, db, "blacklist", "list", "--format", "csv")
    t.check(rc == 0 and out.startswith("id,uscc,name,list,status") and "已移出" in out,
            f"cli list csv: {out}")
    r = c["admin"].get("/api/v1/audit?entity=blacklist")
    t.check(r.status == 200 and len(r.json()["items"]) >= 9, f"every step audited: {r}")


def test_incidents(t, c):
    body = {"occurred_at": "2026-11-20 09:30", "place": "慈溪市白沙路街道 P-CX-1 工地",
            "region_code": "330282", "project_code": "P-CX-1", "people": 60, "amount": "800000",
            "form": "聚集", "description": "60 名工人聚集讨薪", "serious": True}
    r = c["cx_insp"].post("/api/v1/incidents", body)
    t.check(r.status == 422 and r.json()["error"].get("field") == "nature", f"nature must be asked: {r}")
    r = c["cx_insp"].post("/api/v1/incidents", {**body, "occurred_at": "2026-11-20T09:30:00+08:00"})
    t.check(r.status == 422 and r.json()["error"].get("field") == "nature",
            f"the time as the answers write it is read back: {r}")
    r = c["cx_insp"].post("/api/v1/incidents", {**body, "occurred_at": "2026-11-20T01:30:00Z"})
    t.check(r.status == 422 and r.json()["error"].get("field") == "occurred_at",
            f"a time in another zone is refused: {r}")
    r = c["cx_insp"].post("/api/v1/incidents", {**body, "nature": "工资"})
    ok = t.check(r.status == 201 and r.json()["project_code"] == "P-CX-1" and
                 r.json()["enterprise_uscc"] == ENT["C"], f"incident reported: {r}")
    iid = r.json()["id"] if ok else 0
    r = c["nb_leader"].get("/api/v1/incidents")
    t.check(r.status == 200 and [i["id"] for i in r.json()["items"]] == [iid],
            f"the city sees its county's incident at once: {r}")
    r = c["yy_insp"].get(f"/api/v1/incidents/{iid}")
    t.check(r.status == 404, f"another county does not: {r}")
    for name, want in (("nb_leader", 1), ("admin", 1), ("yy_insp", 0)):
        r = c[name].get("/api/v1/notifications?unread=1")
        n = [x for x in r.json().get("items", []) if x["kind"] == "incident"]
        t.check(r.status == 200 and len(n) == want, f"incident notice for {name}: {r}")
    r = c["nb_leader"].get("/api/v1/notifications?limit=500")
    nid = r.json()["items"][0]["id"]
    left = sum(1 for x in r.json()["items"] if not x["read_at"])
    t.check(r.json()["unread"] == left >= 1 and r.json()["next_cursor"] is None,
            f"unread counts the unread notices: {r.json()['unread']} of {left}")
    r = c["yy_insp"].post(f"/api/v1/notifications/{nid}/read")
    t.check(r.status == 404, f"cannot read another's notice: {r}")
    r = c["nb_leader"].post(f"/api/v1/notifications/{nid}/read")
    t.check(r.status == 200 and r.json()["marked"] == 1, f"mark read: {r}")
    r = c["nb_leader"].get("/api/v1/notifications")
    t.check(r.json()["unread"] == left - 1 and r.json()["items"][0]["read_at"], f"read: {r}")
    r = c["cx_insp"].post(f"/api/v1/incidents/{iid}/followups",
                          {"note": "已协调总包先行垫付", "status": "已平息"})
    t.check(r.status == 200 and r.json()["status"] == "已平息" and
            len(r.json()["followups"]) == 1, f"follow-up: {r}")
    return iid


def test_zero_reports(t, c, args, db):
    r = c["cx_insp"].post("/api/v1/zero-reports", {"region_code": "330282", "date": "2026-11-20",
                                                   "has_events": True})
    t.check(r.status == 422, f"a report with events needs a note: {r}")
    r = c["cx_insp"].post("/api/v1/zero-reports", {"region_code": "330282", "date": "2026-11-20",
                                                   "has_events": False})
    t.check(r.status == 201, f"nothing to report is a report: {r}")
    r = c["cx_insp"].post("/api/v1/zero-reports", {"region_code": "330281", "date": "2026-11-20",
                                                   "has_events": False})
    t.check(r.status == 404, f"not for another county: {r}")
    r = c["nb_leader"].get("/api/v1/zero-reports/missing?region=330200&date=2026-11-20")
    j = r.json() if r.status == 200 else {}
    miss = [m["region_code"] for m in j.get("missing", [])]
    t.check(r.status == 200 and "330282" not in miss and "330281" in miss and
            j["expected"] == len(miss) + 1, f"missing list: {r}")
    rc, out, err = run(args.bin, db, "zero-report", "missing", "--region", "330200", "--date",
                       "2026-11-22", "--now", "2026-11-23 09:59")
    t.check(rc == 0 and "漏报 0" in out, f"not missing before 10:00 the next day: {out} {err}")
    rc, out, err = run(args.bin, db, "zero-report", "missing", "--region", "330200", "--date",
                       "2026-11-22", "--now", "2026-11-23 10:00")
    t.check(rc == 0 and "漏报 0" not in out and "330282" in out, f"missing at 10:00: {out} {err}")


def test_supervision(t, c, args, db):
    r = c["nb_leader"].post("/api/v1/supervision/rounds",
                            {"title": "2026 年冬季根治欠薪第一轮督查", "team": "市治欠办第一督查组",
                             "targets": "330282,330281", "started_on": "2026-11-18"})
    ok = t.check(r.status == 201, f"round: {r}")
    rid = r.json()["id"] if ok else 0
    r = c["nb_leader"].post(f"/api/v1/supervision/rounds/{rid}/findings",
                            {"region_code": "330282", "case_no": "AJ-CX-1", "measure": "约谈",
                             "target": "慈溪市人社局分管负责人", "finding": "案件超期未结",
                             "measure_on": "2026-11-20", "deadline_on": "2026-11-25"})
    ok = t.check(r.status == 201, f"finding: {r}")
    fid = r.json()["id"] if ok else 0
    r = c["nb_leader"].post(f"/api/v1/supervision/rounds/{rid}/findings",
                            {"region_code": "330282", "measure": "罚款", "finding": "x"})
    t.check(r.status == 422, f"unknown measure refused: {r}")
    r = c["cx_insp"].get("/api/v1/notifications")
    t.check(any(x["kind"] == "supervision" for x in r.json()["items"]),
            f"the county is told of the measure: {r}")
    r = c["cx_insp"].get("/api/v1/supervision/rounds")
    mine = [x for x in r.json().get("rounds", []) if x["id"] == rid] if r.status == 200 else []
    t.check(len(mine) == 1 and mine[0]["findings"] == 1,
            f"the supervised county finds the city's round in its list: {r}")
    r = c["yy_insp"].get("/api/v1/supervision/rounds")
    t.check(r.status == 200 and all(x["id"] != rid for x in r.json()["rounds"]),
            f"a county without a finding does not: {r}")
    r = c["cx_insp"].post(f"/api/v1/supervision/rounds/{rid}/findings",
                          {"region_code": "330282", "measure": "约谈", "finding": "x",
                           "measure_on": "2026-11-20"})
    t.check(r.status in (403, 404), f"the county cannot add findings to the city's round: {r}")
    r = c["cx_insp"].get(f"/api/v1/supervision/rounds/{rid}/findings")
    t.check(r.status == 200 and r.json()["findings"][0]["case_no"] == "AJ-CX-1",
            f"the county sees the finding: {r}")
    r = c["cx_insp"].post(f"/api/v1/supervision/findings/{fid}/followups",
                          {"followup": "已约谈并制定清偿计划"})
    t.check(r.status == 204, f"follow-up: {r}")
    r = c["nb_leader"].get("/api/v1/supervision/stalled?date=2026-11-23")
    t.check(r.status == 200 and [x["case_no"] for x in r.json()["items"]] == ["AJ-CX-1"],
            f"久拖不决: AJ-CX-1 only: {r}")
    rc, out, err = run(args.bin, db, "supervision", "notify-deadlines", "--date", "2026-11-23")
    t.check(rc == 0 and "0 条" not in out, f"deadline notices: {out} {err}")
    rc, out, err = run(args.bin, db, "supervision", "notify-deadlines", "--date", "2026-11-23")
    t.check(rc == 0 and "0 条" in out, f"not repeated: {out} {err}")
    r = c["cx_insp"].get("/api/v1/notifications")
    t.check(any(x["kind"] == "deadline" for x in r.json()["items"]), f"deadline notice: {r}")


def test_ratings(t, c, args, db):
    r = c["admin"].post("/api/v1/ratings", {"year": 2026})
    t.check(r.status == 200 and r.json()["rated"] == 6, f"rate 2026: {r}")
    r = c["admin"].get("/api/v1/ratings?year=2026")
    g = {x["uscc"]: x for x in r.json().get("items", [])}
    t.check(g.get(ENT["C"], {}).get("grade") == "C" and "群体性" in g[ENT["C"]]["reasons"],
            f"C graded C with reasons: {g.get(ENT['C'])}")
    t.check(g.get(ENT["S"], {}).get("grade") == "C", f"S ignored an order: C {g.get(ENT['S'])}")
    t.check(g.get(ENT["B1"], {}).get("grade") == "A", f"B1 clean: A {g.get(ENT['B1'])}")
    rc, out, err = run(args.bin, db, "rating", "list", "--year", "2026", "--grade", "A",
                       "--format", "csv")
    t.check(rc == 0 and ENT["B1"] in out and ENT["C"] not in out, f"cli rating list: {out}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--backend", choices=["sqlite", "pg"], default="sqlite")
    ap.add_argument("--pg-uri")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    t = T()
    with tempfile.TemporaryDirectory(prefix="zq-credit-") as tmp:
        db = setup(t, args, tmp)
        srv = Server(args.bin, db, tmp)
        try:
            c = login_all(t, srv.port)
            test_blacklist(t, c, srv.port, db, args)
            test_incidents(t, c)
            test_zero_reports(t, c, args, db)
            test_supervision(t, c, args, db)
            test_ratings(t, c, args, db)
            pub = Client(srv.port)
            codes = [pub.get("/api/v1/public/blacklist?q=测试企业").status for _ in range(40)]
            t.check(429 in codes, f"public query rate-limited: {codes}")
        finally:
            rc = srv.stop()
        err = srv.stderr()
        t.check(rc == 0, f"server stopped: {rc}")
        t.check("AddressSanitizer" not in err and "runtime error" not in err,
                "no sanitizer report: " + err[-3000:])
        rc, out, err = run(args.bin, db, "audit", "verify")
        t.check(rc == 0, f"audit chain intact: {out} {err}")
    return t.summary()


if __name__ == "__main__":
    sys.exit(main())
