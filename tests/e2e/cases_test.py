#!/usr/bin/env python3
"""End-to-end tests of case handling (SPEC §7 cases, emergency fund, 两清零)
against the real binary, over HTTP (`zhiqian serve`) and the CLI, on SQLite
or PostgreSQL:

  - the must-show flow of SPEC §7: a public complaint → ticket → accepted
    on time → verified (查实) → case with two workers → 限期整改指令书 →
    partial settlement by 总包先行清偿 → close refused (not fully paid) →
    emergency-fund advance → closed, the clue closed with it → the public
    progress query shows 办结 → satisfaction recorded (已回访);
  - scope: out-of-region inspectors get 404, the industry's dept officer
    sees the case, anonymous callers 401, dept officers cannot open cases;
  - refused transitions answer 409 with the reason, bad fields 422;
  - search by two-character names; the 两清零 view; the audit trail;
  - the CLI: an inspection case, 责令支付通知 past its deadline, police
    transfer, closing by exception; a 保证金 draw; the scan then reads the
    case data (W14, W17, W21; W12 stays quiet below its thresholds).

Usage: cases_test.py --bin ZHIQIAN [--backend sqlite|pg] [--pg-uri URI]
Ends with "N passed, N failed".
"""
import argparse
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from http_lib import TODAY, Client, Db, Server, T, run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "..", "docs", "examples")
PASSWORD = "Test-pass-2026"
PROJECT = "XH-2025-0018"          # 政府投资, 住建, in 330106
SUB = "91330109MA27WK5A1Q"        # 劳务分包 on it
CONTRACTOR = "91330102143095287F"
TICKET = None                     # set by the public complaint
PHONE = "13900002306"
W1 = ("510322198503142715", "张建军")
W2 = ("412726199007225626", "李红梅")

USERS = {
    "insp_xh": ("inspector", "330106", None),
    "insp_xh2": ("inspector", "330106", None),
    "insp_xs": ("inspector", "330109", None),
    "off_housing": ("dept_officer", "330100", "housing"),
    "off_water": ("dept_officer", "330100", "water"),
    "admin": ("admin", "330000", None),
}


def public_complaint(t, port):
    """The clue half: a public complaint taken to 查实 through the clue
    workflow; returns its ticket."""
    global TICKET
    r = Client(port).post("/api/v1/public/clues", {
        "complainant": W1[1], "complainant_id": W1[0], "phone": PHONE,
        "respondent": "杭州恒信建筑劳务有限公司", "respondent_uscc": SUB, "region_code": "330106",
        "project_code": PROJECT, "nature": "工资", "people": 2, "amount": "40000.00",
        "description": "拖欠两个月工资"})
    if not t.check(r.status == 201, f"public complaint: {r}"):
        return None
    TICKET = r.json()["ticket"]
    t.check(TICKET.startswith("XS330106" + TODAY.replace("-", "")) and
            r.json()["accept_by"] > TODAY, f"ticket and acceptance deadline: {r.json()}")
    insp = login(port, "insp_xh")
    path = f"/api/v1/clues/{TICKET}/actions"
    r = insp.post(path, {"action": "accept"})
    t.check(r.status == 200 and r.json()["status"] == "已受理" and
            r.json()["accepted_on"] <= r.json()["accept_by"], f"accepted on time: {r}")
    r = insp.post(path, {"action": "verify", "handlers": ["insp_xh", "insp_xh2"]})
    t.check(r.status == 200 and r.json()["status"] == "核查中", f"verify: {r}")
    r = insp.post(path, {"action": "confirm", "nature": "工资", "amount": "40000.00",
                         "people": 2})
    t.check(r.status == 200 and r.json()["status"] == "查实", f"confirmed: {r}")
    return TICKET


