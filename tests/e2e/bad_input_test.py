#!/usr/bin/env python3
"""The bad-input matrix of SPEC §15 end to end, over HTTP and the command
line, on SQLite or PostgreSQL:

  - HTTP: oversize bodies and uploads (413), malformed JSON (400), wrong
    types and values (422 naming the field), unknown routes (404) and
    methods (405), invalid UTF-8 in body, query, path and upload, bad query
    strings, missing or wrong credentials (401/403), wrong Content-Type
    (415), slow clients (headers or body dribbled, or stalled: cut off
    within the configured timeouts while others are served), more
    connections than the limit;
  - CLI: imports of broken CSV and XLSX files (file, line, column, value and
    the reason in Chinese; --strict applies nothing), check idcard/uscc,
    unknown commands, missing arguments, a bad --db.

Every case asserts the exact status and the error envelope of docs/api.md
(stable code, Chinese message, field, request id), that the server still
answers GET /api/v1/me afterwards, and that no table changed (row counts of
every table and `zhiqian audit verify` before and after each group).

Usage: bad_input_test.py --bin ZHIQIAN [--backend sqlite|pg] [--pg-uri URI]
Ends with "N passed, N failed".
"""
import argparse
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from http_lib import (ENT, PAYROLL_HEADER, Client, Db, Server, T, csv_text,  # noqa: E402
                      fixture_files, idnum, payroll_rows, raw_request, run, xlsx_bytes)

PASSWORD = "Test-pass-2026"
HAN = re.compile("[\u4e00-\u9fff]")
IDLE_TIMEOUT = 2
REQUEST_TIMEOUT = 4
MAX_BODY = 65536
MAX_UPLOAD = 262144
MAX_CONNECTIONS = 24
SERVER_ENV = {
    "ZHIQIAN_SERVER_IDLE_TIMEOUT": str(IDLE_TIMEOUT),
    "ZHIQIAN_SERVER_REQUEST_TIMEOUT": str(REQUEST_TIMEOUT),
    "ZHIQIAN_SERVER_MAX_BODY": str(MAX_BODY),
    "ZHIQIAN_SERVER_MAX_UPLOAD": str(MAX_UPLOAD),
    "ZHIQIAN_SERVER_MAX_CONNECTIONS": str(MAX_CONNECTIONS),
    "ZHIQIAN_SERVER_THREADS": "4",
    "ZHIQIAN_CLUES_RATE_IP_HOUR": "100000",
}
# tables a refused request may touch: the login throttle and the public
# form's per-address counter count attempts, good or bad
VOLATILE = {"sessions", "rate_limits"}

USERS = {
    "admin": ("admin", "330000", None),
    "insp": ("inspector", "330281", None),
    "ent_a": ("enterprise", "330106", "A"),
}

CLUE = {"complainant": "张某", "phone": "13900000011", "respondent": "某劳务公司",
        "region_code": "330281", "nature": "工资", "people": 3, "amount": "12000.00",
        "description": "三个月工资未发"}


# ---------------------------------------------------------------- data snapshot

def table_counts(db):
    """table -> row count, for every table of the schema."""
    if db.backend == "pg":
        names = subprocess.run(
            ["psql", "-X", "-At", db.uri, "-c",
             "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
             "ORDER BY 1"], check=True, capture_output=True, text=True).stdout.split()
        sql = " UNION ALL ".join(f"SELECT '{n}', count(*) FROM {n}" for n in names)
        out = subprocess.run(["psql", "-X", "-At", "-F", " ", db.uri, "-c", sql], check=True,
                             capture_output=True, text=True).stdout
        return {a: int(b) for a, b in (line.split() for line in out.splitlines() if line)}
    con = sqlite3.connect(f"file:{db.uri}?mode=ro", uri=True, timeout=30)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


class Snapshot:
    """Row counts and the audit chain before a group of cases."""

    def __init__(self, t, args, db):
        self.t, self.args, self.db = t, args, db
        self.take()

    def take(self):
        self.counts = table_counts(self.db)

    def same(self, what, allow=()):
        now = table_counts(self.db)
        diff = {k: (self.counts.get(k), now.get(k)) for k in set(now) | set(self.counts)
                if k not in VOLATILE and k not in allow and self.counts.get(k) != now.get(k)}
        self.t.check(not diff, f"{what}: no table changed: {diff}")
        rc, out, err = run(self.args.bin, self.db, "audit", "verify")
        self.t.check(rc == 0 and out.startswith("audit log ok:"),
                     f"{what}: audit verify: {rc} {out} {err}")
        self.counts = now


# ---------------------------------------------------------------- assertions

