#!/usr/bin/env python3
"""End-to-end tests of `zhiqian serve` (SPEC §9, §11, §15) against the real
binary on a loopback port, on SQLite or PostgreSQL:

  - log in and out, sessions, CSRF, throttling, disabled users and revoked
    tokens taking effect within 5 s;
  - the scope matrix: every read route x every role x objects in and out
    of scope (out of scope is 404, a role without the right is 403);
  - personal data masked everywhere, revealed only to inspectors and
    administrators, with an audit entry per reveal;
  - imports through the API as jobs, with enterprise and bank tokens kept
    to their own projects and accounts;
  - the bad-input matrix: malformed JSON, wrong types, oversize, invalid
    UTF-8, unknown routes and methods, slow clients; the server healthy
    afterwards;
  - static files with the SPA fallback and the security headers;
  - the audit log verifies, then fails after a row is edited by hand;
  - graceful shutdown on SIGTERM without sanitizer reports.

Usage: http_test.py --bin ZHIQIAN [--backend sqlite|pg] [--pg-uri URI]
Ends with "N passed, N failed".
"""
import argparse
import os
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from http_lib import (ACCOUNTS, ENT, PAYROLL_HEADER, PROJ, TXN_HEADER, WORKERS, Client, Db,  # noqa: E402
                      Server, T, csv_text, fixture_files, payroll_rows, raw_request, run,
                      wait_status,
                      xlsx_bytes)
import http_jobs  # noqa: E402
import http_warn  # noqa: E402

PASSWORD = "Test-pass-2026"

# name -> (role, region, dept, enterprise key)
USERS = {
    "admin": ("admin", "330000", None, None),
    "leader": ("leader", "330200", None, None),
    "insp_yy": ("inspector", "330281", None, None),
    "insp_cx": ("inspector", "330282", None, None),
    "off_housing": ("dept_officer", "330200", "housing", None),
    "off_water": ("dept_officer", "330200", "water", None),
    "ent_a": ("enterprise", "330106", None, "A"),
}
# name -> (role, subject)
TOKENS = {
    "tok_a": ("enterprise", ENT["A"]),
    "tok_s": ("enterprise", ENT["S"]),
    "tok_x": ("enterprise", ENT["X"]),
    "bank_icbc": ("bank", "中国工商银行"),
    "bank_acct": ("bank", ACCOUNTS["P-CX-1"][1]),
}
INDUSTRY = {"housing": "住建", "water": "水利"}
READERS = {"admin", "leader", "inspector", "dept_officer", "enterprise"}
REVEALERS = {"admin", "inspector"}
IMPORTERS = {"admin", "inspector", "enterprise", "bank"}


# ---------------------------------------------------------------- who sees what

def principal(name):
    if name in USERS:
        role, region, dept, ent = USERS[name]
        return {"role": role, "region": region, "industry": INDUSTRY.get(dept), "ent": ent,
                "dept": dept}
    role, subject = TOKENS[name]
    ent = next((k for k, v in ENT.items() if v == subject), None) if role == "enterprise" else None
    return {"role": role, "region": None, "industry": None, "ent": ent}


def prefix(code):
    """The significant prefix of a 6-digit region code (330200 -> 3302)."""
    if len(code) == 6:
        while len(code) > 2 and code.endswith("00"):
            code = code[:-2]
    return code


def sees_project(p, code):
    region, industry, b, c, subs = PROJ[code]
    if p["role"] == "enterprise":
        return p["ent"] in (b, c, *subs)
    if p["role"] == "bank":
        return False
    if not region.startswith(prefix(p["region"])):
        return False
    return p["industry"] is None or p["industry"] == industry


def sees_enterprise(p, key):
    from http_lib import ENT_REGION
    if p["role"] == "bank":
        return False
    if p["role"] == "enterprise" and p["ent"] == key:
        return True
    if p["role"] != "enterprise" and ENT_REGION[key].startswith(prefix(p["region"])):
        return True
    return any(sees_project(p, code) and key in (b, c, *subs)
               for code, (_, _, b, c, subs) in PROJ.items())


def sees_worker(p, key):
    return sees_project(p, WORKERS[key][3])


def expect(p, allowed, visible):
    if p["role"] not in allowed:
        return 403
    return 200 if visible else 404


# ---------------------------------------------------------------- setup

def setup(t, args, tmp):
    db = Db(args.backend, args.pg_uri, tmp, f"http_{os.getpid()}")
    rc, out, err = run(args.bin, db, "init")
    t.check(rc == 0, f"init: {err}")
    for kind, data in fixture_files().items():
        path = os.path.join(tmp, kind + ".csv")
        with open(path, "wb") as f:
            f.write(data)
        rc, out, err = run(args.bin, db, "import", kind, path)
        t.check(rc == 0, f"import {kind}: {out} {err}")
    for name, (role, region, dept, ent) in USERS.items():
        cmd = ["user", "add", name, "--role", role, "--region", region, "--password-stdin"]
        if dept:
            cmd += ["--dept", dept]
        if ent:
            cmd += ["--enterprise", ENT[ent]]
        rc, out, err = run(args.bin, db, *cmd, stdin=(PASSWORD + "\n").encode())
        t.check(rc == 0 and f"user {name} added" in out, f"user add {name}: {out} {err}")
    tokens = {}
    for name, (role, subject) in TOKENS.items():
        rc, out, err = run(args.bin, db, "token", "add", "--role", role, "--subject", subject,
                           "--label", name)
        ok = t.check(rc == 0 and out.startswith("zqt_"), f"token add {name}: {out} {err}")
        tokens[name] = out.split("\n")[0] if ok else ""
    # CLI refusals
    rc, out, err = run(args.bin, db, "user", "add", "bad", "--role", "bank", "--region", "330000",
                       "--password-stdin", stdin=b"Whatever-123\n")
    t.check(rc == 1 and "角色" in err, f"user add --role bank refused: {rc} {err}")
    rc, out, err = run(args.bin, db, "user", "add", "short", "--role", "leader", "--region",
                       "330000", "--password-stdin", stdin=b"abc\n")
    t.check(rc == 1 and "8" in err, f"short password refused: {rc} {err}")
    rc, out, err = run(args.bin, db, "user", "add", "admin", "--role", "leader", "--region",
                       "330000", "--password-stdin", stdin=(PASSWORD + "\n").encode())
    t.check(rc == 1 and "已被使用" in err, f"duplicate username refused: {rc} {err}")
    rc, out, err = run(args.bin, db, "token", "add", "--role", "enterprise", "--subject", "123")
    t.check(rc == 1, f"token with a bad USCC refused: {rc} {err}")
    return db, tokens


