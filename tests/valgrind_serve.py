#!/usr/bin/env python3
"""A short `zhiqian serve` session under valgrind memcheck (scripts/valgrind).

The demo county is built with the plain binary; then `serve` runs under the
memcheck command given with --vg, and a day's worth of reads and writes goes
through it: every list, a detail of each kind, reports in JSON, XLSX and PDF,
the notice board, a public complaint with its handling steps, a warning
acknowledged, an import job.  No answer may be a 5xx; the server is stopped
with SIGTERM and must exit 0 (valgrind's --error-exitcode turns an error or a
leak into a failing status).  Prints "N passed, N failed".
"""
import argparse
import os
import shlex
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "e2e"))
from http_lib import Client, T, base_env  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--vg", required=True, help="the valgrind command line, without the program")
    a = ap.parse_args()
    t = T()
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "demo.db")
        env = base_env({"ZHIQIAN_ACCESS_LOG": os.path.join(tmp, "access.log")})
        p = subprocess.run([a.bin, "--db", db, "demo"], capture_output=True, env=env, timeout=600)
        t.check(p.returncode == 0, f"demo: {p.stderr.decode()[-500:]}")
        p = subprocess.run([a.bin, "--db", db, "user", "add", "vgadmin", "--role", "admin",
                            "--region", "330000", "--password-stdin"], input=b"Valgrind-pass-2026\n",
                           capture_output=True, env=env, timeout=60)
        t.check(p.returncode == 0, f"user add: {p.stderr.decode()}")
        errf = open(os.path.join(tmp, "serve.err"), "wb")
        srv = subprocess.Popen(shlex.split(a.vg) + [a.bin, "--db", db, "serve", "--listen",
                                                    "127.0.0.1:0"],
                               stdout=subprocess.PIPE, stderr=errf, env=env)
        line = srv.stdout.readline().decode()
        if not line.startswith("listening on http://"):
            srv.kill()
            print(f"serve did not start: {line}")
            print("0 passed, 1 failed")
            return 1
        port = int(line.rsplit(":", 1)[1])
        c = Client(port)
        r = c.login("vgadmin", "Valgrind-pass-2026")
        t.check(r.status == 200, f"login: {r}")

        def get(path, want=200):
            r = c.get(path)
            t.check(r.status == want, f"GET {path}: {r}")
            return r

        def first(path, key):
            items = (get(path).json() or {}).get("items") or []
            return items[0][key] if items else None

        for path in ("/api/v1/me", "/api/v1/regions", "/api/v1/enterprises",
                     "/api/v1/workers?name=%E5%BC%A0", "/api/v1/public/blacklist?q=%E5%BB%BA%E7%AD%91",
                     "/api/v1/warnings?status=all", "/api/v1/ledger", "/api/v1/rechecks",
                     "/api/v1/clues", "/api/v1/clues?q=%E5%B7%A5%E7%A8%8B", "/api/v1/cases",
                     "/api/v1/funds", "/api/v1/zero-arrears", "/api/v1/blacklist",
                     "/api/v1/ratings", "/api/v1/incidents",
                     "/api/v1/zero-reports", "/api/v1/zero-reports/missing",
                     "/api/v1/supervision/rounds", "/api/v1/supervision/stalled",
                     "/api/v1/notifications", "/api/v1/users", "/api/v1/tokens",
                     "/api/v1/audit", "/api/v1/jobs", "/api/v1/duty",
                     "/api/v1/calendar?from=2026-01-01&to=2026-12-31",
                     "/api/v1/calendar/add-workdays?date=2026-09-30&n=5",
                     "/api/v1/projects?q=%E5%AD%A6%E6%A0%A1", "/api/v1/projects?sort=-contract_amount",
                     "/api/v1/reports/weekly?format=json", "/api/v1/reports/monthly?format=json",
                     "/api/v1/reports/weekly?format=xlsx", "/api/v1/reports/weekly?format=pdf"):
            get(path)
        code = first("/api/v1/projects", "code")
        for part in ("", "/workers", "/txns", "/payroll", "/deposit", "/notice-board.pdf"):
            get(f"/api/v1/projects/{code}{part}")
        uscc = first("/api/v1/enterprises", "uscc")
        get(f"/api/v1/enterprises/{uscc}")
        wid = first("/api/v1/warnings?status=open", "id")
        if wid is not None:
            get(f"/api/v1/warnings/{wid}")
            r = c.post(f"/api/v1/warnings/{wid}/ack")
            t.check(r.status < 500, f"ack: {r}")
        case_no = first("/api/v1/cases", "case_no")
        if case_no:
            get(f"/api/v1/cases/{case_no}")
        pub = Client(port)
        r = pub.post("/api/v1/public/clues", {
            "complainant": "王五", "phone": "13800000009", "respondent": "某建筑劳务有限公司",
            "region_code": "330282", "nature": "工资", "people": 3, "amount": "12000.00",
            "description": "拖欠三个月工资", "project_code": ""})
        t.check(r.status == 201, f"public clue: {r}")
        ticket = (r.json() or {}).get("ticket")
        if ticket:
            get(f"/api/v1/clues/{ticket}")
            r = c.post(f"/api/v1/clues/{ticket}/actions", {"action": "accept"})
            t.check(r.status < 500, f"accept: {r}")
            r = pub.get(f"/api/v1/public/clues/{ticket}?phone=13800000009")
            t.check(r.status < 500, f"public progress: {r}")
        r = c.request("POST", "/api/v1/imports/calendar", "date,kind,name\n2027-01-01,off,元旦\n",
                      ctype="text/csv")
        t.check(r.status < 500, f"import: {r}")
        for bad in ("/api/v1/nothing", "/api/v1/projects?limit=abc", "/api/v1/clues?cursor=%ff"):
            r = c.get(bad)
            t.check(400 <= r.status < 500, f"GET {bad}: {r}")
        r = c.request("POST", "/api/v1/clues", "{not json", ctype="application/json")
        t.check(r.status == 400, f"malformed JSON: {r}")
        c.close()
        pub.close()
        srv.send_signal(signal.SIGTERM)
        try:
            st = srv.wait(timeout=300)
        except subprocess.TimeoutExpired:
            srv.kill()
            st = -9
        errf.close()
        t.check(st == 0, f"serve exit status {st} (99: memcheck found errors or leaks)")
    print(f"{t.passed} passed, {t.failed} failed")
    return 0 if t.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
