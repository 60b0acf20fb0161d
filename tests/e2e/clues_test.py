#!/usr/bin/env python3
"""End-to-end tests of clue handling (SPEC §7, §11) against the real binary,
over HTTP and the command line, on SQLite or PostgreSQL:

  - the public form: 201 with ticket and acceptance deadline, routing to the
    project's county and industry department, validation (ID check digit,
    phone, types, malformed JSON, oversize body), rate limits per phone and
    per client address (429);
  - duplicates linked with linked_to, never dropped;
  - the public progress query (status, dates, result only; wrong phone 404);
  - the action table: 409 before 422, every step audited, 首问负责 on
    transfer (only the receiving unit may receive), 工程款纠纷 to the
    industry department, the nature decided before closure, 不满意 reopens once;
  - scope: other counties and other departments do not see a clue (404),
    enterprises may not list clues (403);
  - overdue list and rule W17 on an overdue clue; search by a two-character
    name; the duty roster notifying the officer on duty on a rest day;
  - the CLI: clue list (csv, json), clue act, clue duty; audit verify.

Usage: clues_test.py --bin ZHIQIAN [--backend sqlite|pg] [--pg-uri URI]
Ends with "N passed, N failed".
"""
import argparse
import csv
import io
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from http_lib import (ENT, Client, Db, Server, T, fixture_files, idnum, raw_request,  # noqa: E402
                      run)

PASSWORD = "Test-pass-2026"
SATURDAY = "2026-11-28"  # a rest day: every public clue arrives outside office hours
ENV = {"ZHIQIAN_TODAY": SATURDAY, "ZHIQIAN_CLUES_RATE_IP_HOUR": "40"}
USERS = {
    "admin": ("admin", "330000", None),
    "leader": ("leader", "330200", None),
    "insp_yy": ("inspector", "330281", None),
    "insp_cx": ("inspector", "330282", None),
    "off_housing": ("dept_officer", "330200", "housing"),
    "off_water": ("dept_officer", "330200", "water"),
}


def body(**kw):
    b = {"complainant": "王五", "phone": "13800000009", "respondent": "测试企业S有限公司",
         "region_code": "330281", "nature": "工资", "people": 3, "amount": "12000.00",
         "description": "拖欠三个月工资", "project_code": "P-YY-1"}
    b.update(kw)
    return b


class Ctx:
    def __init__(self, t, args, tmp):
        self.t, self.args, self.tmp = t, args, tmp
        self.public_posts = 0

    def cli(self, *a, stdin=None):
        return run(self.args.bin, self.db, *a, stdin=stdin, env=ENV)

    def post_public(self, c, b, **kw):
        self.public_posts += 1
        return c.post("/api/v1/public/clues", b, **kw)


def setup(x):
    t = x.t
    x.db = Db(x.args.backend, x.args.pg_uri, x.tmp, f"clues_{os.getpid()}")
    rc, out, err = x.cli("init")
    t.check(rc == 0, f"init: {err}")
    files = fixture_files()
    for kind in ("enterprises", "projects"):
        path = os.path.join(x.tmp, kind + ".csv")
        with open(path, "wb") as f:
            f.write(files[kind])
        rc, out, err = x.cli("import", kind, path)
        t.check(rc == 0, f"import {kind}: {out} {err}")
    for name, (role, region, dept) in USERS.items():
        cmd = ["user", "add", name, "--role", role, "--region", region, "--password-stdin"]
        if dept:
            cmd += ["--dept", dept]
        rc, out, err = x.cli(*cmd, stdin=(PASSWORD + "\n").encode())
        t.check(rc == 0, f"user add {name}: {err}")
    rc, out, err = x.cli("token", "add", "--role", "enterprise", "--subject", ENT["A"])
    x.token = out.split("\n")[0]


def login(port, name):
    c = Client(port)
    r = c.login(name, PASSWORD)
    assert r.status == 200, r
    return c


def act(c, ticket, action, **kw):
    kw["action"] = action
    return c.post(f"/api/v1/clues/{ticket}/actions", kw)