def clients(port, tokens):
    c = {}
    for name in USERS:
        c[name] = Client(port)
    for name, tok in tokens.items():
        c[name] = Client(port, token=tok)
    return c


# ---------------------------------------------------------------- cases

def test_login(t, port, c):
    anon = Client(port)
    r = anon.get("/healthz")
    t.check(r.status == 200 and r.body == b"ok\n", f"healthz: {r}")
    r = anon.get("/api/v1/me")
    t.check(r.status == 401 and r.error_code() == "unauthenticated", f"me without login: {r}")
    t.check("登录" in r.json()["error"]["message"], "401 message in Chinese")
    r = anon.post("/api/v1/session", {"username": "admin", "password": "wrong-password"})
    t.check(r.status == 401 and "用户名或密码错误" in r.json()["error"]["message"],
            f"bad password 401: {r}")
    r = anon.post("/api/v1/session", {"username": "nobody", "password": "wrong-password"})
    t.check(r.status == 401 and "用户名或密码错误" in r.json()["error"]["message"],
            f"unknown user gives the same 401: {r}")
    for name in USERS:
        r = c[name].login(name, PASSWORD)
        t.check(r.status == 200, f"login {name}: {r}")
    r = Client(port).login("admin", PASSWORD)
    cookies = r.headers_all("Set-Cookie")
    sess = [x for x in cookies if x.startswith("zq_session=")]
    t.check(len(sess) == 1 and "HttpOnly" in sess[0] and "SameSite=Strict" in sess[0],
            f"session cookie HttpOnly + SameSite=Strict: {cookies}")
    t.check(r.json()["user"]["role"] == "admin" and len(r.json()["csrf_token"]) >= 40,
            "login body: user and csrf_token")
    r = c["insp_cx"].get("/api/v1/me")
    u = r.json()["user"]
    t.check(r.status == 200 and u["role"] == "inspector" and u["region_code"] == "330282" and
            u["region_name"] == "慈溪市", f"me: {r}")
    r = c["off_water"].get("/api/v1/me")
    t.check(r.json()["user"]["dept"] == "water", f"me of a dept officer: {r}")
    r = c["tok_a"].get("/api/v1/me")
    t.check(r.status == 200 and r.json()["auth"] == "token" and
            r.json()["token"]["enterprise_uscc"] == ENT["A"], f"me with a token: {r}")
    r = Client(port, token="zqt_" + "A" * 43).get("/api/v1/me")
    t.check(r.status == 401, f"unknown token 401: {r}")
    r = Client(port, token="garbage").get("/api/v1/me")
    t.check(r.status == 401, f"malformed token 401: {r}")


def test_csrf(t, port, c):
    admin = c["admin"]
    r = admin.post("/api/v1/workers/1/reveal", {"field": "phone", "reason": "核查联系方式"},
                   csrf=False)
    t.check(r.status == 403 and r.error_code() == "csrf", f"POST without CSRF header 403: {r}")
    r = admin.post("/api/v1/workers/1/reveal", {"field": "phone", "reason": "核查联系方式"},
                   headers={"X-CSRF-Token": "A" * 43})
    t.check(r.status == 403 and r.error_code() == "csrf", f"POST with a wrong CSRF token: {r}")
    r = c["tok_a"].get("/api/v1/me")
    t.check(r.status == 200, "a bearer token needs no CSRF header")