def public_outcome(t, port):
    pub = Client(port)
    r = pub.get(f"/api/v1/public/clues/{TICKET}?phone={PHONE}")
    t.check(r.status == 200 and r.json()["status"] == "办结" and r.json().get("result"),
            f"public query shows 办结: {r}")
    text = r.body.decode("utf-8", "replace")
    t.check(PHONE not in text and W1[0] not in text, "the public answer holds no personal data")
    r = pub.get(f"/api/v1/public/clues/{TICKET}?phone=13900000000")
    t.check(r.status == 404, f"another phone learns nothing: {r}")
    r = pub.post(f"/api/v1/public/clues/{TICKET}/feedback",
                 {"phone": PHONE, "satisfaction": "满意"})
    t.check(r.status == 200, f"satisfaction recorded: {r}")
    r = pub.get(f"/api/v1/public/clues/{TICKET}?phone={PHONE}")
    t.check(r.status == 200 and r.json()["status"] == "已回访", f"已回访 after feedback: {r}")


def setup(t, args, tmp):
    db = Db(args.backend, args.pg_uri, tmp, f"cases_{os.getpid()}")
    rc, out, err = run(args.bin, db, "init")
    t.check(rc == 0, f"init: {err}")
    for kind in ("enterprises", "projects", "subcontracts", "payments", "deposits",
                 "employment"):
        rc, out, err = run(args.bin, db, "import", kind, os.path.join(EXAMPLES, kind + ".csv"))
        t.check(rc == 0, f"import {kind}: {out} {err}")
    for name, (role, region, dept) in USERS.items():
        cmd = ["user", "add", name, "--role", role, "--region", region, "--password-stdin"]
        if dept:
            cmd += ["--dept", dept]
        rc, out, err = run(args.bin, db, *cmd, stdin=(PASSWORD + "\n").encode())
        t.check(rc == 0, f"user add {name}: {out} {err}")
    return db


def login(port, name):
    c = Client(port)
    r = c.login(name, PASSWORD)
    assert r.status == 200, r
    return c


def worker_ids(case):
    return {w["name"]: w["worker_id"] for w in case["workers"]}