def public_intake(x, pub, admin):
    t = x.t
    # the duty roster first: the clues below arrive on a Saturday
    r = admin.request("PUT", "/api/v1/duty", {"region_code": "330281", "entries": [
        {"username": "insp_yy", "starts_at": "2026-11-27 17:30", "ends_at": "2026-11-30 08:30"}]})
    t.check(r.status == 200 and len(r.json()["items"]) == 1, f"duty put: {r}")
    r = admin.request("PUT", "/api/v1/duty", {"region_code": "330281", "entries": [
        {"username": "nobody", "starts_at": "2026-11-27 17:30", "ends_at": "2026-11-30 08:30"}]})
    t.check(r.status == 422, f"duty with an unknown user: {r}")
    r = x.post_public(pub, body(complainant_id=idnum("33028119850314123")))
    t.check(r.status == 201, f"public submit: {r}")
    j = r.json() or {}
    ticket = j.get("ticket", "")
    t.check(ticket.startswith("XS330281" + SATURDAY.replace("-", "")), f"ticket {ticket}")
    t.check(j.get("accept_by") == "2026-12-04", f"accept_by {j}")
    # the duplicate: same phone, same project, linked and kept
    r = x.post_public(pub, body(description="再次反映", phone="138-0000-0009"))
    dup = (r.json() or {}).get("ticket", "")
    t.check(r.status == 201 and r.json().get("linked_to") == ticket, f"duplicate linked: {r}")
    # bad input
    bad = [
        (body(complainant_id="330281198503141230"), 422, "complainant_id"),
        (body(phone="12345"), 422, "phone"),
        (body(description=""), 422, "description"),
        (body(amount=12000), 422, "amount"),
        (body(people="3"), 422, "people"),
        (body(region_code="999999"), 422, "region_code"),
        (body(nature="其他"), 422, "nature"),
        (body(period_from="2026-10", period_to="2026-09"), 422, "period_to"),
    ]
    for b, status, field in bad:
        r = x.post_public(pub, b)
        t.check(r.status == status and (r.json() or {}).get("error", {}).get("field") == field,
                f"bad {field}: {r}")
    r = pub.post("/api/v1/public/clues", "{not json", ctype="application/json")
    t.check(r.status == 400, f"malformed JSON: {r}")
    big = json.dumps(body(description="长" * 600000)).encode()
    st, data = raw_request(pub.port, b"POST /api/v1/public/clues HTTP/1.1\r\nHost: x\r\n"
                           b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                           % len(big), big)
    t.check(st == 413, f"oversize body: {st} {data[:200]!r}")
    return ticket, dup


def rate_limits(x, pub):
    t = x.t
    codes = [x.post_public(pub, body(phone="13700000001", respondent=f"某公司{i}",
                                     project_code="")).status for i in range(6)]
    t.check(codes[:5] == [201] * 5 and codes[5] == 429, f"5 per phone per hour: {codes}")
    codes = []
    while x.public_posts < 41:
        codes.append(x.post_public(pub, body(phone="13700000099", people=-1)).status)
    t.check(codes[-1] == 429 and 429 not in codes[:-1], f"40 per address per hour: {codes}")


def public_query(x, pub, ticket):
    t = x.t
    r = pub.get(f"/api/v1/public/clues/{ticket}?phone=13800000009")
    j = r.json() or {}
    t.check(r.status == 200 and j.get("status") == "待受理", f"public query: {r}")
    t.check(set(j) == {"ticket", "status", "received_on", "accept_by", "accepted_on", "close_by",
                       "closed_on", "result", "satisfaction"}, f"public fields only: {sorted(j)}")
    t.check("王五" not in r.body.decode() and "1380000" not in r.body.decode(), "no personal data")
    r = pub.get(f"/api/v1/public/clues/{ticket}?phone=13800000008")
    t.check(r.status == 404, f"wrong phone 404: {r}")
    r = pub.get(f"/api/v1/public/clues/{ticket}")
    t.check(r.status == 404, f"no phone 404: {r}")


