"""Warnings, the risk ledger with 包保 and 回头看, deposits and the calendar
through the API (called by http_test.py against the same server):

  - the route x principal x object matrix: every warning, ledger entry and
    project deposit in or out of each principal's scope (404), roles without
    the right (403), lists holding exactly the visible objects;
  - the lifecycle of docs/rules.md through the API, with an enterprise
    replying to a warning of its own project, the state checked before the
    fields (409 before 422), the history and the audit log;
  - 包保 follow-ups on 高 ledger entries; the calendar's days and working-day
    arithmetic.
"""
from http_lib import ENT, PROJ, TODAY

STAFF = {"admin", "leader", "inspector", "dept_officer"}
READERS = STAFF | {"enterprise"}

# key -> (subject_type, subject_code, region, dept, project code or None, level, rule)
WARNINGS = {
    "yy1": ("project", "P-YY-1", "330281", "housing", "P-YY-1", "red", "W03"),
    "cx1": ("project", "P-CX-1", "330282", "water", "P-CX-1", "orange", "W02"),
    "cx2": ("project", "P-CX-2", "330282", "housing", "P-CX-2", "yellow", "W05"),
    "entS": ("enterprise", ENT["S"], "330281", "hrss", None, "orange", "W16"),
    "regCX": ("region", "330282", "330282", "hrss", None, "yellow", "W21"),
}
# subject code -> (type, region, dept, class, score)
LEDGER = {
    "P-YY-1": ("project", "330281", "housing", "高", 12),
    "P-CX-1": ("project", "330282", "water", "中", 5),
    "P-CX-2": ("project", "330282", "housing", "高", 10),
}


def sql_str(s):
    return "NULL" if s is None else "'" + s.replace("'", "''") + "'"


def seed(db):
    """Warnings and ledger entries written behind zhiqian's back, so that
    every principal has objects in and out of scope."""
    stmts = []
    for key, (st, code, region, dept, proj, level, rule) in WARNINGS.items():
        pid = f"(SELECT id FROM projects WHERE code = '{proj}')" if proj else "NULL"
        month = "'2026-09'" if st == "project" else "''"
        stmts.append(
            "INSERT INTO warnings (rule, level, base_level, subject_type, subject_code, month, "
            "province, region_code, dept, project_id, status, first_seen, last_seen, message, "
            f"basis, evidence, created_at, updated_at) VALUES ('{rule}', '{level}', '{level}', "
            f"'{st}', {sql_str(code)}, {month}, '330000', '{region}', '{dept}', {pid}, 'open', "
            f"'{TODAY}', '{TODAY}', '测试预警 {key}', '《保障农民工工资支付条例》', "
            "'{\"n\":1}', 1795000000, 1795000000)")
    for code, (st, region, dept, klass, score) in LEDGER.items():
        stmts.append(
            "INSERT INTO risk_ledger (subject_type, subject_code, province, region_code, dept, "
            f"funding, red, orange, yellow, score, class, updated_at) VALUES ('{st}', '{code}', "
            f"'330000', '{region}', '{dept}', '政府投资', 1, 0, 0, {score}, '{klass}', "
            "1795000000)")
    db.sql("; ".join(stmts) + ";")


def visible(p, key):
    st, code, region, dept, proj, level, rule = WARNINGS[key]
    if p["role"] == "bank":
        return False
    if p["role"] == "enterprise":
        if proj is not None:
            _, _, b, c, subs = PROJ[proj]
            return p["ent"] in (b, c, *subs)
        return st == "enterprise" and ENT.get(p["ent"]) == code
    if not region.startswith(prefix(p["region"])):
        return False
    return p["dept"] is None or p["dept"] == dept


def ledger_visible(p, code):
    st, region, dept, klass, score = LEDGER[code]
    if p["role"] not in STAFF:
        return False
    return region.startswith(prefix(p["region"])) and (p["dept"] is None or p["dept"] == dept)


def prefix(code):
    if len(code) == 6:
        while len(code) > 2 and code.endswith("00"):
            code = code[:-2]
    return code


def expect(p, allowed, vis):
    if p["role"] not in allowed:
        return 403
    return 200 if vis else 404


def warning_ids(t, c):
    r = c["admin"].get("/api/v1/warnings?status=all&limit=500")
    t.check(r.status == 200, f"admin lists warnings: {r}")
    ids = {}
    for x in r.json()["items"]:
        for key, w in WARNINGS.items():
            if x["message"] == f"测试预警 {key}":
                ids[key] = x["id"]
    t.check(len(ids) == len(WARNINGS), f"seeded warnings found: {ids}")
    return ids