def http_flow(t, db, port):
    insp = login(port, "insp_xh")
    r = insp.post("/api/v1/cases", {
        "clues": [TICKET],
        "workers": [{"id_number": W1[0], "name": W1[1], "owed": "25000.00"},
                    {"id_number": W2[0], "name": W2[1], "owed": "15000.00"}],
        "handlers": ["insp_xh", "insp_xh2"], "leader": "insp_xh",
        "plan": "约谈施工总承包单位，5 个工作日内先行清偿；逾期启用应急周转金",
    })
    if not t.check(r.status == 201, f"create from clue: {r}"):
        return None
    case = r.json()
    no = case["case_no"]
    t.check(no.startswith("AJ330106-2026-"), f"case number {no}")
    t.check(case["amount"] == "40000.00" and case["people"] == 2, f"amounts {case['amount']}")
    t.check([p["role"] for p in case["chain"]] == ["分包单位", "施工总承包", "建设单位"],
            f"chain {case['chain']}")
    t.check(case["clues"][0]["ticket"] == TICKET and case["clues"][0]["status"] == "查实",
            f"clue linked {case['clues']}")
    t.check("510322" in case["workers"][0]["id_number_masked"] and
            W1[0] not in json.dumps(case, ensure_ascii=False), "ID numbers masked")
    ids = worker_ids(case)

    # the same clue cannot open a second case
    r = insp.post("/api/v1/cases", {"clues": [TICKET]})
    t.check(r.status == 409 and "已并入案件" in r.json()["error"]["message"], f"clue reused: {r}")

    path = f"/api/v1/cases/{no}/actions"
    handler_notices(t, port, insp, path, no)
    r = insp.post(path, {"action": "document", "kind": "限期整改指令书",
                         "issued_on": "2026-11-23", "deadline_on": "2026-11-30"})
    t.check(r.status == 200 and r.json()["documents"][0]["kind"] == "限期整改指令书",
            f"限期整改指令书: {r}")
    r = insp.post(path, {"action": "document", "kind": "责令支付通知"})
    t.check(r.status == 422 and r.json()["error"]["field"] == "deadline_on", f"no deadline: {r}")
    r = insp.post(path, {"action": "settle", "payer_role": "总包先行清偿", "paid_on": "2026-11-25",
                         "lines": [{"worker_id": ids[W1[1]], "amount": "25000.00"}]})
    t.check(r.status == 200 and r.json()["paid"] == "25000.00" and
            r.json()["settlements"][0]["payer_uscc"] == CONTRACTOR, f"partial settlement: {r}")

    # 两清零 before it is cleared: a 政府投资 project, against the year end
    r = insp.get("/api/v1/zero-arrears?as_of=2026-11-25")
    z = r.json() if r.status == 200 else {}
    t.check(r.status == 200 and z["total"]["gov_soe"]["cases"] == 1 and
            z["total"]["gov_soe"]["amount"] == "15000.00" and
            z["total"]["gov_soe"]["workers"] == 1 and
            z["total"]["gov_soe"]["target"] == "2026-12-31" and
            z["total"]["gov_soe"]["days_left"] == 36 and
            z["total"]["others"]["target"] == "2027-02-05", f"zero-arrears: {r}")

    r = insp.post(path, {"action": "close", "result": "已清偿"})
    t.check(r.status == 409 and "未足额清偿" in r.json()["error"]["message"],
            f"close refused: {r}")
    r = insp.post(path, {"action": "advance", "lines": [{"worker_id": ids[W2[1]],
                                                         "amount": "15000.00"}]})
    t.check(r.status == 409 and "应急周转金" in r.json()["error"]["message"], f"no fund: {r}")
    r = insp.post("/api/v1/funds/330106/topups", {"amount": "10000.00", "note": "区财政注资"})
    t.check(r.status == 201 and r.json()["balance"] == "10000.00", f"top-up: {r}")
    r = insp.post(path, {"action": "advance", "lines": [{"worker_id": ids[W2[1]],
                                                         "amount": "15000.00"}]})
    t.check(r.status == 409 and "不足以垫付" in r.json()["error"]["message"], f"over balance: {r}")
    r = insp.post("/api/v1/funds/330106/topups", {"amount": "20000.00"})
    r = insp.post(path, {"action": "advance", "advanced_on": "2026-11-26",
                         "lines": [{"worker_id": ids[W2[1]], "amount": "15000.00"}]})
    t.check(r.status == 200 and r.json()["paid"] == "40000.00" and r.json()["closable"],
            f"fund advance: {r}")
    r = insp.get("/api/v1/funds/330106")
    f = r.json() if r.status == 200 else {}
    t.check(r.status == 200 and f["balance"] == "15000.00" and f["outstanding"] == "15000.00" and
            f["advances"][0]["case_no"] == no, f"fund after advance: {r}")
    r = insp.post(path, {"action": "close", "result": "已足额清偿，应急周转金垫付部分向用人单位追偿",
                         "closed_on": "2026-11-27"})
    closed = r.json() if r.status == 200 else {}
    t.check(r.status == 200 and closed["status"] == "已结案" and
            closed["close_kind"] == "全额清偿", f"closed: {r}")
    t.check(closed.get("clues", [{}])[0].get("status") == "办结", "the clue closes with its case")
    t.check(all(d["complied_on"] for d in closed.get("documents", [])), "orders complied")
    r = insp.post(path, {"action": "settle", "payer_role": "用人单位",
                         "lines": [{"worker_id": ids[W1[1]], "amount": "1"}]})
    t.check(r.status == 409 and "已于 2026-11-27 结案" in r.json()["error"]["message"],
            f"closed case refuses: {r}")
    r = insp.post(path, {"action": "teleport"})
    t.check(r.status == 422 and r.json()["error"]["field"] == "action", f"unknown action: {r}")
    r = insp.post("/api/v1/funds/330106/recoveries", {"advance_id": f["advances"][0]["id"],
                                                      "amount": "5000.00"})
    t.check(r.status == 201 and r.json()["balance"] == "20000.00" and
            r.json()["outstanding"] == "10000.00", f"recovery: {r}")
    return no