def scope(x, port, ticket):
    t = x.t
    for name, want in (("insp_yy", 200), ("admin", 200), ("leader", 200), ("off_housing", 200),
                       ("insp_cx", 404), ("off_water", 404)):
        c = login(port, name)
        r = c.get(f"/api/v1/clues/{ticket}")
        t.check(r.status == want, f"{name} sees clue: {r.status} want {want}")
        if want == 200:
            j = r.json()
            t.check(j["phone_masked"] == "138****0009" and j["dept"] == "housing",
                    f"masked, routed to housing: {j.get('phone_masked')} {j.get('dept')}")
        r = c.get("/api/v1/clues")
        n = len((r.json() or {}).get("items", []))
        t.check((n > 0) == (want == 200), f"{name} list: {n}")
    ent = Client(port, token=x.token)
    t.check(ent.get("/api/v1/clues").status == 403, "enterprise may not list clues")
    c = login(port, "leader")
    t.check(act(c, ticket, "accept").status == 403, "leaders read, do not act")


def handling(x, port, pub, ticket):
    t = x.t
    c = login(port, "insp_yy")
    r = act(c, ticket, "verify")
    t.check(r.status == 409 and "受理（accept）" in r.json()["error"]["message"],
            f"verify on 待受理: 409 before the missing handlers: {r}")
    t.check(act(c, ticket, "verify", handlers="insp_yy").status == 409,
            "a wrong type on a disallowed action: still 409")
    t.check(act(c, ticket, "reject").status == 422, "reject without reason: 422")
    t.check(act(c, ticket, "reject", reason=5).status == 422, "reason of the wrong type: 422")
    t.check(act(c, ticket, "fly").status == 422, "unknown action: 422")
    r = act(c, ticket, "accept")
    t.check(r.status == 200 and r.json()["status"] == "已受理"
            and r.json()["close_by"] == "2026-12-18", f"accept: {r}")
    t.check(act(c, ticket, "accept").status == 409, "accept twice: 409")
    t.check(act(c, ticket, "verify").status == 422, "verify without handlers: 422")
    t.check(act(c, ticket, "verify", handlers=["ghost"]).status == 422, "unknown handler: 422")
    r = act(c, ticket, "verify", handlers=["insp_yy", "admin"])
    t.check(r.status == 200 and len(r.json()["handlers"]) == 2, f"verify: {r}")
    t.check(act(c, ticket, "confirm", nature="工资", people=2).status == 422, "confirm, no amount")
    t.check(act(c, ticket, "confirm", nature="工程款", amount="1.00", people=2).status == 422,
            "confirm as 工程款: 422")
    r = act(c, ticket, "confirm", nature="工资", amount="8000.00", people=2)
    t.check(r.status == 200 and r.json()["status"] == "查实" and r.json()["amount"] == "8000.00",
            f"confirm: {r}")
    t.check(act(c, ticket, "close").status == 422, "close without result: 422")
    r = act(c, ticket, "close", result="已督促支付全部工资")
    t.check(r.status == 200 and r.json()["status"] == "办结", f"close: {r}")
    r = pub.get(f"/api/v1/public/clues/{ticket}?phone=13800000009")
    t.check(r.json().get("status") == "办结" and r.json().get("result") == "已督促支付全部工资",
            f"public sees 办结 and the result: {r}")
    r = pub.post(f"/api/v1/public/clues/{ticket}/feedback",
                 {"phone": "13800000009", "satisfaction": "不满意"})
    t.check(r.status == 200 and r.json()["status"] == "核查中", f"不满意 reopens: {r}")
    r = act(c, ticket, "unfounded", result="复查：工资已付清")
    t.check(r.status == 200 and r.json()["reopened"] is True, f"unfounded after reopen: {r}")
    t.check(act(c, ticket, "close", result="复查办结").status == 200, "close again")
    r = act(c, ticket, "feedback", satisfaction="不满意")
    t.check(r.status == 200 and r.json()["status"] == "已回访", f"second 不满意 stays: {r}")
    t.check(act(c, ticket, "feedback", satisfaction="满意").status == 409, "feedback twice: 409")
    hist = [e["action"] for e in r.json()["history"]]
    t.check(hist[:3] == ["receive", "notify_duty", "accept"] and hist.count("close") == 2,
            f"history: {hist}")
    a = login(port, "admin")
    r = a.get(f"/api/v1/audit?entity=clue&entity_id={ticket}")
    acts = sorted({e["action"] for e in (r.json() or {}).get("items", [])})
    t.check("clue.accept" in acts and "clue.feedback" in acts and "clue.receive" in acts,
            f"audited: {acts}")