def test_matrix(t, c, principal, db):
    seed(db)
    ids = warning_ids(t, c)
    n0 = t.passed + t.failed
    for name in c:
        p = dict(principal(name))
        p["dept"] = p.get("dept")
        cl = c[name]
        r = cl.get("/api/v1/warnings?limit=500")
        want = expect(p, READERS, True)
        if t.check(r.status == want, f"{name} GET /warnings: {r.status} want {want}") and \
                want == 200:
            got = {x["id"] for x in r.json()["items"]}
            vis = {ids[k] for k in ids if visible(p, k)}
            t.check(got == vis, f"{name} warning list {sorted(got)} want {sorted(vis)}")
        for key, wid in ids.items():
            vis = visible(p, key)
            r = cl.get(f"/api/v1/warnings/{wid}")
            want = expect(p, READERS, vis)
            t.check(r.status == want, f"{name} GET /warnings/{key}: {r.status} want {want}")
            # state-independent probes: an open warning cannot be resolved (409)
            # or replied to (409); scope (404) and role (403) come first
            for action, allowed in (("resolve", STAFF), ("reply", READERS),
                                    ("review", STAFF), ("notice", STAFF)):
                r = cl.post(f"/api/v1/warnings/{wid}/{action}", {})
                want = expect(p, allowed, vis)
                want = 409 if want == 200 else want
                t.check(r.status == want, f"{name} POST /warnings/{key}/{action}: {r.status} "
                        f"want {want} {r.body[:100]!r}")
        r = cl.get("/api/v1/ledger?limit=100")
        want = expect(p, STAFF, True)
        if t.check(r.status == want, f"{name} GET /ledger: {r.status} want {want}") and \
                want == 200:
            got = {x["subject_code"] for x in r.json()["items"]}
            vis = {code for code in LEDGER if ledger_visible(p, code)}
            t.check(got == vis, f"{name} ledger {sorted(got)} want {sorted(vis)}")
        for code in LEDGER:
            r = cl.get(f"/api/v1/ledger/project/{code}/followups")
            want = expect(p, STAFF, ledger_visible(p, code))
            t.check(r.status == want, f"{name} GET followups of {code}: {r.status} want {want}")
        for code in PROJ:
            _, _, b, cc, subs = PROJ[code]
            if p["role"] == "enterprise":
                vis = p["ent"] in (b, cc, *subs)
            elif p["role"] == "bank":
                vis = False
            else:
                ind = {"housing": "住建", "water": "水利"}.get(p["dept"])
                vis = PROJ[code][0].startswith(prefix(p["region"])) and \
                    (p["dept"] is None or ind == PROJ[code][1])
            r = cl.get(f"/api/v1/projects/{code}/deposit")
            want = expect(p, READERS, vis)
            t.check(r.status == want, f"{name} GET /projects/{code}/deposit: {r.status} "
                    f"want {want}")
        r = cl.get("/api/v1/rechecks")
        want = expect(p, STAFF, True)
        t.check(r.status == want, f"{name} GET /rechecks: {r.status} want {want}")
        r = cl.get("/api/v1/calendar?from=2026-10-01&to=2026-10-08")
        t.check(r.status == 200, f"{name} GET /calendar: {r.status}")
    print(f"warnings matrix: {t.passed + t.failed - n0} checks", flush=True)
    return ids