def case_notices(port, name, no):
    r = login(port, name).get("/api/v1/notifications")
    return [i for i in (r.json() or {}).get("items", [])
            if i["kind"] == "assignment" and i["subject_code"] == no]


def handler_notices(t, port, insp, path, no):
    """Each handler is told in the inbox, at creation and at `assign`;
    no one else is."""
    for name in ("insp_xh", "insp_xh2"):
        got = case_notices(port, name, no)
        t.check(len(got) == 1 and no in got[0]["message"], f"{name} told of {no}: {got}")
    for name in ("insp_xs", "off_housing", "admin"):
        t.check(case_notices(port, name, no) == [], f"{name} not told of {no}")
    r = insp.post(path, {"action": "assign", "handlers": ["insp_xh", "insp_xh2"]})
    t.check(r.status == 200, f"assign: {r}")
    got = case_notices(port, "insp_xh2", no)
    t.check(len(got) == 2 and "协办" in got[0]["message"], f"assign tells again: {got}")
    t.check(case_notices(port, "insp_xs", no) == [], "insp_xs not told at assign")


def http_scope(t, port, no):
    for q, want in (("恒信", True), ("红梅", True), ("李红", True), (TICKET, True),
                    ("王五", False), (no, True)):
        r = login(port, "insp_xh").get("/api/v1/cases?q=" + q)
        found = r.status == 200 and any(i["case_no"] == no for i in r.json()["items"])
        t.check(found == want, f"search q={q}: {r}")
    r = login(port, "insp_xs").get(f"/api/v1/cases/{no}")
    t.check(r.status == 404, f"other county: {r}")
    r = login(port, "insp_xs").get("/api/v1/cases")
    t.check(r.status == 200 and r.json()["items"] == [], "other county lists nothing")
    r = login(port, "off_housing").get(f"/api/v1/cases/{no}")
    t.check(r.status == 200, f"住建 officer sees the 住建 project's case: {r}")
    r = login(port, "off_water").get(f"/api/v1/cases/{no}")
    t.check(r.status == 404, f"水利 officer does not: {r}")
    r = login(port, "off_housing").post("/api/v1/cases", {"origin": "检查"})
    t.check(r.status == 403, f"dept officer cannot open cases: {r}")
    r = Client(port).get("/api/v1/cases")
    t.check(r.status == 401, f"anonymous: {r}")
    r = login(port, "insp_xh").get("/api/v1/zero-arrears?region=110101&as_of=2026-11-25")
    z = r.json() if r.status == 200 else {}
    t.check(r.status == 200 and z.get("as_of") == "2026-11-25" and z.get("regions") == [],
            f"两清零 of a region outside the scope is empty: {r}")
    r = login(port, "insp_xs").get("/api/v1/funds/330106")
    t.check(r.status == 404, f"fund of another county: {r}")
    r = login(port, "admin").get(f"/api/v1/audit?entity=case&entity_id={no}")
    acts = [i.get("action") for i in r.json()["items"]] if r.status == 200 else []
    t.check(r.status == 200 and "立案" in acts and "结案" in acts and "周转金垫付" in acts,
            f"audited: {acts}")