def transfer(x, port, dup):
    t = x.t
    yy, cx = login(port, "insp_yy"), login(port, "insp_cx")
    t.check(act(yy, dup, "transfer", reason="属地").status == 422, "transfer without target")
    r = act(yy, dup, "transfer", region_code="330282", reason="用工单位在慈溪")
    t.check(r.status == 200 and r.json()["status"] == "转办"
            and r.json()["region_code"] == "330281", f"transfer keeps the first unit: {r}")
    t.check(cx.get(f"/api/v1/clues/{dup}").status == 200, "the receiving unit sees it")
    t.check(act(yy, dup, "receive").status == 403, "the sender cannot receive")
    t.check(act(cx, dup, "accept").status == 409, "accept on 转办: 409")
    r = act(cx, dup, "receive")
    t.check(r.status == 200 and r.json()["region_code"] == "330282"
            and r.json()["status"] == "已受理", f"received: {r}")
    t.check(yy.get(f"/api/v1/clues/{dup}").status == 404, "the first unit no longer sees it")
    notices_of_transfer(x, port, yy, dup)


def notices(port, name, ticket):
    r = login(port, name).get("/api/v1/notifications")
    return [i for i in (r.json() or {}).get("items", [])
            if i["kind"] == "transfer" and i["subject_code"] == ticket]


def notices_of_transfer(x, port, yy, dup):
    t = x.t
    got = notices(port, "insp_cx", dup)
    t.check(len(got) == 1 and "330282" in got[0]["message"], f"receiving inspector told: {got}")
    t.check(notices(port, "insp_yy", dup) == [], "the sending unit is not told")
    # to an industry department: only that department's officers of the region
    r = yy.post("/api/v1/clues", {"channel": "来访", **body(
        phone="13600000077", project_code="", respondent="某建筑劳务公司", complainant="周九")})
    k = r.json()["ticket"]
    r = act(yy, k, "transfer", region_code="330200", dept="housing", reason="工程建设领域")
    t.check(r.status == 200 and r.json()["status"] == "转办", f"transfer to housing: {r}")
    got = notices(port, "off_housing", k)
    t.check(len(got) == 1 and "housing" in got[0]["message"], f"housing officer told: {got}")
    for other in ("off_water", "insp_cx", "insp_yy", "leader"):
        t.check(notices(port, other, k) == [], f"{other} not told of a housing transfer")


def payment_and_nature(x, port):
    t = x.t
    c = login(port, "insp_yy")
    r = c.post("/api/v1/clues", {"channel": "来访", **body(
        phone="13600000001", nature="待核实", project_code="", respondent="某服装厂",
        complainant="赵六")})
    t.check(r.status == 201 and r.json()["ticket"].startswith("XS330281"), f"staff entry: {r}")
    k = r.json()["ticket"]
    for step in (("accept", {}), ("verify", {"handlers": ["insp_yy"]}),
                 ("unfounded", {"result": "查无欠薪"})):
        t.check(act(c, k, step[0], **step[1]).status == 200, f"{step[0]}")
    r = act(c, k, "close", result="不属实")
    t.check(r.status == 422 and r.json()["error"]["field"] == "nature", f"nature first: {r}")
    t.check(act(c, k, "close", result="不属实", nature="工资").status == 200, "close with nature")
    proj = {"code": "P-YY-9", "name": "某服装厂厂房扩建", "industry": "住建", "funding": "社会投资",
            "builder_uscc": ENT["B1"], "contractor_uscc": ENT["A"],
            "contract_amount": "3000000.00", "labor_cost_ratio": "20",
            "start_date": "2026-03-01", "planned_end": "2027-06-30"}
    r = c.post(f"/api/v1/clues/{k}/project", dict(proj, industry="航天"))
    t.check(r.status == 422 and r.json()["error"]["field"] == "industry", f"bad project: {r}")
    r = c.post(f"/api/v1/clues/{k}/project", dict(proj, region_code="330282"))
    t.check(r.status == 422, f"project outside the scope: {r}")
    r = c.post(f"/api/v1/clues/{k}/project", proj)
    t.check(r.status == 201 and r.json()["project_code"] == "P-YY-9"
            and r.json()["project_registered"] is True, f"project from a clue: {r}")
    t.check(c.get("/api/v1/projects/P-YY-9").status == 200, "the project exists")
    t.check(c.post(f"/api/v1/clues/{k}/project", proj).status == 409, "a second project: 409")
    r = c.post("/api/v1/clues", {"channel": "12345热线", **body(phone="13600000002",
                                                               nature="待核实")})
    k = r.json()["ticket"]
    for step in (("accept", {}), ("verify", {"handlers": ["insp_yy"]})):
        act(c, k, step[0], **step[1])
    r = act(c, k, "project_payment", result="总包与分包工程款结算纠纷")
    t.check(r.status == 200 and r.json()["dept"] == "housing" and r.json()["nature"] == "工程款",
            f"工程款纠纷 to the industry dept: {r}")
    t.check(act(c, k, "close", result="移交住建").status == 200, "close 工程款纠纷")
    r = c.post("/api/v1/clues", {"channel": "来访", **body(region_code="330282",
                                                          project_code="")})
    t.check(r.status == 422, f"staff entry outside the scope: {r}")