def test_lifecycle(t, c, ids):
    insp, ent, other = c["insp_cx"], c["tok_a"], c["tok_x"]
    w = ids["cx2"]  # P-CX-2: 慈溪, 住建; A is its contractor
    base = f"/api/v1/warnings/{w}"
    r = insp.post(base + "/assign", {"dept": "housing"})
    t.check(r.status == 422 and r.json()["error"]["field"] == "officer",
            f"assign without officer 422 naming the field: {r}")
    r = insp.post(base + "/ack")
    t.check(r.status == 200 and r.json()["status"] == "acknowledged" and
            r.json()["status_name"] == "已签收", f"ack without a body: {r}")
    r = insp.post(base + "/ack")
    t.check(r.status == 409 and "已签收" in r.json()["error"]["message"],
            f"second ack 409 with a Chinese reason: {r}")
    r = insp.post(base + "/assign", {"dept": "housing", "officer": "nobody",
                                     "deadline": "2026-12-10"})
    t.check(r.status == 422 and r.json()["error"]["field"] == "officer", f"unknown officer: {r}")
    r = insp.post(base + "/assign", {"dept": "housing", "officer": "off_housing",
                                     "deadline": "2026-12-31"})
    t.check(r.status == 200 and r.json()["assignee"] == "off_housing" and
            r.json()["deadline_on"] == "2026-12-31", f"assign: {r}")
    for name, want in (("off_housing", 1), ("off_water", 0), ("insp_cx", 0)):
        r = c[name].get("/api/v1/notifications")
        got = [i for i in (r.json() or {}).get("items", [])
               if i["kind"] == "assignment" and i["subject_type"] == "warning"
               and i["subject_code"] == str(w)]
        t.check(r.status == 200 and len(got) == want and
                all("2026-12-31" in i["message"] for i in got),
                f"{name} sees {len(got)} assignment notices of warning {w}, want {want}")
    r = insp.post(base + "/assign", {"dept": 5})
    t.check(r.status == 422 and r.json()["error"]["code"] == "wrong_type", f"wrong type: {r}")
    r = insp.post(base + "/notice", "{bad", ctype="application/json")
    t.check(r.status == 400, f"malformed JSON 400: {r}")
    r = c["off_housing"].post(base + "/notice", {"note": "限期整改"})
    t.check(r.status == 200 and r.json()["status"] == "notified", f"notice: {r}")
    r = other.post(base + "/reply", {"text": "不相干企业"})
    t.check(r.status == 404, f"another enterprise cannot reply: {r}")
    r = ent.post(base + "/reply", {})
    t.check(r.status == 422 and r.json()["error"]["field"] == "text", f"reply without text: {r}")
    r = ent.post(base + "/ack")
    t.check(r.status == 403, f"an enterprise cannot acknowledge: {r}")
    r = ent.post(base + "/reply", {"text": "已补发 9 月工资"})
    t.check(r.status == 200 and r.json()["status"] == "replied", f"enterprise replies: {r}")
    r = insp.post(base + "/review", {"result": "later"})
    t.check(r.status == 422 and r.json()["error"]["field"] == "result", f"bad review: {r}")
    r = insp.post(base + "/review", {"result": "reject", "note": "缺少银行回单"})
    t.check(r.status == 200 and r.json()["status"] == "notified", f"review reject: {r}")
    r = ent.post(base + "/reply", {"text": "附银行回单"})
    t.check(r.status == 200 and r.json()["reply"] == "附银行回单", f"second reply: {r}")
    r = insp.post(base + "/review", {"result": "pass"})
    t.check(r.status == 200 and r.json()["status"] == "reviewed", f"review pass: {r}")
    r = insp.post(base + "/resolve")
    t.check(r.status == 200 and r.json()["status"] == "resolved", f"resolve: {r}")
    hist = [h["action"] for h in r.json()["history"]]
    t.check(hist == ["ack", "assign", "notify", "reply", "review_reject", "reply", "review",
                     "resolve"], f"history: {hist}")
    r = insp.post(base + "/dismiss", {})
    t.check(r.status == 409, f"dismiss a resolved warning: state before fields (409): {r}")
    r = insp.get("/api/v1/warnings?status=resolved")
    t.check(r.status == 200 and [x["id"] for x in r.json()["items"]] == [w],
            f"filter by status: {r}")
    r = c["admin"].get(f"/api/v1/audit?entity=warning&entity_id={w}&limit=50")
    t.check(r.status == 200 and len(r.json()["items"]) == 8, f"8 audit entries: {r.body[:200]!r}")
    # dismissal needs a reason
    w2 = ids["regCX"]
    r = insp.post(f"/api/v1/warnings/{w2}/dismiss", {})
    t.check(r.status == 422 and r.json()["error"]["field"] == "reason", f"dismiss: reason: {r}")
    r = insp.post(f"/api/v1/warnings/{w2}/dismiss", {"reason": "已核实为误报"})
    t.check(r.status == 200 and r.json()["dismiss_reason"] == "已核实为误报" and
            r.json()["subject_name"] == "慈溪市", f"dismiss: {r}")
    # filters and paging
    r = c["admin"].get("/api/v1/warnings?status=all&level=red")
    t.check(r.status == 200 and {x["code"] for x in r.json()["items"]} == {"W03"},
            f"level filter: {r}")
    r = c["admin"].get("/api/v1/warnings?status=all&region=330282&code=W02")
    t.check(r.status == 200 and [x["id"] for x in r.json()["items"]] == [ids["cx1"]],
            f"region + code filter: {r}")
    r = c["admin"].get("/api/v1/warnings?status=all&project=P-YY-1&month=2026-09")
    t.check(r.status == 200 and [x["id"] for x in r.json()["items"]] == [ids["yy1"]],
            f"project + month filter: {r}")
    seen, cursor = [], ""
    for _ in range(10):
        r = c["admin"].get("/api/v1/warnings?status=all&limit=2" + cursor)
        seen += [x["id"] for x in r.json()["items"]]
        if r.json()["next_cursor"] is None:
            break
        cursor = "&cursor=" + r.json()["next_cursor"]
    levels = {x: WARNINGS[k][5] for k, x in ids.items()}
    t.check(sorted(seen) == sorted(ids.values()) and len(seen) == len(set(seen)) and
            [levels[x] for x in seen] == sorted((levels[x] for x in seen),
                                                key=["red", "orange", "yellow"].index),
            f"paging by 2, red first: {seen}")
    for q, field in (("status=bogus", "status"), ("level=pink", "level"), ("code=X1", "code"),
                     ("month=2026-13-01", "month"), ("region=12", "region"),
                     ("cursor=!!", "cursor")):
        r = c["admin"].get("/api/v1/warnings?" + q)
        t.check(r.status == 422 and r.json()["error"]["field"] == field, f"bad {q}: {r}")