def test_matrix(t, port, c):
    """Every read route x every principal x every object, in or out of scope."""
    ids = {}
    for key, (idn, name, phone, p, e) in WORKERS.items():
        r = c["admin"].get("/api/v1/workers?id_number=" + idn)
        items = r.json()["items"] if r.status == 200 else []
        t.check(len(items) == 1, f"find worker {key} by ID number: {r}")
        ids[key] = items[0]["id"] if items else 0
    n0 = t.passed + t.failed
    for name in c:
        p = principal(name)
        cl = c[name]
        r = cl.get("/api/v1/me")
        t.check(r.status == 200, f"{name} /me: {r}")
        # project list: exactly the visible ones
        r = cl.get("/api/v1/projects?limit=100")
        want = expect(p, READERS, True)
        if t.check(r.status == want, f"{name} GET /projects: {r.status} want {want}") and want == 200:
            got = {x["code"] for x in r.json()["items"]}
            vis = {code for code in PROJ if sees_project(p, code)}
            t.check(got == vis, f"{name} project list {sorted(got)} want {sorted(vis)}")
        for code in PROJ:
            vis = sees_project(p, code)
            for suffix in ("", "/workers", "/txns", "/payroll"):
                want = expect(p, READERS, vis)
                r = cl.get(f"/api/v1/projects/{code}{suffix}")
                t.check(r.status == want, f"{name} GET /projects/{code}{suffix}: {r.status} "
                        f"want {want} {r.body[:120]!r}")
            want = expect(p, REVEALERS, vis)
            r = cl.post(f"/api/v1/projects/{code}/reveal",
                        {"field": "account_no", "reason": "核对专户"})
            t.check(r.status == want, f"{name} reveal account of {code}: {r.status} want {want}")
            if r.status == 200:
                t.check(r.json()["value"] == ACCOUNTS[code][1], f"{name} account value of {code}")
        r = cl.get("/api/v1/enterprises?limit=100")
        want = expect(p, READERS, True)
        if t.check(r.status == want, f"{name} GET /enterprises: {r.status}") and want == 200:
            got = {x["uscc"] for x in r.json()["items"]}
            vis = {ENT[k] for k in ENT if sees_enterprise(p, k)}
            t.check(got == vis, f"{name} enterprise list {sorted(got)} want {sorted(vis)}")
        for key in ENT:
            vis = sees_enterprise(p, key)
            r = cl.get(f"/api/v1/enterprises/{ENT[key]}")
            want = expect(p, READERS, vis)
            t.check(r.status == want, f"{name} GET /enterprises/{key}: {r.status} want {want}")
            r = cl.post(f"/api/v1/enterprises/{ENT[key]}/reveal",
                        {"field": "phone", "reason": "联系企业"})
            want = expect(p, REVEALERS, vis)
            t.check(r.status == want, f"{name} reveal phone of {key}: {r.status} want {want}")
        r = cl.get("/api/v1/workers?limit=100")
        want = 422 if p["role"] in READERS else 403
        t.check(r.status == want, f"{name} GET /workers without a filter: {r.status}")
        for key in WORKERS:
            r = cl.get("/api/v1/workers?name=" + WORKERS[key][1])
            want = expect(p, READERS, True)
            if t.check(r.status == want, f"{name} GET /workers?name: {r.status}") and want == 200:
                got = [x["id"] for x in r.json()["items"]]
                vis = [ids[key]] if sees_worker(p, key) else []
                t.check(got == vis, f"{name} workers named {WORKERS[key][1]}: {got} want {vis}")
        for key in WORKERS:
            vis = sees_worker(p, key)
            r = cl.get(f"/api/v1/workers/{ids[key]}")
            want = expect(p, READERS, vis)
            t.check(r.status == want, f"{name} GET /workers/{key}: {r.status} want {want}")
            if r.status == 200:
                w = r.json()
                t.check(w["id_number_masked"] == WORKERS[key][0][:6] + "********" +
                        WORKERS[key][0][-4:] and "id_number" not in w,
                        f"{name} sees worker {key} masked: {w.get('id_number_masked')}")
            r = cl.post(f"/api/v1/workers/{ids[key]}/reveal",
                        {"field": "id_number", "reason": "核实身份"})
            want = expect(p, REVEALERS, vis)
            t.check(r.status == want, f"{name} reveal worker {key}: {r.status} want {want}")
            if r.status == 200:
                t.check(r.json()["value"] == WORKERS[key][0], f"{name} revealed ID of {key}")
        for path in ("/api/v1/users", "/api/v1/tokens", "/api/v1/audit"):
            r = cl.get(path)
            want = expect(p, {"admin"}, True)
            t.check(r.status == want, f"{name} GET {path}: {r.status} want {want}")
        r = cl.get("/api/v1/jobs")
        want = expect(p, IMPORTERS, True)
        t.check(r.status == want, f"{name} GET /jobs: {r.status} want {want}")
    print(f"scope matrix: {t.passed + t.failed - n0} checks", flush=True)
    return ids


def test_public_project(t, port):
    """The notice board as JSON for anyone: what the board at the site says, nothing
    more; the PDF stays for staff."""
    anon = Client(port)
    r = anon.get("/api/v1/public/projects/P-YY-1")
    j = r.json() if r.status == 200 else {}
    t.check(r.status == 200 and set(j) == {
        "code", "name", "region_code", "region_name", "builder", "contractor", "subcontractors",
        "industry", "industry_dept", "wage_clerk", "min_wage", "pay_day", "hotlines", "channels",
        "complaint_url"}, f"public board fields: {r.status} {sorted(j)}")
    t.check(j.get("name") == "P-YY-1 工程" and j.get("builder") == "测试企业B1有限公司" and
            j.get("contractor") == "测试企业A有限公司" and
            j.get("subcontractors") == ["测试企业S有限公司（劳务分包）"] and
            j.get("wage_clerk") == "张三" and j.get("region_code") == "330281" and
            j.get("industry_dept", "").endswith("住房和城乡建设局") and
            j.get("complaint_url", "").endswith("/public/complaint?project=P-YY-1") and
            any("12333" in h for h in j.get("hotlines", [])), f"public board: {j}")
    t.check("12000000" not in r.body.decode() and "3901" not in r.body.decode(),
            "no contract amount or account on the public board")
    r = anon.get("/api/v1/public/projects/NOPE")
    t.check(r.status == 404 and r.json()["error"]["code"] == "not_found", f"unknown: {r}")
    r = anon.get("/api/v1/projects/P-YY-1/notice-board.pdf")
    t.check(r.status == 401, f"the PDF needs a login: {r}")
    anon.close()