def http_races(t, port):
    """Actions on one case sent at once, each on its own connection: one worker's
    whole arrears settled by eight requests, eight extensions, eight advances of
    the fund's whole balance, eight recoveries of that whole advance. Exactly one
    of each may succeed; the others are refused (422, 409), and the case and
    the fund show one."""
    import concurrent.futures
    insp = login(port, "insp_xh")
    r = insp.post("/api/v1/cases", {
        "origin": "检查", "region_code": "330106", "debtor_name": "西湖区某服装厂",
        "workers": [{"id_number": W1[0], "name": W1[1], "owed": "1000.00"},
                    {"id_number": W2[0], "name": W2[1], "owed": "800.00"}],
        "handlers": ["insp_xh", "insp_xh2"]})
    t.check(r.status == 201, f"an inspection case: {r}")
    if r.status != 201:
        return
    no = r.json()["case_no"]
    ids = worker_ids(r.json())
    path = f"/api/v1/cases/{no}/actions"
    n = 8
    clients = [Client(port) for _ in range(n)]
    for c in clients:  # the same session on eight connections
        c.cookies, c.csrf = dict(insp.cookies), insp.csrf

    def burst_to(where, body):
        with concurrent.futures.ThreadPoolExecutor(n) as ex:
            return sorted(f.result().status for f in
                          [ex.submit(c.post, where, body) for c in clients])

    def burst(body):
        return burst_to(path, body)

    got = burst({"action": "settle", "payer_role": "用人单位", "paid_on": "2026-11-23",
                 "lines": [{"worker_id": ids[W1[1]], "amount": "1000.00"}]})
    case = insp.get(f"/api/v1/cases/{no}").json()
    paid = [s for s in case.get("settlements", []) if s.get("worker_id") == ids[W1[1]]]
    t.check(got == [200] + [422] * (n - 1) and len(paid) == 1 and case["paid"] == "1000.00",
            f"one of {n} settlements of the same arrears: {got}, paid {case.get('paid')}, "
            f"{len(paid)} settlement rows")
    got = burst({"action": "extend", "approver": "区人社局局长", "reason": "案情复杂"})
    case = insp.get(f"/api/v1/cases/{no}").json()
    ext = [e for e in case.get("history", []) if "延长期限" in json.dumps(e, ensure_ascii=False)]
    t.check(got == [200] + [409] * (n - 1) and len(ext) == 1,
            f"one of {n} extensions: {got}, {len(ext)} events")
    r = insp.get("/api/v1/funds/330106")
    bal = r.json()["balance"] if r.status == 200 else None
    r = insp.post("/api/v1/funds/330106/topups", {"amount": "800.00"})
    t.check(r.status == 201, f"top-up: {r}")
    got = burst({"action": "advance", "lines": [{"worker_id": ids[W2[1]], "amount": "800.00"}]})
    f = insp.get("/api/v1/funds/330106").json()
    adv = [a for a in f.get("advances", []) if a.get("case_no") == no]
    t.check(got.count(200) == 1 and len(adv) == 1 and f.get("balance") == bal,
            f"one of {n} advances: {got}, {len(adv)} advances, balance {f.get('balance')} "
            f"(was {bal} before the top-up)")
    if adv:
        got = burst_to("/api/v1/funds/330106/recoveries",
                       {"advance_id": adv[0]["id"], "amount": "800.00"})
        f = insp.get("/api/v1/funds/330106").json()
        t.check(got == [201] + [409] * (n - 1) and f.get("balance") == money_add(bal, "800.00"),
                f"one of {n} recoveries of the whole advance: {got}, balance {f.get('balance')}")
    for c in clients:
        c.close()


def money_add(a, b):
    fen = sum(int(x.replace(".", "")) for x in (a or "0.00", b))
    return f"{fen // 100}.{fen % 100:02d}"