def test_ledger(t, c):
    insp = c["insp_cx"]
    r = insp.post("/api/v1/ledger/project/P-CX-1/followups",
                  {"officer": "insp_cx", "plan": "约谈", "deadline": "2026-12-31"})
    t.check(r.status == 409, f"包保 only for 高: {r}")
    r = insp.post("/api/v1/ledger/project/P-CX-2/followups", {"officer": "insp_cx"})
    t.check(r.status == 422 and r.json()["error"]["field"] == "plan", f"包保 without plan: {r}")
    r = c["insp_yy"].post("/api/v1/ledger/project/P-CX-2/followups",
                          {"officer": "insp_yy", "plan": "约谈", "deadline": "2026-12-31"})
    t.check(r.status == 404, f"包保 out of scope: {r}")
    r = insp.post("/api/v1/ledger/project/P-CX-2/followups",
                  {"officer": "insp_cx", "plan": "约谈总包，督促补发", "deadline": "2026-11-01"})
    t.check(r.status == 201 and r.json()["id"] > 0, f"包保: {r}")
    fid = r.json().get("id", 0)
    r = insp.get("/api/v1/ledger?class=高")
    items = r.json()["items"] if r.status == 200 else []
    t.check([x["subject_code"] for x in items] == ["P-CX-2"] and items[0]["officer"] == "insp_cx"
            and items[0]["overdue"] is True, f"ledger with the follow-up, overdue: {r}")
    r = c["insp_yy"].post(f"/api/v1/followups/{fid}/feedback", {"text": "x"})
    t.check(r.status == 404, f"feedback out of scope: {r}")
    r = insp.post(f"/api/v1/followups/{fid}/feedback", {"text": "已补发", "done": True})
    t.check(r.status == 200 and r.json()["status"] == "已完成", f"feedback: {r}")
    r = insp.get("/api/v1/ledger/project/P-CX-2/followups")
    t.check(r.status == 200 and r.json()["items"][0]["feedback"] == "已补发", f"followups: {r}")
    for q, field in (("kind=clue", "kind"), ("class=x", "class"), ("region=1", "region")):
        r = insp.get("/api/v1/ledger?" + q)
        t.check(r.status == 422 and r.json()["error"]["field"] == field, f"ledger {q}: {r}")
    r = insp.post("/api/v1/rechecks/999999/done", {"result": "正常"})
    t.check(r.status == 404, f"unknown re-check: {r}")


def test_deposit_calendar(t, c):
    r = c["insp_cx"].get("/api/v1/projects/P-CX-1/deposit?as_of=2026-11-01")
    j = r.json()
    t.check(r.status == 200 and j["contract_amount"] == "12000000.00" and
            j["as_of"] == "2026-11-01" and len(j["steps"]) >= 2 and
            j["required"].endswith(".00"), f"deposit: {r.body[:300]!r}")
    r = c["insp_cx"].get("/api/v1/projects/P-CX-1/deposit?as_of=2026-02-30")
    t.check(r.status == 422 and r.json()["error"]["field"] == "as_of", f"deposit as_of: {r}")
    r = c["tok_a"].get("/api/v1/calendar?from=2026-09-30&to=2026-10-09")
    days = r.json()["items"]
    t.check(len(days) == 10 and days[0]["kind"] == "work" and days[1]["kind"] == "off" and
            days[1]["name"] == "国庆节" and days[0]["weekday"] == 3, f"calendar: {days[:3]}")
    r = c["admin"].get("/api/v1/calendar/add-workdays?date=2026-09-30&n=1")
    t.check(r.status == 200 and r.json()["result"] == "2026-10-08", f"add-workdays: {r}")
    for q, field in (("date=2026-09-31&n=1", "date"), ("date=2026-09-30&n=-1", "n"),
                     ("date=2026-09-30", "n")):
        r = c["admin"].get("/api/v1/calendar/add-workdays?" + q)
        t.check(r.status == 422 and r.json()["error"]["field"] == field, f"add-workdays {q}: {r}")
    r = c["admin"].get("/api/v1/calendar?from=2026-01-01&to=2027-06-01")
    t.check(r.status == 422 and r.json()["error"]["field"] == "to", f"calendar range: {r}")


def run_all(t, c, principal, db):
    ids = test_matrix(t, c, principal, db)
    test_lifecycle(t, c, ids)
    test_ledger(t, c)
    test_deposit_calendar(t, c)