def test_reads(t, port, c, ids):
    admin = c["admin"]
    r = admin.get("/api/v1/projects/P-YY-1")
    j = r.json()
    t.check(r.status == 200 and j["contract_amount"] == "12000000.00" and
            j["labor_cost_ratio"] == "20.00", f"money as decimal-yuan strings: {r}")
    t.check(j["account"]["account_no_masked"] == "3901****0001" and
            "account_no" not in j["account"], f"account masked: {j.get('account')}")
    t.check(len(j["subcontracts"]) == 1 and j["subcontracts"][0]["subcontractor_uscc"] == ENT["S"],
            "project detail lists its subcontractor")
    t.check(j["months"] and j["months"][0]["month"] == "2026-09" and
            j["months"][0]["wage_due"] == "8800.00", f"monthly totals: {j.get('months')}")
    t.check(j["updated_at"].endswith("+08:00"), "timestamps in +08:00")
    r = admin.get("/api/v1/projects/P-YY-1/workers")
    w = r.json()["items"]
    t.check(r.status == 200 and len(w) == 1 and w[0]["phone_masked"] == "138****0001",
            f"roster with masked phone: {r}")
    # pagination: one by one through every project, then a bad cursor
    seen, cur = [], ""
    for _ in range(10):
        r = admin.get("/api/v1/projects?limit=1" + ("&cursor=" + cur if cur else ""))
        seen += [x["code"] for x in r.json()["items"]]
        cur = r.json()["next_cursor"]
        if not cur:
            break
    t.check(seen == sorted(PROJ), f"cursor pagination: {seen}")
    seen, cur = [], ""
    for _ in range(10):
        r = admin.get("/api/v1/projects?limit=2&sort=-code" + ("&cursor=" + cur if cur else ""))
        seen += [x["code"] for x in r.json()["items"]]
        cur = r.json()["next_cursor"]
        if not cur:
            break
    t.check(seen == sorted(PROJ, reverse=True), f"cursor pagination, descending: {seen}")
    r = admin.get("/api/v1/projects?cursor=bm9wZQ")
    t.check(r.status == 422 and r.json()["error"]["field"] == "cursor", f"bad cursor 422: {r}")
    r = admin.get("/api/v1/projects?limit=0")
    t.check(r.status == 422 and r.json()["error"]["field"] == "limit", f"limit 0: {r}")
    r = admin.get("/api/v1/projects?sort=nonsense")
    t.check(r.status == 422 and r.json()["error"]["field"] == "sort", f"bad sort: {r}")
    r = admin.get("/api/v1/projects?region=330282")
    t.check({x["code"] for x in r.json()["items"]} == {"P-CX-1", "P-CX-2"}, "region filter")
    r = admin.get("/api/v1/projects?q=CX-1")
    t.check([x["code"] for x in r.json()["items"]] == ["P-CX-1"], f"q filter: {r}")
    # a word of the names (looked up by its bigram), page by page in two orders
    for sort in ("code", "-contract_amount"):
        got, url = [], f"/api/v1/projects?q=%E5%B7%A5%E7%A8%8B&sort={sort}&limit=1"
        while url and len(got) < 20:
            r = admin.get(url)
            got += [x["code"] for x in r.json()["items"]]
            cur = r.json().get("next_cursor")
            url = f"/api/v1/projects?q=%E5%B7%A5%E7%A8%8B&sort={sort}&limit=1&cursor={cur}" if cur else None
        t.check(sorted(got) == sorted(PROJ) and len(got) == len(PROJ), f"q=工程 sort={sort}: {got}")
    r = admin.get("/api/v1/projects?q=%E6%97%A0%E6%AD%A4%E5%90%8D%E5%AD%97")
    t.check(r.status == 200 and r.json()["items"] == [], f"q=无此名字: {r}")
    r = admin.get("/api/v1/projects?q=CX-1%20%E5%B7%A5%E7%A8%8B")
    t.check([x["code"] for x in r.json()["items"]] == ["P-CX-1"], f"q=CX-1 工程: {r}")
    r = admin.get("/api/v1/projects?enterprise=" + ENT["S"])
    t.check([x["code"] for x in r.json()["items"]] == ["P-YY-1"], "enterprise filter")
    r = admin.get("/api/v1/projects?industry=水利")
    t.check([x["code"] for x in r.json()["items"]] == ["P-CX-1"], "industry filter")
    r = c["insp_yy"].get("/api/v1/projects?region=330282")
    t.check(r.status == 200 and r.json()["items"] == [], "a filter outside the scope finds nothing")
    r = admin.get("/api/v1/workers?phone=13800000002")
    t.check([x["id"] for x in r.json()["items"]] == [ids["W2"]], "worker by phone (keyed hash)")
    r = admin.get("/api/v1/workers?id_number=123")
    t.check(r.status == 422 and r.json()["error"]["field"] == "id_number", "bad ID number 422")
    r = admin.get("/api/v1/workers?project=P-CX-2")
    t.check([x["id"] for x in r.json()["items"]] == [ids["W3"]], "workers of a project")
    r = c["insp_yy"].get("/api/v1/workers?project=P-CX-2")
    t.check(r.status == 404, "workers of a project out of scope: 404")
    r = admin.get("/api/v1/regions?parent=330200")
    t.check(r.status == 200 and any(x["code"] == "330282" for x in r.json()["items"]),
            "regions under Ningbo")
    # reveals are audited
    r = admin.get("/api/v1/audit?entity=worker&limit=100")
    acts = [x for x in r.json()["items"] if x["action"] == "reveal"]
    t.check(len(acts) >= 3 and all(x["after"]["reason"] for x in acts),
            f"every reveal audited with its reason: {len(acts)}")
    t.check(any(x["actor"] == "user:insp_cx" for x in acts), "the inspector's reveal is audited")
    r = admin.post("/api/v1/workers/%d/reveal" % ids["W1"], {"field": "salary", "reason": "x y"})
    t.check(r.status == 422 and r.json()["error"]["field"] == "field", "reveal of an unknown field")
    r = admin.post("/api/v1/workers/%d/reveal" % ids["W1"], {"field": "phone"})
    t.check(r.status == 422 and r.json()["error"]["field"] == "reason", "reveal needs a reason")