def overdue_lists(x, port, yy, old):
    """The overdue list past the closing deadline too, in each user's scope, paged
    one clue at a time: the same clues, newest first, as the deadlines say."""
    t = x.t
    admin = login(port, "admin")
    r = yy.post("/api/v1/clues", {"channel": "来访", **body(
        phone="13500000002", project_code="", respondent="某装修公司", complainant="周九")})
    t.check(r.status == 201 and act(yy, r.json()["ticket"], "accept").status == 200,
            f"a clue accepted in 330281: {r}")
    items = admin.get("/api/v1/clues?limit=200").json()["items"]
    accepted = [i for i in items if i["status"] in ("已受理", "核查中", "查实")]
    # accepted clues past their closing deadline, in 330281 and elsewhere
    late = ([a for a in accepted if a["region_code"] == "330281"][:1] +
            [a for a in accepted if a["region_code"] != "330281"][:1])
    t.check(len(late) == 2, f"accepted clues to backdate: {[a['region_code'] for a in accepted]}")
    for i in late:
        x.db.sql(f"UPDATE clues SET close_by = '2026-11-02' WHERE ticket = '{i['ticket']}'")
    every = admin.get("/api/v1/clues?limit=200").json()["items"]

    def due(i):
        return ((i["status"] in ("待受理", "转办") and i["accept_by"] < SATURDAY) or
                (i["status"] in ("已受理", "核查中", "查实") and i["close_by"] < SATURDAY))

    def paged(c):
        got, cur = [], None
        for _ in range(100):
            r = c.get("/api/v1/clues?overdue=1&limit=1" + (f"&cursor={cur}" if cur else ""))
            got += [i["ticket"] for i in r.json()["items"]]
            cur = r.json().get("next_cursor")
            if not cur:
                break
        return got

    want_all = [i["ticket"] for i in every if due(i)]
    t.check(old in want_all and all(i["ticket"] in want_all for i in late),
            f"the overdue clues: {want_all}")
    t.check(paged(admin) == want_all, f"province overdue list: {paged(admin)} want {want_all}")
    mine = [i["ticket"] for i in yy.get("/api/v1/clues?limit=200").json()["items"]]
    want_yy = [k for k in want_all if k in mine]
    t.check(paged(yy) == want_yy and 2 <= len(want_yy) < len(want_all),
            f"county overdue list: {paged(yy)} want {want_yy} of {want_all}")
    r = admin.get("/api/v1/clues?overdue=1&status=" + late[0]["status"])
    t.check([i["ticket"] for i in r.json()["items"]] ==
            [k for k in want_all if k in [i["ticket"] for i in every
                                          if i["status"] == late[0]["status"]]],
            f"overdue with a status filter: {r.body[:300]!r}")