class Http:
    def __init__(self, t, port, alive):
        self.t, self.port, self.alive = t, port, alive

    def err(self, name, r, status, code, field=None, msg=None):
        """r must be an error answer of docs/api.md: status, code, a Chinese
        message (containing msg when given), the field, the request id; and
        the server must still answer afterwards."""
        j = r.json()
        e = j.get("error") if isinstance(j, dict) else None
        ok = (r.status == status and isinstance(e, dict) and e.get("code") == code and
              bool(HAN.search(e.get("message", ""))) and
              (msg is None or msg in e.get("message", "")) and
              (field is None or e.get("field") == field) and
              re.fullmatch("[0-9a-f]{16}", e.get("request_id", "")) is not None and
              r.header("X-Request-Id") == e.get("request_id"))
        self.t.check(ok, f"{name}: want {status} {code} field={field} msg~{msg}: got {r}")
        self.live(name)
        return ok

    def raw(self, name, st, data, status, code):
        body = data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""
        text = body.decode("utf-8", "replace")
        self.t.check(st == status and f'"code":"{code}"' in text.replace(" ", "") and
                     HAN.search(text) is not None,
                     f"{name}: want {status} {code}: got {st} {data[:300]!r}")
        self.live(name)

    def live(self, name):
        r = self.alive.get("/api/v1/me")
        self.t.check(r.status == 200, f"{name}: server alive afterwards (GET /api/v1/me): {r}")


def head(method, path, extra=b"", length=None, ctype=b"application/json"):
    h = b"%s %s HTTP/1.1\r\nHost: x\r\n" % (method.encode(), path.encode())
    if ctype:
        h += b"Content-Type: " + ctype + b"\r\n"
    if length is not None:
        h += b"Content-Length: %d\r\n" % length
    return h + extra + b"\r\n"


# ---------------------------------------------------------------- setup

def setup(t, args, tmp):
    db = Db(args.backend, args.pg_uri, tmp, f"badinput_{os.getpid()}")
    rc, out, err = run(args.bin, db, "init")
    t.check(rc == 0, f"init: {err}")
    for kind, data in fixture_files().items():
        path = os.path.join(tmp, kind + ".csv")
        with open(path, "wb") as f:
            f.write(data)
        rc, out, err = run(args.bin, db, "import", kind, path)
        t.check(rc == 0, f"import {kind}: {out} {err}")
    for name, (role, region, ent) in USERS.items():
        cmd = ["user", "add", name, "--role", role, "--region", region, "--password-stdin"]
        if ent:
            cmd += ["--enterprise", ENT[ent]]
        rc, out, err = run(args.bin, db, *cmd, stdin=(PASSWORD + "\n").encode())
        t.check(rc == 0, f"user add {name}: {out} {err}")
    rc, out, err = run(args.bin, db, "token", "add", "--role", "bank", "--subject", "中国工商银行",
                       "--label", "bank")
    t.check(rc == 0 and out.startswith("zqt_"), f"token add: {out} {err}")
    return db, out.split("\n")[0]


# ---------------------------------------------------------------- HTTP matrix