def test_imports(t, port, c, db, args):
    rows = [PAYROLL_HEADER] + payroll_rows("P-YY-1", "W1")
    r = c["tok_a"].post("/api/v1/imports/payroll?name=工资表.csv", csv_text(rows),
                        ctype="text/csv")
    j = r.json()
    t.check(r.status == 201 and j["applied"] and j["new"] == 1 and j["job_id"],
            f"contractor token imports payroll: {r}")
    t.check(r.header("Location") == "/api/v1/jobs/%s" % j.get("job_id"), "Location of the job")
    job = j.get("job_id")
    r = c["tok_a"].get(f"/api/v1/jobs/{job}")
    jj = r.json()
    t.check(r.status == 200 and jj["status"] == "done" and jj["progress"] == 100 and
            jj["rows_new"] == 1 and jj["source"] == "api" and jj["actor"].startswith("token:"),
            f"follow the job to completion: {r}")
    r = c["tok_s"].get(f"/api/v1/jobs/{job}")
    t.check(r.status == 404, "another token does not see the job")
    r = c["admin"].get(f"/api/v1/jobs/{job}")
    t.check(r.status == 200, "an administrator sees every job")
    # the subcontractor may import for its project too
    rows = [PAYROLL_HEADER] + payroll_rows("P-YY-1", "W1", month="2026-08")
    r = c["tok_s"].post("/api/v1/imports/payroll", csv_text(rows), ctype="text/csv")
    t.check(r.status == 201, f"subcontractor token imports payroll: {r}")
    # an enterprise on no project may not
    r = c["tok_x"].post("/api/v1/imports/payroll", csv_text(rows), ctype="text/csv")
    e = r.json().get("errors", [])
    t.check(r.status == 403 and len(e) == 1 and e[0]["line"] == 2 and
            e[0]["value"] == "P-YY-1", f"foreign enterprise refused, row named: {r}")
    # one foreign row refuses the whole file
    rows = ([PAYROLL_HEADER] + payroll_rows("P-YY-1", "W1", month="2026-07") +
            payroll_rows("P-CX-1", "W2", month="2026-07"))
    r = c["tok_a"].post("/api/v1/imports/payroll", csv_text(rows), ctype="text/csv")
    e = r.json().get("errors", [])
    t.check(r.status == 403 and [x["line"] for x in e] == [3], f"foreign row refused: {r}")
    r = c["admin"].get("/api/v1/projects/P-YY-1/payroll?month=2026-07")
    t.check(r.json()["items"] == [], "nothing of a refused file was applied")
    # the enterprise user (session) as well, with CSRF
    rows = [PAYROLL_HEADER] + payroll_rows("P-CX-2", "W3", month="2026-10")
    r = c["ent_a"].post("/api/v1/imports/payroll", csv_text(rows), ctype="text/csv")
    t.check(r.status == 201 and r.json()["new"] == 1, f"enterprise user imports: {r}")
    r = c["ent_a"].post("/api/v1/imports/payroll", csv_text(rows), ctype="text/csv", csrf=False)
    t.check(r.status == 403 and r.error_code() == "csrf", "an upload with a session needs CSRF")
    # a bank token is refused for payroll
    r = c["bank_icbc"].post("/api/v1/imports/payroll", csv_text(rows), ctype="text/csv")
    t.check(r.status == 403 and "txns" in r.json()["error"]["message"],
            f"bank token refused for payroll: {r}")
    # ... and imports transactions of its own bank's accounts only
    txn = [TXN_HEADER, ["P-YY-1", ACCOUNTS["P-YY-1"][1], "2026-11-05", "收入", "人工费拨付",
                        "200000.00", "测试企业B1有限公司", "ICBC-0001"]]
    r = c["bank_icbc"].post("/api/v1/imports/txns", csv_text(txn), ctype="text/csv")
    t.check(r.status == 201 and r.json()["new"] == 1, f"bank imports its account's txns: {r}")
    txn2 = [TXN_HEADER, ["P-CX-1", ACCOUNTS["P-CX-1"][1], "2026-11-05", "收入", "人工费拨付",
                         "100000.00", "B2", "ABC-0001"]]
    r = c["bank_icbc"].post("/api/v1/imports/txns", csv_text(txn2), ctype="text/csv")
    t.check(r.status == 403 and r.json()["errors"][0]["line"] == 2,
            f"bank refused for another bank's account: {r}")
    r = c["bank_acct"].post("/api/v1/imports/txns", csv_text(txn2), ctype="text/csv")
    t.check(r.status == 201, f"token bound to one account imports it: {r}")
    r = c["bank_acct"].post("/api/v1/imports/txns", csv_text(txn), ctype="text/csv")
    t.check(r.status == 403, "token bound to one account refused for another")
    r = c["admin"].get("/api/v1/projects/P-YY-1")
    t.check(r.json()["account"]["balance"] == "200000.00", "the bank's inflow shows in the balance")
    # rejected rows: line, column, value, reason; kept with the job
    rows = [PAYROLL_HEADER] + payroll_rows("P-YY-1", "W1", month="2026-06") + \
        [r_ for r_ in payroll_rows("P-YY-1", "W1", month="2026-13")]
    r = c["tok_a"].post("/api/v1/imports/payroll", csv_text(rows), ctype="text/csv")
    j = r.json()
    t.check(r.status == 201 and j["rejected"] == 1 and j["errors"][0]["line"] == 3 and
            "month" in j["errors"][0]["column"] and j["errors"][0]["value"] == "2026-13",
            f"rejected row reported: {r}")
    r = c["tok_a"].get(f"/api/v1/jobs/{j.get('job_id')}")
    t.check(r.status == 200 and len(r.json()["errors"]["items"]) == 1 and
            r.json()["rows_rejected"] == 1, f"job keeps the rejected row: {r}")
    # XLSX upload
    data = xlsx_bytes([PAYROLL_HEADER] + payroll_rows("P-YY-1", "W1", month="2026-05"),
                      os.path.join(args.tmp, "p.xlsx"))
    r = c["tok_a"].post("/api/v1/imports/payroll", data,
                        ctype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    t.check(r.status == 201 and r.json()["new"] == 1, f"XLSX upload: {r}")
    # strict and dry-run apply nothing and record no job
    rows = [PAYROLL_HEADER] + payroll_rows("P-YY-1", "W1", month="2026-04")
    r = c["tok_a"].post("/api/v1/imports/payroll?dry_run=1", csv_text(rows), ctype="text/csv")
    t.check(r.status == 200 and not r.json()["applied"] and r.json()["job_id"] is None,
            f"dry run: {r}")
    # refusals of the file as a whole
    r = c["tok_a"].post("/api/v1/imports/payroll", csv_text(rows), ctype="image/png")
    t.check(r.status == 415, f"wrong content type 415: {r}")
    r = c["tok_a"].post("/api/v1/imports/nonsense", csv_text(rows), ctype="text/csv")
    t.check(r.status == 404, f"unknown kind 404: {r}")
    r = c["tok_a"].post("/api/v1/imports/cases", csv_text(rows), ctype="text/csv")
    t.check(r.status == 403, f"enterprise may not import cases: {r}")
    r = c["tok_a"].post("/api/v1/imports/payroll", b"nonsense,columns\r\n1,2\r\n", ctype="text/csv")
    t.check(r.status == 422 and "不认识的列" in r.json()["error"]["message"],
            f"unknown columns 422: {r}")
    r = c["leader"].post("/api/v1/imports/payroll", csv_text(rows), ctype="text/csv")
    t.check(r.status == 403, "a leader does not import")
    r = c["insp_yy"].post("/api/v1/imports/payroll",
                          csv_text([PAYROLL_HEADER] + payroll_rows("P-CX-1", "W2")),
                          ctype="text/csv")
    t.check(r.status == 403, f"an inspector imports only in his region: {r}")
    r = c["admin"].get("/api/v1/audit?entity=import&limit=50")
    t.check(any(x["actor"].startswith("token:") for x in r.json()["items"]),
            "API imports are in the audit log")
    test_import_concurrent(t, port, c)


def test_import_concurrent(t, port, c):
    """A long import runs on a thread of its own: other requests are served
    meanwhile, and the count of running imports is capped (429)."""
    import threading
    from http_lib import idnum
    rows = [PAYROLL_HEADER]
    for i in range(6000):
        idn = idnum("330281199001%05d" % i)
        rows.append(["P-YY-1", ENT["S"], "2026-03", idn, "工人%d" % i, "20", "100.00", "0",
                     "100.00", "2026-04-10", "现金", "是"])
    body = csv_text(rows)
    result = {}

    def upload(key):
        result[key] = Client(port, token=c["tok_a"].token).post(
            "/api/v1/imports/payroll", body, ctype="text/csv")

    th = [threading.Thread(target=upload, args=(k,)) for k in ("a", "b", "c")]
    for x in th:
        x.start()
    worst, n = 0.0, 0
    probe = Client(port)
    while any(x.is_alive() for x in th):
        t0 = time.time()
        r = probe.get("/healthz")
        worst = max(worst, time.time() - t0)
        n += 1
        time.sleep(0.02)
    for x in th:
        x.join()
    st = sorted(r.status for r in result.values())
    t.check(st.count(201) >= 1 and all(s in (201, 429) for s in st),
            f"concurrent imports: {st}")
    if 429 in st:
        t.check(any("导入过多" in r.json()["error"]["message"] for r in result.values()
                    if r.status == 429), "429 says why")
    t.check(n > 3 and worst < 1.0, f"served during imports: {n} probes, worst {worst:.3f} s")


def test_bad_input(t, port, c, srv):
    anon = Client(port)
    admin = c["admin"]
    r = anon.post("/api/v1/session", "{bad json", ctype="application/json")
    t.check(r.status == 400 and r.error_code() == "malformed_json" and
            "JSON" in r.json()["error"]["message"], f"malformed JSON 400: {r}")
    r = anon.post("/api/v1/session", {"username": 123, "password": "x"})
    t.check(r.status == 422 and r.json()["error"]["field"] == "username", f"wrong type 422: {r}")
    r = anon.post("/api/v1/session", {"password": "x"})
    t.check(r.status == 422 and r.json()["error"]["field"] == "username", "missing field 422")
    r = anon.post("/api/v1/session", [1, 2])
    t.check(r.status == 422, f"not an object 422: {r}")
    r = anon.post("/api/v1/session", b'{"username":"\xff\xfe","password":"x"}',
                  ctype="application/json")
    t.check(r.status == 400 and r.error_code() == "invalid_utf8", f"invalid UTF-8 body: {r}")
    r = anon.post("/api/v1/session", "username=a", ctype="application/x-www-form-urlencoded")
    t.check(r.status == 415, f"form body refused (415): {r}")
    big = b'{"username":"' + b"a" * (2 << 20) + b'"}'
    st, data = raw_request(port, b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: "
                           b"application/json\r\nContent-Length: %d\r\n\r\n" % len(big), big)
    t.check(st == 413 and b"too_large" in data, f"oversize body 413: {st} {data[:200]!r}")
    # a body larger than announced (chunked, no length) is cut at the cap too
    chunk = b"%x\r\n" % (1 << 20) + b"a" * (1 << 20) + b"\r\n"
    st, data = raw_request(port, b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: "
                           b"application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                           chunk * 3 + b"0\r\n\r\n", wait=0.2)
    t.check(st == 413, f"oversize chunked body 413: {st} {data[:200]!r}")
    r = admin.get("/api/v1/projects?q=%FF%FE")
    t.check(r.status == 400 and r.error_code() == "invalid_utf8", f"invalid UTF-8 query: {r}")
    r = admin.get("/api/v1/nope")
    t.check(r.status == 404 and r.error_code() == "no_route" and
            "没有这个接口" in r.json()["error"]["message"], f"unknown route 404: {r}")
    r = admin.request("PUT", "/api/v1/projects", {"x": 1})
    t.check(r.status == 405 and r.header("Allow") == "GET", f"unknown method 405 + Allow: {r}")
    r = admin.get("/api/v1/projects/%E4%B8%8D%E5%AD%98%E5%9C%A8")
    t.check(r.status == 404, "unknown project 404")
    r = admin.request("PATCH", "/api/v1/users/999999", {"display_name": "x"})
    t.check(r.status == 404, f"unknown user 404: {r}")
    r = admin.request("PATCH", "/api/v1/users/1", {"disabled": "yes"})
    t.check(r.status == 422 and r.json()["error"]["field"] == "disabled", "wrong type bool 422")
    # a header block over the cap
    st, data = raw_request(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40000 +
                           b"\r\n\r\n")
    t.check(st in (413, 431, 400), f"oversize headers refused: {st} {data[:100]!r}")
    # a slow client is cut off by the idle timeout
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    s.settimeout(10)
    t0 = time.time()
    try:
        data = s.recv(100)
    except socket.timeout:
        data = b"timeout"
    s.close()
    t.check(data != b"timeout" and time.time() - t0 < 9,
            f"slow client disconnected after the idle timeout ({time.time() - t0:.1f} s)")
    # a slow upload is cut off too
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: 100\r\n\r\n{\"user")
    s.settimeout(10)
    try:
        data = s.recv(100)
    except socket.timeout:
        data = b"timeout"
    s.close()
    t.check(data != b"timeout", "slow body disconnected")
    r = Client(port).get("/healthz")
    t.check(r.status == 200, "healthy after the bad-input matrix")
    t.check(srv.proc.poll() is None, "server still running")


def test_headers_static(t, port, web):
    cl = Client(port)
    r = cl.get("/api/v1/me")
    for h, v in (("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
                 ("Referrer-Policy", "no-referrer")):
        t.check(r.header(h) == v, f"header {h}: {r.header(h)}")
    t.check("frame-ancestors 'none'" in (r.header("Content-Security-Policy") or ""), "CSP")
    t.check(len(r.header("X-Request-Id") or "") == 16, "request id header")
    r = cl.get("/")
    t.check(r.status == 200 and b"<title>zq</title>" in r.body and
            "text/html" in r.header("Content-Type"), f"index.html: {r}")
    t.check("script-src 'self'" in (r.header("Content-Security-Policy") or ""), "CSP of pages")
    r = cl.get("/projects/P-YY-1")
    t.check(r.status == 200 and b"<title>zq</title>" in r.body, "SPA fallback for app routes")
    r = cl.get("/assets/app.js")
    t.check(r.status == 200 and r.body == b"console.log(1)\n" and
            "immutable" in r.header("Cache-Control"), f"asset: {r}")
    r = cl.get("/assets/missing.js")
    t.check(r.status == 404, "missing asset 404")
    for bad in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/.secret", "/assets/../../x"):
        r = Client(port).get(bad)
        t.check(r.status in (400, 404) and b"root:" not in r.body, f"path {bad} refused: {r}")
    r = cl.get("/metrics")
    t.check(r.status == 200 and b"zhiqian_http_requests_total{route=" in r.body and
            b"zhiqian_http_request_duration_seconds_bucket" in r.body, "Prometheus metrics")


def test_sessions(t, port, c, tokens, db, args):
    # throttling: five failures lock the name, even for the right password
    cl = Client(port)
    for i in range(5):
        r = cl.post("/api/v1/session", {"username": "leader", "password": f"wrong-{i}-pass"})
    r = cl.post("/api/v1/session", {"username": "leader", "password": PASSWORD})
    t.check(r.status == 429 and "分钟" in r.json()["error"]["message"],
            f"login throttled after five failures: {r}")
    t.check(c["leader"].get("/api/v1/me").status == 200, "existing session unaffected")
    # logout: the session ends (within the 5 s cache on other threads)
    s = Client(port)
    s.login("off_water", PASSWORD)
    old = dict(s.cookies)
    r = s.request("DELETE", "/api/v1/session")
    t.check(r.status == 204, f"logout 204: {r}")
    stale = Client(port)
    stale.cookies = old
    r = wait_status(lambda: stale.get("/api/v1/me"), 401)
    t.check(r.status == 401, "the old session cookie no longer works")
    # an administrator disables a user: its session ends within 5 s
    r = c["admin"].get("/api/v1/users?limit=100")
    uid = next(x["id"] for x in r.json()["items"] if x["username"] == "off_housing")
    t.check(c["off_housing"].get("/api/v1/me").status == 200, "user active before")
    r = c["admin"].request("PATCH", f"/api/v1/users/{uid}", {"disabled": True})
    t.check(r.status == 200, f"disable user: {r}")
    r = wait_status(lambda: c["off_housing"].get("/api/v1/me"), 401)
    t.check(r.status == 401, "a disabled user is out within 5 s")
    r = Client(port).login("off_housing", PASSWORD)
    t.check(r.status == 403, f"a disabled user cannot log in: {r}")
    # tokens: create through the API, use, revoke
    r = c["admin"].post("/api/v1/tokens", {"role": "enterprise", "subject": ENT["C"],
                                           "label": "慈溪施工"})
    t.check(r.status == 201 and r.json()["token"].startswith("zqt_"), f"token created: {r}")
    tc = Client(port, token=r.json().get("token"))
    tid = r.json().get("id")
    r = tc.get("/api/v1/projects")
    t.check([x["code"] for x in r.json()["items"]] == ["P-CX-1"], "new token sees C's project")
    r = c["admin"].request("DELETE", f"/api/v1/tokens/{tid}")
    t.check(r.status == 204, f"token revoked: {r}")
    r = wait_status(lambda: tc.get("/api/v1/projects"), 401)
    t.check(r.status == 401, "a revoked token is refused within 5 s")
    r = c["admin"].request("DELETE", f"/api/v1/tokens/{tid}")
    t.check(r.status == 409, f"revoking twice is a conflict: {r}")
    r = c["admin"].post("/api/v1/tokens", {"role": "enterprise", "subject": ENT["C"]},
                        headers={"Authorization": ""})
    r = c["tok_a"].post("/api/v1/tokens", {"role": "enterprise", "subject": ENT["A"]})
    t.check(r.status == 403, "a token cannot make tokens")
    # users through the API
    r = c["admin"].post("/api/v1/users", {"username": "new_insp", "password": "Another-pass-1",
                                          "role": "inspector", "region_code": "330281"})
    t.check(r.status == 201, f"user created: {r}")
    r = c["admin"].post("/api/v1/users", {"username": "new_insp", "password": "Another-pass-1",
                                          "role": "inspector", "region_code": "330281"})
    t.check(r.status == 409, f"duplicate user 409: {r}")
    r = c["admin"].post("/api/v1/users", {"username": "x1", "password": "Another-pass-1",
                                          "role": "inspector", "region_code": "999999"})
    t.check(r.status == 422 and r.json()["error"]["field"] == "region_code", f"bad region: {r}")
    r = c["admin"].post("/api/v1/users", {"username": "x2", "password": "Another-pass-1",
                                          "role": "dept_officer", "region_code": "330281"})
    t.check(r.status == 422 and r.json()["error"]["field"] == "dept", "dept officer needs dept")
    n = Client(port)
    t.check(n.login("new_insp", "Another-pass-1").status == 200, "new user logs in")
    r = n.request("PUT", "/api/v1/me/password", {"current_password": "Another-pass-1",
                                                 "new_password": "Changed-pass-2"})
    t.check(r.status == 204, f"password changed: {r}")
    t.check(Client(port).login("new_insp", "Changed-pass-2").status == 200, "new password works")
    r = c["tok_a"].request("PUT", "/api/v1/me/password", {"current_password": "a",
                                                          "new_password": "b"})
    t.check(r.status == 403, "tokens have no password")
    r = c["admin"].get("/api/v1/audit?limit=200")
    acts = {(x["action"], x["entity"]) for x in r.json()["items"]}
    for a in (("login", "user"), ("logout", "user"), ("create", "user"), ("update", "user"),
              ("create", "api_token"), ("revoke", "api_token"), ("update_password", "user")):
        t.check(a in acts, f"audited: {a}")
    # CLI: token list shows the revoked one
    rc, out, err = run(args.bin, db, "token", "list")
    t.check(rc == 0 and "慈溪施工" in out, f"token list: {out} {err}")


def test_audit_tamper(t, db, args):
    rc, out, err = run(args.bin, db, "audit", "verify")
    t.check(rc == 0 and out.startswith("audit log ok:"), f"audit verify passes: {out} {err}")
    if db.backend == "pg":
        db.sql("ALTER TABLE audit_log DISABLE TRIGGER USER; "
               "UPDATE audit_log SET actor = 'user:nobody' WHERE seq = 3")
    else:
        db.sql("DROP TRIGGER audit_log_no_update; "
               "UPDATE audit_log SET actor = 'user:nobody' WHERE seq = 3")
    rc, out, err = run(args.bin, db, "audit", "verify")
    t.check(rc == 1 and "第 3 条被篡改" in err, f"audit verify fails after an edit: {rc} {err}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--backend", choices=["sqlite", "pg"], default="sqlite")
    ap.add_argument("--pg-uri")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    t = T()
    with tempfile.TemporaryDirectory(prefix="zq-http-") as tmp:
        args.tmp = tmp
        web = os.path.join(tmp, "web")
        os.makedirs(os.path.join(web, "assets"))
        with open(os.path.join(web, "index.html"), "w") as f:
            f.write("<!doctype html><title>zq</title>\n")
        with open(os.path.join(web, "assets", "app.js"), "w") as f:
            f.write("console.log(1)\n")
        with open(os.path.join(tmp, "secret"), "w") as f:
            f.write("root:x:0:0\n")
        db, tokens = setup(t, args, tmp)
        srv = Server(args.bin, db, tmp, web=web,
                     env={"ZHIQIAN_SERVER_IDLE_TIMEOUT": "2", "ZHIQIAN_SERVER_THREADS": "4",
                          "ZHIQIAN_JOB_SWEEP_SECONDS": "1"})
        try:
            c = clients(srv.port, tokens)
            test_login(t, srv.port, c)
            test_csrf(t, srv.port, c)
            ids = test_matrix(t, srv.port, c)
            test_reads(t, srv.port, c, ids)
            test_public_project(t, srv.port)
            http_warn.run_all(t, c, principal, db)
            test_imports(t, srv.port, c, db, args)
            http_jobs.test_progress(t, srv.port, c)
            if db.backend == "pg":
                http_jobs.test_sweep(t, srv.port, c, db)
            test_headers_static(t, srv.port, web)
            test_sessions(t, srv.port, c, tokens, db, args)
            test_bad_input(t, srv.port, c, srv)
            for cl in c.values():
                cl.close()
        finally:
            rc = srv.stop()
        err = srv.stderr()
        t.check(rc == 0 and "服务已停止" in err, f"graceful stop on SIGTERM: rc {rc}")
        t.check("ERROR: AddressSanitizer" not in err and "LeakSanitizer" not in err and
                "runtime error" not in err, "no sanitizer report: " + err[-3000:])
        with open(srv.access) as f:
            lines = f.read().splitlines()
        t.check(len(lines) > 500 and all(" req=" in x for x in lines[:50]),
                f"one access-log line per request ({len(lines)})")
        t.check(not any("13800000001" in x or "id_number=" in x for x in lines),
                "no personal data in the access log")
        test_audit_tamper(t, db, args)
    return t.summary()


if __name__ == "__main__":
    sys.exit(main())