def cli_flow(t, args, db):
    def zq(*a):
        return run(args.bin, db, *a)

    rc, out, err = zq("case", "create", "--origin", "检查", "--project-code", PROJECT,
                      "--debtor-uscc", SUB, "--filed-on", "2026-11-02",
                      "--worker", f"{W1[0]}:{W1[1]}:30000", "--worker", f"{W2[0]}:{W2[1]}:20000",
                      "--handler", "insp_xh", "--handler", "insp_xh2", "--plan", "立案调查",
                      "--format", "json")
    if not t.check(rc == 0, f"cli create: {err}"):
        return
    case = json.loads(out)
    no = case["case_no"]
    ids = worker_ids(case)
    rc, out, err = zq("case", "police", no, "--on", "2026-11-20")
    t.check(rc == 1 and "逾期未履行" in err, f"police refused without an order: {err}")
    rc, out, err = zq("case", "document", no, "--kind", "责令支付通知", "--issued-on", "2026-11-03",
                      "--deadline-on", "2026-11-10")
    t.check(rc == 0 and "责令支付通知" in out, f"cli document: {err}")
    rc, out, err = zq("case", "settle", no, "--payer-role", "保证金", "--paid-on", "2026-11-16",
                      "--worker", f"{ids[W1[1]]}:1000")
    t.check(rc == 0 and "保证金" in out, f"保证金 draw: {err}")
    rc, out, err = zq("case", "show", no, "--format", "json")
    shown = json.loads(out) if rc == 0 else {}
    t.check(shown.get("deposit_draws", [{}])[0].get("amount") == "1000.00", "draw recorded")
    rc, out, err = zq("case", "extend", no, "--approver", "局长", "--reason", "涉及人数多")
    t.check(rc == 0, f"extend: {err}")
    rc, out, err = zq("case", "extend", no, "--approver", "局长", "--reason", "再延")
    t.check(rc == 1 and "已延长过一次" in err, f"second extension refused: {err}")
    rc, out, err = zq("scan", "--as-of", "2026-12-15")
    t.check(rc == 0, f"scan: {err}")
    rc, out, err = zq("warnings", "--format", "json")
    ws = json.loads(out) if rc == 0 else []
    got = {(w["code"], w["subject_code"]) for w in ws}
    # 2 workers and 50,000 yuan stay under W12's 10 people / 300,000 yuan
    t.check(("W12", no) not in got, f"no W12 below its thresholds: {got}")
    t.check(("W14", PROJECT) in got, f"W14 on the 政府投资 project: {got}")
    t.check(("W17", no) in got, f"W17 on the overdue 责令支付通知: {got}")
    w21 = [w for w in ws if w["code"] == "W21" and w["subject_code"] == PROJECT]
    t.check(w21 and "87,000.00" in w21[0]["message"], f"W21 counts the case's draw: {w21}")
    rc, out, err = zq("case", "police", no, "--on", "2026-11-20")
    t.check(rc == 0, f"police transfer: {err}")
    rc, out, err = zq("case", "close", no, "--result", "x")
    t.check(rc == 1 and "三不放过" in err, f"not paid, not closed: {err}")
    rc, out, err = zq("case", "close", no, "--kind", "移送公安", "--result", "公安机关已立案")
    t.check(rc == 0 and "移送公安" in out, f"closed by exception: {err}")
    rc, out, err = zq("case", "list", "--format", "csv")
    t.check(rc == 0 and out.splitlines()[0].startswith("case_no,") and no in out, "cli list csv")
    rc, out, err = zq("case", "list")
    t.check(rc == 0 and out.splitlines()[0].startswith("案件编号") and no in out,
            f"cli list table has a header: {out[:200]}")
    rc, out, err = zq("zero", "--format", "csv", "--as-of", "2026-12-01")
    t.check(rc == 0 and out.startswith("region_code,"), f"cli zero: {err}")
    rc, out, err = zq("fund", "list")
    t.check(rc == 0 and "330106" in out, f"cli fund list: {out} {err}")
    rc, out, err = zq("audit", "verify")
    t.check(rc == 0, f"audit verify: {out} {err}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--backend", default="sqlite", choices=("sqlite", "pg"))
    ap.add_argument("--pg-uri")
    args = ap.parse_args()
    t = T()
    with tempfile.TemporaryDirectory(prefix="zq-cases-") as tmp:
        db = setup(t, args, tmp)
        srv = Server(args.bin, db, tmp)
        try:
            no = http_flow(t, db, srv.port) if public_complaint(t, srv.port) else None
            if no:
                public_outcome(t, srv.port)
                http_scope(t, srv.port, no)
            http_races(t, srv.port)
        finally:
            srv.stop()
            t.check("ERROR: AddressSanitizer" not in srv.stderr() and
                    "runtime error" not in srv.stderr(), "server clean under sanitizers")
        cli_flow(t, args, db)
    return t.summary()


if __name__ == "__main__":
    sys.exit(main())