def test_oversize(h, port, bank_token):
    big = b'{"username":"' + b"a" * (MAX_BODY + 10) + b'"}'
    st, data = raw_request(port, head("POST", "/api/v1/session", length=len(big)), big)
    h.raw("oversize JSON body (Content-Length)", st, data, 413, "too_large")
    chunk = b"%x\r\n" % (MAX_BODY // 2) + b"a" * (MAX_BODY // 2) + b"\r\n"
    st, data = raw_request(port, head("POST", "/api/v1/session",
                                      extra=b"Transfer-Encoding: chunked\r\n"),
                           chunk * 3 + b"0\r\n\r\n", wait=0.2)
    h.raw("oversize JSON body (chunked)", st, data, 413, "too_large")
    auth = b"Authorization: Bearer " + bank_token.encode() + b"\r\n"
    up = b"a" * (MAX_UPLOAD + 10)
    st, data = raw_request(port, head("POST", "/api/v1/imports/txns", extra=auth,
                                      length=len(up), ctype=b"text/csv"), up)
    h.raw("oversize upload (Content-Length)", st, data, 413, "too_large")
    chunk = b"%x\r\n" % (MAX_UPLOAD // 2) + b"a" * (MAX_UPLOAD // 2) + b"\r\n"
    st, data = raw_request(port, head("POST", "/api/v1/imports/txns", ctype=b"text/csv",
                                      extra=auth + b"Transfer-Encoding: chunked\r\n"),
                           chunk * 3 + b"0\r\n\r\n", wait=0.2)
    h.raw("oversize upload (chunked)", st, data, 413, "too_large")
    # just under the JSON cap is read and answered on its merits
    ok = b'{"username":"' + b"a" * (MAX_BODY - 100) + b'","password":"x"}'
    r = Client(port).post("/api/v1/session", ok, ctype="application/json")
    h.err("body just under the cap", r, 422, "too_long", "username")
    st, data = raw_request(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40000 +
                           b"\r\n\r\n")
    h.t.check(st == 431 or st == 413, f"oversize header block refused: {st} {data[:100]!r}")
    h.live("oversize header block")


def test_malformed(h, port, admin):
    anon = Client(port)
    for name, body, msg in (
            ("truncated", b'{"username":"a","password":', "JSON 格式错误"),
            ("trailing garbage", b'{"username":"a","password":"b"} x', "JSON 格式错误"),
            ("two documents", b'{"username":"a"}{"password":"b"}', "JSON 格式错误"),
            ("duplicate keys", b'{"username":"a","username":"b","password":"c"}',
             "JSON 格式错误"),
            ("deeply nested", b"[" * 10000 + b"]" * 10000, "JSON 格式错误"),
            ("deeply nested object", b'{"a":' * 10000 + b"1" + b"}" * 10000, "JSON 格式错误"),
            ("raw NUL in a string", b'{"username":"a\x00b","password":"c"}', "JSON 格式错误"),
            ("escaped NUL", b'{"username":"a\\u0000b","password":"c"}', "JSON 格式错误"),
            ("lone surrogate", b'{"username":"\\ud800","password":"c"}', "JSON 格式错误"),
            ("single quotes", b"{'username':'a'}", "JSON 格式错误"),
            ("NaN", b'{"people":NaN}', "JSON 格式错误"),
            ("empty body", b"", "请求体为空")):
        r = anon.post("/api/v1/session", body, ctype="application/json")
        h.err(f"malformed JSON: {name}", r, 400, "malformed_json", msg=msg)
    for name, body in (("array", b"[1,2]"), ("string", b'"x"'), ("number", b"3"),
                       ("null", b"null")):
        r = anon.post("/api/v1/session", body, ctype="application/json")
        h.err(f"JSON not an object: {name}", r, 422, "invalid", msg="JSON 对象")
    r = anon.post("/api/v1/public/clues", b'{"complainant":"\xe5\xbc\xa0\xff"}',
                  ctype="application/json")
    h.err("invalid UTF-8 in a JSON string", r, 400, "invalid_utf8", msg="UTF-8")
    r = anon.post("/api/v1/public/clues", b'{"complainant":"\xed\xa0\x80"}',
                  ctype="application/json")
    h.err("UTF-8-encoded surrogate in a JSON string", r, 400, "invalid_utf8", msg="UTF-8")
    r = anon.post("/api/v1/public/clues", b'{"complainant":"\xc0\xaf"}',
                  ctype="application/json")
    h.err("overlong UTF-8 in a JSON string", r, 400, "invalid_utf8", msg="UTF-8")


def clue(**kw):
    c = dict(CLUE)
    for k, v in kw.items():
        if v is None:
            c.pop(k, None)
        else:
            c[k] = v
    return c


def test_types(h, port, admin):
    anon = Client(port)
    cases = [
        ("string for a number", clue(people="三"), "invalid", "people"),
        ("float for an integer", clue(people=2.5), "invalid", "people"),
        ("number for a string", clue(complainant=123), "invalid", "complainant"),
        ("object for a string", clue(description={"a": 1}), "invalid", "description"),
        ("money with 3 decimals", clue(amount="12.345"), "invalid", "amount"),
        ("negative money", clue(amount="-1"), "invalid", "amount"),
        ("money in exponent form", clue(amount="1e3"), "invalid", "amount"),
        ("huge money", clue(amount="99999999999999999999.00"), "invalid", "amount"),
        ("money as a JSON number", clue(amount=12000), "invalid", "amount"),
        ("empty money", clue(amount=""), "invalid", "amount"),
        ("missing field", clue(phone=None), "invalid", "phone"),
        ("bad date", clue(period_from="2026-02-30"), "invalid", "period_from"),
        ("date in another form", clue(period_to="2026/01/05"), "invalid", "period_to"),
        ("unknown region code", clue(region_code="999999"), "invalid", "region_code"),
        ("region code not digits", clue(region_code="33028X"), "invalid", "region_code"),
        ("bad enum", clue(nature="欠钱"), "invalid", "nature"),
        ("bad phone", clue(phone="12345"), "invalid", "phone"),
        ("bad ID number", clue(complainant_id="110105194912310021"), "invalid",
         "complainant_id"),
        ("bad USCC", clue(respondent_uscc="91350100M000100Y44"), "invalid", "respondent_uscc"),
        ("negative people", clue(people=-2), "invalid", "people"),
    ]
    for name, body, code, field in cases:
        r = anon.post("/api/v1/public/clues", body)
        h.err(f"public clue, {name}", r, 422, code, field)
    r = admin.post("/api/v1/funds/330281/topups", {"amount": "12.345", "on": "2026-11-01"})
    h.err("fund top-up, money with 3 decimals", r, 422, "invalid", "amount")
    r = admin.post("/api/v1/funds/330281/topups", {"amount": "100.00", "on": "2026-02-30"})
    h.err("fund top-up, bad date", r, 422, "invalid", "on")
    r = admin.post("/api/v1/funds/330281/topups", {"amount": "-5.00"})
    h.err("fund top-up, negative money", r, 422, "invalid", "amount")
    r = admin.get("/api/v1/calendar/add-workdays?date=2026-02-30&n=3")
    h.err("calendar, bad date", r, 422, "invalid", "date")
    r = admin.get("/api/v1/calendar/add-workdays?date=2026-02-03&n=abc")
    h.err("calendar, n not a number", r, 422, "invalid", "n")


def test_routes_auth(h, port, tokens):
    admin, anon = tokens["admin"], Client(port)
    r = admin.get("/api/v1/nope")
    h.err("unknown route", r, 404, "no_route", msg="没有这个接口")
    r = anon.post("/api/v1/nope", {"a": 1})
    h.err("unknown route, POST", r, 404, "no_route")
    r = admin.request("PUT", "/api/v1/projects", {"x": 1})
    h.err("wrong method", r, 405, "method_not_allowed", msg="PUT")
    h.t.check(r.header("Allow") == "GET", f"405 names the allowed methods: {r.header('Allow')}")
    r = admin.request("DELETE", "/api/v1/public/clues")
    h.err("wrong method on a public route", r, 405, "method_not_allowed")
    r = admin.request("BREW", "/api/v1/projects")
    h.t.check(r.status in (400, 405, 501), f"unknown method refused: {r}")
    h.live("unknown method")
    r = anon.get("/api/v1/projects")
    h.err("no credentials", r, 401, "unauthenticated", msg="登录")
    r = Client(port, token="zqt_notatoken").get("/api/v1/projects")
    h.err("unknown bearer token", r, 401, "unauthenticated")
    r = anon.get("/api/v1/projects", headers={"Authorization": "Basic YWRtaW46eA=="})
    h.err("unsupported auth scheme", r, 401, "unauthenticated", msg="Bearer")
    r = anon.get("/api/v1/projects", headers={"Cookie": "zq_session=garbage"})
    h.err("unknown session cookie", r, 401, "unauthenticated")
    r = tokens["ent_a"].get("/api/v1/users")
    h.err("wrong role (enterprise on users)", r, 403, "forbidden", msg="无权")
    r = tokens["bank"].get("/api/v1/projects")
    h.err("wrong role (bank on projects)", r, 403, "forbidden")
    r = tokens["bank"].post("/api/v1/imports/projects", b"code\r\n", ctype="text/csv")
    h.err("wrong role for an import kind", r, 403, "forbidden")
    r = admin.post("/api/v1/funds/330281/topups", {"amount": "1.00"}, csrf=False)
    h.err("session without the CSRF header", r, 403, "csrf", msg="X-CSRF-Token")
    r = anon.post("/api/v1/session", "username=a", ctype="application/x-www-form-urlencoded")
    h.err("form body on a JSON route", r, 415, "unsupported_media_type", msg="application/json")
    r = anon.post("/api/v1/session", b'{"username":"a","password":"b"}', ctype="text/plain")
    h.err("text/plain on a JSON route", r, 415, "unsupported_media_type")
    r = anon.post("/api/v1/session", b'{"username":"a","password":"b"}')
    h.err("no Content-Type on a JSON route", r, 415, "unsupported_media_type")
    r = admin.post("/api/v1/imports/payroll", b"\x89PNG\r\n", ctype="image/png")
    h.err("an image as an upload", r, 415, "unsupported_media_type")


def test_utf8_query(h, port, admin):
    r = admin.get("/api/v1/projects?q=%FF%FE")
    h.err("invalid UTF-8 in the query", r, 400, "invalid_utf8", msg="UTF-8")
    r = admin.get("/api/v1/projects?%FF=1")
    h.err("invalid UTF-8 in a query name", r, 400, "invalid_utf8")
    r = admin.get("/api/v1/projects/%FF%FE")
    h.err("invalid UTF-8 in the path", r, 400, "invalid_utf8", msg="UTF-8")
    r = admin.get("/api/v1/projects/P-YY-1%00x")
    h.err("NUL in the path (not cut short to P-YY-1)", r, 400, "bad_request", msg="控制字符")
    r = admin.get("/api/v1/projects?q=P-YY%00x")
    h.err("NUL in the query", r, 400, "bad_request", msg="控制字符")
    r = admin.get("/api/v1/projects?q=a%0Ab")
    h.err("newline in the query", r, 400, "bad_request", msg="控制字符")
    r = admin.get("/api/v1/projects?q=" + "a" * 2000)
    h.err("query value too long", r, 400, "invalid_utf8", msg="1024")
    lists = ["/api/v1/projects", "/api/v1/enterprises", "/api/v1/workers?project=P-YY-1",
             "/api/v1/clues",
             "/api/v1/cases", "/api/v1/warnings", "/api/v1/blacklist", "/api/v1/incidents",
             "/api/v1/ratings", "/api/v1/audit", "/api/v1/jobs", "/api/v1/users",
             "/api/v1/notifications"]
    for path in lists:
        for q, field in (("limit=-1", "limit"), ("limit=abc", "limit"), ("limit=0", "limit"),
                         ("limit=501", "limit"), ("limit=99999999999999999999", "limit"),
                         ("cursor=garbage!!", "cursor"), ("cursor=bm9wZQ", "cursor")):
            url = path + ("&" if "?" in path else "?") + q
            r = admin.get(url)
            h.err(url, r, 422, "invalid", field)
        for q in ("limit=1&limit=2", "sort=unknown", "q=%zz", "status=%", "x=%E4%B8",
                  "region=abc"):
            url = path + ("&" if "?" in path else "?") + q
            r = admin.get(url)
            h.t.check(r.status in (200, 400, 422) and
                      (r.status == 200 or HAN.search(r.body.decode("utf-8", "replace"))),
                      f"{url}: 200 or a clear 4xx: {r}")
    r = admin.get("/api/v1/projects?sort=unknown")
    h.err("unknown sort", r, 422, "invalid", "sort")
    r = admin.get("/api/v1/projects?q=%E4%B8")
    h.err("truncated UTF-8 escape in the query", r, 400, "invalid_utf8")
    h.live("bad query strings")


def test_upload_utf8(h, port, admin, tmp):
    jobs0 = {j["id"] for j in admin.get("/api/v1/jobs?limit=500").json()["items"]}
    rows = [PAYROLL_HEADER] + payroll_rows("P-YY-1", "W1", month="2026-10")
    good = csv_text(rows)
    bad = good.replace("王一".encode(), b"\xff\xfe\xfd")
    r = admin.post("/api/v1/imports/payroll?name=bad.csv&strict=1", bad, ctype="text/csv")
    j = r.json() or {}
    errs = j.get("errors") or []
    h.t.check(r.status in (200, 400, 422) and
              (r.error_code() is not None or (not j.get("applied") and errs and
               errs[0].get("line") == 2 and HAN.search(errs[0].get("reason", "")))),
              f"invalid UTF-8 in a CSV upload: refused with the line and reason: {r}")
    h.live("invalid UTF-8 in a CSV upload")
    r = admin.post("/api/v1/imports/payroll?name=x.xlsx", b"\x00\x01\x02binary" * 100,
                   ctype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    h.err("a binary file named .xlsx", r, 400, "bad_request", msg="不是有效的 XLSX 文件")
    x = xlsx_bytes(rows, os.path.join(tmp, "t.xlsx"))
    r = admin.post("/api/v1/imports/payroll?name=t.xlsx", x[: len(x) // 2],
                   ctype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    h.err("a truncated XLSX", r, 400, "bad_request", msg="不是有效的 XLSX 文件")
    r = admin.post("/api/v1/imports/payroll?name=e.csv", b"", ctype="text/csv")
    h.t.check(r.status in (400, 422) and r.error_code() is not None, f"an empty upload: {r}")
    r = admin.post("/api/v1/imports/nosuchkind", good, ctype="text/csv")
    h.err("unknown import kind", r, 404, "unknown_kind")
    # a file that cannot be read is recorded as a failed job with the
    # reason (docs/api.md); nothing else is left behind
    new = [j for j in admin.get("/api/v1/jobs?limit=500").json()["items"]
           if j["id"] not in jobs0]
    h.t.check(all(j["status"] == "failed" and HAN.search(j.get("message") or "") for j in new),
              f"refused uploads leave only failed jobs with the reason: {new}")


# ---------------------------------------------------------------- slow clients

def closed_within(s, seconds):
    """Wait until the server closes s (or answers); the seconds it took, or
    None when it is still open after `seconds`."""
    t0 = time.time()
    s.settimeout(0.2)
    data = b""
    while time.time() - t0 < seconds:
        try:
            chunk = s.recv(4096)
        except socket.timeout:
            continue
        except (ConnectionResetError, OSError):
            return time.time() - t0, data
        if not chunk:
            return time.time() - t0, data
        data += chunk
    return None, data


def dribble(port, payload, stop, result, first=b""):
    """A slowloris: `first` at once, then one byte a second until the server
    gives up on us."""
    s = socket.create_connection(("127.0.0.1", port))
    t0 = time.time()
    data = b""
    try:
        s.sendall(first)
        for b in payload:
            if stop.is_set():
                break
            s.sendall(bytes([b]))
            s.settimeout(1.0)
            try:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
                if b"\r\n\r\n" in data:
                    break
            except socket.timeout:
                pass
    except (BrokenPipeError, ConnectionResetError, OSError):
        pass
    result["seconds"] = time.time() - t0
    result["data"] = data
    s.close()


def test_slow(h, port, admin):
    limit = REQUEST_TIMEOUT + IDLE_TIMEOUT + 3
    # headers, one byte a second
    stop, res = threading.Event(), {}
    th = threading.Thread(target=dribble, args=(port, b"GET /api/v1/regions HTTP/1.1\r\nHost: x"
                                                + b"\r\nX-Pad: " + b"a" * 100 + b"\r\n\r\n",
                                                stop, res))
    th.start()
    # others are served meanwhile
    served = []
    for _ in range(4):
        time.sleep(0.5)
        served.append(Client(port).get("/healthz").status)
    th.join(limit + 5)
    stop.set()
    th.join()
    h.t.check(served == [200] * 4, f"others served during a slowloris: {served}")
    h.t.check(res.get("seconds", 99) < limit and b" 408 " in res.get("data", b"") and
              b"request_timeout" in res.get("data", b""),
              f"slowloris headers answered 408 within {limit} s: {res}")
    h.live("slowloris headers")
    # a body, one byte a second
    body = b'{"username":"' + b"a" * 60 + b'","password":"b"}'
    stop, res = threading.Event(), {}
    th = threading.Thread(target=dribble, args=(port, body, stop, res),
                          kwargs={"first": head("POST", "/api/v1/session", length=len(body))})
    th.start()
    th.join(limit + 5)
    stop.set()
    th.join()
    h.t.check(res.get("seconds", 99) < limit and b" 408 " in res.get("data", b"") and
              b"request_timeout" in res.get("data", b""),
              f"slowloris body answered 408 within {limit} s: {res}")
    # half a body, then nothing
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(head("POST", "/api/v1/session", length=100) + b'{"username":"a')
    took, data = closed_within(s, limit)
    s.close()
    h.t.check(took is not None and (data == b"" or b" 408 " in data),
              f"half a body then a stall: closed within {limit} s ({took}, {data[:80]!r})")
    # headers half sent, then nothing
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n")
    took, data = closed_within(s, limit)
    s.close()
    h.t.check(took is not None, f"half the headers then a stall: closed ({took})")
    # a connection that never sends anything
    s = socket.create_connection(("127.0.0.1", port))
    took, data = closed_within(s, limit)
    s.close()
    h.t.check(took is not None, f"a silent connection: closed ({took})")
    h.live("slow clients")


def test_connections(h, port, admin):
    socks = []
    try:
        for _ in range(MAX_CONNECTIONS * 3):
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=2)
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # unfinished
                socks.append(s)
            except OSError:
                break
        h.t.check(len(socks) == MAX_CONNECTIONS * 3, f"flood opened: {len(socks)}")
        # a client behind the flood is queued (the listen backlog) until the
        # stalled ones are cut off by the timeouts, then served
        t0 = time.time()
        r = Client(port).get("/healthz")
        took = time.time() - t0
        h.t.check(r.status == 200 and took < 3 * (REQUEST_TIMEOUT + IDLE_TIMEOUT) + 5,
                  f"a client behind the flood is served ({r.status}, {took:.1f} s)")
        # and every stalled connection is closed in the end
        left = list(socks)
        end = time.time() + 4 * (REQUEST_TIMEOUT + IDLE_TIMEOUT) + 10
        while left and time.time() < end:
            still = []
            for s in left:
                s.settimeout(0.05)
                try:
                    if s.recv(4096) != b"":
                        still.append(s)
                except socket.timeout:
                    still.append(s)
                except OSError:
                    pass
            left = still
        h.t.check(not left, f"every stalled connection closed: {len(left)} left")
    finally:
        for s in socks:
            s.close()
    time.sleep(0.5)
    r = Client(port).get("/healthz")
    h.t.check(r.status == 200, f"served again once the flood is gone: {r}")
    h.live("connection flood")


# ---------------------------------------------------------------- CLI matrix

def cli_import(args, db, tmp, name, data, *opts):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data)
    rc, out, err = run(args.bin, db, "import", "payroll", path, *opts)
    return rc, out, err, path


def test_cli(t, args, db, tmp):
    snap = Snapshot(t, args, db)
    good = payroll_rows("P-YY-1", "W1", month="2026-08")[0]
    col = {n: i for i, n in enumerate(PAYROLL_HEADER)}

    def row(**kw):
        r = list(good)
        for k, v in kw.items():
            r[col[k]] = v
        return r

    bad_id = good[col["id_number"]][:-1] + ("1" if good[col["id_number"]][-1] != "1" else "2")
    rows = {
        "bad ID number": (row(id_number=bad_id), "id_number", bad_id, "校验位"),
        "bad money": (row(wage_due="12.345"), "wage_due", "12.345", "金额"),
        "negative money": (row(wage_paid="-1"), "wage_paid", "-1", None),
        "bad date": (row(paid_on="2026-02-30"), "paid_on", "2026-02-30", "日期"),
        "bad month": (row(month="2026-13"), "month", "2026-13", "月份"),
        "bad enum": (row(channel="现金袋"), "channel", "现金袋", None),
    }
    for name, (r, column, value, reason) in rows.items():
        data = csv_text([PAYROLL_HEADER, good, r])
        rc, out, err, path = cli_import(args, db, tmp, "bad.csv", data, "--strict")
        want = f"{path} 第 3 行，{column}"
        t.check(rc == 3 and want in err and f"值“{value}”" in err and HAN.search(
            err.split("：", 1)[-1]) and (reason is None or reason in err) and
                "没有导入任何数据" in err,
                f"CLI import, {name}: exit 3, file, line, column, value, reason: {rc} {err}")
    snap.same("CLI --strict imports with a bad row")
    # a short row reads its missing trailing cells as empty (spreadsheets drop
    # them), so the first required one is named; a long row is refused
    data = csv_text([PAYROLL_HEADER, good, good[:-2]])
    rc, out, err, path = cli_import(args, db, tmp, "cols.csv", data, "--strict")
    t.check(rc == 3 and f"{path} 第 3 行，channel" in err and "不能为空" in err,
            f"CLI import, too few columns: {rc} {err}")
    data = csv_text([PAYROLL_HEADER, good, good + ["x", "y"]])
    rc, out, err, path = cli_import(args, db, tmp, "cols2.csv", data, "--strict")
    t.check(rc == 3 and f"{path} 第 3 行" in err and "14 列，多于表头的 12 列" in err,
            f"CLI import, too many columns: {rc} {err}")
    data = csv_text([PAYROLL_HEADER, good]).replace("王一".encode(), b"\xff\xfe\xfd")
    rc, out, err, path = cli_import(args, db, tmp, "utf8.csv", data, "--strict")
    t.check(rc == 3 and f"{path} 第 2 行" in err and "编码" in err and "没有导入任何数据" in err,
            f"CLI import, invalid UTF-8: {rc} {err}")
    rc, out, err, path = cli_import(args, db, tmp, "empty.csv", b"", "--strict")
    t.check(rc == 1 and f"{path} 是空的" in err, f"CLI import, empty file: {rc} {err}")
    rc, out, err, path = cli_import(args, db, tmp, "binary.xlsx", b"\x00\x01\x02binary" * 100)
    t.check(rc == 1 and f"{path} 不是有效的 XLSX 文件" in err,
            f"CLI import, binary .xlsx: {rc} {err}")
    x = xlsx_bytes([PAYROLL_HEADER, good], os.path.join(tmp, "whole.xlsx"))
    rc, out, err, path = cli_import(args, db, tmp, "half.xlsx", x[: len(x) // 2])
    t.check(rc == 1 and path in err and "不是有效的 XLSX 文件" in err,
            f"CLI import, truncated XLSX: {rc} {err}")
    unknown = csv_text([PAYROLL_HEADER + ["remark"], good + ["备注"]])
    rc, out, err, path = cli_import(args, db, tmp, "unknown.csv", unknown, "--strict")
    t.check(rc == 1 and "remark" in err and "--ignore-unknown" in err,
            f"CLI import, unknown column: {rc} {err}")
    snap.same("CLI imports of broken files")
    rc, out, err, path = cli_import(args, db, tmp, "hdr.csv", csv_text([PAYROLL_HEADER]))
    t.check(rc == 0 and "imported 0 rows" in out, f"CLI import, header only: {rc} {out} {err}")
    snap.take()  # an import of no rows is still recorded (a job and its audit entry)
    rc, out, err, path = cli_import(args, db, tmp, "unknown.csv", unknown, "--ignore-unknown")
    t.check(rc == 0 and "imported 1 rows (1 new" in out,
            f"CLI import, unknown column with --ignore-unknown: {rc} {out} {err}")
    bom = b"\xef\xbb\xbf" + csv_text([PAYROLL_HEADER, row(month="2026-07")])
    rc, out, err, path = cli_import(args, db, tmp, "bom.csv", bom)
    t.check(rc == 0 and "1 new" in out, f"CLI import, BOM: {rc} {out} {err}")
    lf = csv_text([PAYROLL_HEADER, row(month="2026-06")]).replace(b"\r\n", b"\n")
    rc, out, err, path = cli_import(args, db, tmp, "lf.csv", lf)
    t.check(rc == 0 and "1 new" in out, f"CLI import, LF line ends: {rc} {out} {err}")
    snap.take()
    for what, argv, code, text in (
            ("check idcard, bad check digit", ["check", "idcard", idnum("11010519491231002")[:-1] +
                                                "0"], 1, "校验位"),
            ("check idcard, bad birth date", ["check", "idcard", "110105194902300021"], 1,
             "出生日期"),
            ("check idcard, letters", ["check", "idcard", "abc"], 1, None),
            ("check uscc, bad check character", ["check", "uscc", "91350100M000100Y44"], 1,
             "校验"),
            ("check uscc, too short", ["check", "uscc", "9135"], 1, None),
            ("unknown command", ["frobnicate"], 2, None),
            ("unknown check kind", ["check", "bogus", "1"], 2, None),
            ("check without a value", ["check", "idcard"], 2, None),
            ("import without arguments", ["import"], 2, "用法"),
            ("import of an unknown kind", ["import", "salaries", "x.csv"], 2, "导入类型"),
            ("import of a missing file", ["import", "payroll", os.path.join(tmp, "none.csv")], 1,
             "none.csv 无法打开：文件不存在")):
        rc, out, err = run(args.bin, db, *argv)
        t.check(rc == code and HAN.search(err) and (text is None or text in err),
                f"CLI {what}: exit {code} with a Chinese reason: {rc} {err}")
    for what, uri, text in (("a directory that does not exist", "/nonexistent/dir/zq.db",
                             "zhiqian init"),
                            ("a directory as the file", tmp, "这是一个目录"),
                            ("an unknown scheme", "mysql://x/y", "zhiqian init")):
        p = subprocess.run([args.bin, "--db", uri, "audit", "verify"], capture_output=True,
                           timeout=60, env=dict(os.environ, ZHIQIAN_SECRET_KEY="k" * 32))
        err = p.stderr.decode()
        t.check(p.returncode == 1 and text in err and "AddressSanitizer" not in err,
                f"CLI bad --db ({what}): exit 1 with a clear message: {p.returncode} {err}")
    snap.same("CLI refusals")


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--backend", choices=["sqlite", "pg"], default="sqlite")
    ap.add_argument("--pg-uri")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    t = T()
    with tempfile.TemporaryDirectory(prefix="zq-bad-") as tmp:
        db, bank = setup(t, args, tmp)
        srv = Server(args.bin, db, tmp, env=SERVER_ENV)
        try:
            c = {name: Client(srv.port) for name in USERS}
            for name, cl in c.items():
                r = cl.login(name, PASSWORD)
                t.check(r.status == 200, f"login {name}: {r}")
            c["bank"] = Client(srv.port, token=bank)
            h = Http(t, srv.port, c["admin"])
            snap = Snapshot(t, args, db)
            for name, fn in (("oversize", lambda: test_oversize(h, srv.port, bank)),
                             ("malformed JSON", lambda: test_malformed(h, srv.port, c["admin"])),
                             ("wrong types", lambda: test_types(h, srv.port, c["admin"])),
                             ("routes and auth", lambda: test_routes_auth(h, srv.port, c)),
                             ("UTF-8 and query strings",
                              lambda: test_utf8_query(h, srv.port, c["admin"])),
                             ("uploads", lambda: test_upload_utf8(h, srv.port, c["admin"], tmp)),
                             ("slow clients", lambda: test_slow(h, srv.port, c["admin"])),
                             ("connection flood",
                              lambda: test_connections(h, srv.port, c["admin"]))):
                n0 = t.passed + t.failed
                fn()
                snap.same(name, allow={"import_jobs"} if name == "uploads" else ())
                print(f"{name}: {t.passed + t.failed - n0} checks", flush=True)
            for cl in c.values():
                cl.close()
        finally:
            rc = srv.stop()
        err = srv.stderr()
        t.check(rc == 0, f"graceful stop: rc {rc}")
        t.check("ERROR: AddressSanitizer" not in err and "LeakSanitizer" not in err and
                "runtime error" not in err, "no sanitizer report: " + err[-3000:])
        test_cli(t, args, db, tmp)
    return t.summary()


if __name__ == "__main__":
    sys.exit(main())