def overdue_and_search(x, port):
    t = x.t
    c = login(port, "insp_yy")
    r = c.post("/api/v1/clues", {"channel": "来信", "received_at": "2026-11-02 10:00", **body(
        phone="13500000001", project_code="", respondent="某餐饮公司", complainant="钱七")})
    old = r.json()["ticket"]
    t.check(r.status == 201 and r.json()["accept_by"] == "2026-11-09", f"old clue: {r}")
    r = c.get("/api/v1/clues?overdue=1")
    got = [i["ticket"] for i in r.json()["items"]]
    t.check(got == [old], f"overdue list: {got}")
    overdue_lists(x, port, c, old)
    for q, want in (("王五", 2), ("钱七", 1), ("钱", 1), ("餐饮", 1), (old, 1), ("孙八", 0)):
        r = c.get("/api/v1/clues?q=" + q)
        n = len(r.json()["items"])
        t.check(n == want, f"q={q}: {n} want {want}")
    rc, out, err = x.cli("scan", "--as-of", SATURDAY)
    t.check(rc == 0, f"scan: {err}")
    rc, out, err = x.cli("warnings", "--code", "W17", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    t.check(any(r["subject_code"] == old and r["level"] == "red" for r in rows),
            f"W17 on the overdue clue: {out} {err}")
    r = c.get("/api/v1/notifications")
    items = (r.json() or {}).get("items", [])
    t.check(any(i["kind"] == "clue_duty" for i in items), f"duty officer notified: {items[:2]}")


def cli(x):
    t = x.t
    rc, out, err = x.cli("clue", "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    t.check(rc == 0 and len(rows) >= 8 and "linked_to" in rows[0], f"clue list csv: {rc} {err}")
    rc, out, err = x.cli("clue", "list")
    t.check(rc == 0 and out.splitlines()[0].startswith("受理编号"),
            f"clue list table has a header: {out[:200]}")
    rc, out, err = x.cli("clue", "list", "--q", "钱七", "--format", "json")
    t.check(rc == 0 and len(json.loads(out)) == 1, f"clue list json: {out} {err}")
    rc, out, err = x.cli("clue", "list", "--as", "insp_cx", "--format", "json")
    t.check(rc == 0 and all(i["region_code"] == "330282" for i in json.loads(out)),
            f"--as scopes the list: {out}")
    rc, out, err = x.cli("clue", "add", "complainant=孙八", "phone=13400000001",
                         "respondent=某物业公司", "region_code=330282", "nature=工资", "people=1",
                         "amount=3000.00", "description=欠薪", "--as", "insp_cx")
    t.check(rc == 0 and "XS330282" in out, f"clue add: {out} {err}")
    m = re.search(r"XS[0-9]+", out)
    k = m.group(0) if m else "XS0"
    rc, out, err = x.cli("clue", "act", k, "verify")
    t.check(rc == 1 and "当前状态为“待受理”" in err, f"clue act 409: {err}")
    rc, out, err = x.cli("clue", "act", k, "accept", "--as", "insp_cx")
    t.check(rc == 0 and "已受理" in out, f"clue act accept: {out} {err}")
    rc, out, err = x.cli("clue", "duty", "list", "330281")
    t.check(rc == 0 and "insp_yy" in out, f"clue duty list: {out} {err}")
    rc, out, err = x.cli("audit", "verify")
    t.check(rc == 0, f"audit verify: {out} {err}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--backend", choices=["sqlite", "pg"], default="sqlite")
    ap.add_argument("--pg-uri")
    args = ap.parse_args()
    t = T()
    with tempfile.TemporaryDirectory(prefix="zq-clues-") as tmp:
        x = Ctx(t, args, tmp)
        setup(x)
        srv = Server(args.bin, x.db, tmp, env=ENV)
        try:
            pub = Client(srv.port)
            admin = login(srv.port, "admin")
            ticket, dup = public_intake(x, pub, admin)
            public_query(x, pub, ticket)
            scope(x, srv.port, ticket)
            handling(x, srv.port, pub, ticket)
            transfer(x, srv.port, dup)
            payment_and_nature(x, srv.port)
            overdue_and_search(x, srv.port)
            rate_limits(x, pub)
            cli(x)
        finally:
            rc = srv.stop()
            t.check(rc == 0, f"server exit {rc}: {srv.stderr()[-2000:]}")
    return t.summary()


if __name__ == "__main__":
    sys.exit(main())
