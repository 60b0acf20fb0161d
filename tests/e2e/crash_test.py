#!/usr/bin/env python3
"""Crash safety of zhiqian (SPEC §15): SIGKILL at a random moment during an
import, a scan or a burst of API writes, on SQLite and on PostgreSQL.

    crash_test.py --bin build/zhiqian [--pg URI] [--backends sqlite,pg]
                  [--scenarios import,scan,api] [--trials N] [--seed N]
                  [--jobs N] [--projects N] [--api-db demo|gen] [--tmp DIR] [--keep]

Three scenarios, each --trials times per backend (default 50):

  import  `import attendance|payroll FILE` (alternately) is killed at a moment
          drawn uniformly from the duration of an unkilled run (and a fifth more),
          or, every fifth trial, within 10 ms of its summary line on a terminal.
          Afterwards the database opens, passes PRAGMA integrity_check and
          foreign_key_check
          (PostgreSQL: amcheck's bt_index_check on every index and orphan-row
          queries), `audit verify` passes, and every table's row count and the
          checksums of the imported tables equal either the state before or the
          state after the import, never something between; running the import
          again exits 0 and leaves the state after.
  scan    `scan` (full, or --rebuild on every other trial) on a county from
          `gen` that was scanned a month earlier, killed the same way: integrity,
          audit verify, and the warnings (with every table's row count) equal
          either the state before or the state after the scan; a re-run gives
          exactly the warnings of an unkilled scan (`warnings --status all
          --format csv` without the id column).
  api     `serve` on the demo county (or, with --api-db gen, on the scanned gen
          county); five client threads fire public clue submissions, staff clue
          acceptances, warning acks, fund top-ups and API imports of new
          enterprises; the server is killed at a random moment.  Every write
          answered 2xx before the kill is present, none is half applied (an
          import's rows all there or none, each clue has its receive event, each
          accepted clue its accept event, each ack its warning event, each fund's
          balance is the sum of its movements, and the audit log grew by exactly
          one entry per applied write), integrity and audit verify pass, and the
          server starts again, serves, and has left no import job `running`.

The seed of the kill moments is printed (--seed repeats a run, although the
moments a kill lands on depend on the machine's load).  For every scenario and
backend one line "SCENARIO (BACKEND): N trials, N failures"; each failure
names its trial and what differed.  Ends with "N passed, N failed" (one per
trial and setup step) and exits 1 on any failure.  Standard library only;
PostgreSQL through psql.
"""
import argparse
import concurrent.futures
import csv
import hashlib
import io
import os
import pty
import random
import select
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from http_lib import Client, csv_text, uscc  # noqa: E402
from import_kill import copy_db as copy_sqlite, db_files  # noqa: E402

TODAY = "2026-11-23"
# Kill moments of import and scan: uniform over the measured duration of an
# unkilled run and a fifth more, so that some land after the commit (while the
# database is being closed) or after the end.
KILL_SPAN = 1.2
EARLIER = "2026-10-23"  # the scan before the killed one
KEY = "e2e-test-key-not-for-production-use"
PASSWORD = "Crash-test-2026"
REGION = "330282"  # 慈溪市: the county of `demo` and of `gen --scale county`
KINDS_BEFORE = ["enterprises", "projects", "subcontracts", "accounts", "deposits", "employment"]
KINDS_AFTER = ["txns", "disbursements", "payments", "cases", "blacklist", "clues"]
JOURNAL_TABLES = {"import_jobs", "import_errors", "audit_log"}
YM = "(CAST(substr(month, 1, 4) AS BIGINT) * 12 + CAST(substr(month, 6, 2) AS BIGINT))"
# Sums over the imported tables, in SQL both dialects run ({hex} is the
# dialect's hex of a blob).  Surrogate ids of rows an import may add (workers,
# payroll lines) are left out: a PostgreSQL sequence is not rolled back with a
# killed transaction, so the re-run gives them other numbers.  The worker of a
# line counts by its keyed ID-number hash instead (the "by worker" digests).
SUMS = {
    "attendance": f"""
        SELECT count(*), sum(project_id), sum(ndays), sum(days),
               sum((CAST(project_id AS BIGINT) * 1000003 + {YM} * 7 + days) % 2147483647
                   * (ndays + 1)),
               sum(length({{hex}}(hours_x10))),
               sum(length(replace({{hex}}(hours_x10), '0', ''))), sum(length(province))
        FROM attendance""",
    "payroll": f"""
        SELECT count(*), sum(project_id), sum(employer_id), sum(days_worked),
               sum(wage_due_fen), sum(deductions_fen), sum(wage_paid_fen),
               sum(CASE WHEN paid_on IS NULL THEN 1 ELSE 0 END), sum(confirmed),
               sum(length(name)), sum(length(channel)),
               sum((CAST(project_id AS BIGINT) * 1000003 + employer_id * 17 + {YM} * 7
                    + wage_paid_fen) % 2147483647 * (days_worked + 1))
        FROM payroll""",
}
YMA = YM.replace("month", "a.month")
ROWS = {
    "workers": "SELECT {hex}(id_hash), id_masked, name, {hex}(phone_hash), phone_masked "
               "FROM workers ORDER BY 1",
    "project_months": "SELECT project_id, month, province, attendees, attendance_days, "
                      "payroll_lines, payroll_workers, wage_due_fen, deductions_fen, "
                      "wage_paid_fen, unpaid_lines, unpaid_fen, offchannel_lines, inflow_fen, "
                      "payout_fen FROM project_months ORDER BY project_id, month",
    "attendance by worker":
        "SELECT {hex}(w.id_hash), count(*), sum(a.ndays), sum(a.days % 1000003), "
        f"sum(a.project_id * 13 + {YMA}) FROM attendance a JOIN workers w "
        "ON w.id = a.worker_id GROUP BY w.id_hash ORDER BY 1",
    "payroll by worker":
        "SELECT {hex}(w.id_hash), count(*), sum(a.wage_paid_fen), sum(a.wage_due_fen), "
        f"sum(a.project_id * 13 + {YMA}), sum(a.employer_id) FROM payroll a JOIN workers w "
        "ON w.id = a.worker_id GROUP BY w.id_hash ORDER BY 1",
}
WARNINGS = ("SELECT rule, level, base_level, subject_type, subject_code, month, region_code, "
            "status, first_seen, last_seen, message, basis, evidence, reopen_count "
            "FROM warnings ORDER BY rule, subject_type, subject_code, month")
# Orphan rows (PostgreSQL enforces its foreign keys; these say so once more).
ORPHANS = [
    "SELECT count(*) FROM attendance a WHERE NOT EXISTS "
    "(SELECT 1 FROM workers w WHERE w.id = a.worker_id)",
    "SELECT count(*) FROM payroll a WHERE NOT EXISTS "
    "(SELECT 1 FROM workers w WHERE w.id = a.worker_id)",
    "SELECT count(*) FROM clue_events e WHERE NOT EXISTS "
    "(SELECT 1 FROM clues c WHERE c.id = e.clue_id)",
    "SELECT count(*) FROM warning_events e WHERE NOT EXISTS "
    "(SELECT 1 FROM warnings w WHERE w.id = e.warning_id)",
    "SELECT count(*) FROM fund_movements m WHERE NOT EXISTS "
    "(SELECT 1 FROM fund_accounts f WHERE f.id = m.fund_id)",
]


SEP = "--zhiqian-crash-test--"


ENT_PREFIX = "崩溃测试企业"
ENT_ROWS = 2000  # enterprises per API import: long enough for a kill to land inside
USCC_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def enterprises_csv(tag):
    """ENT_ROWS new enterprises in 慈溪市, named after the import's tag (8 characters)."""
    rows = [["uscc", "name", "kind", "legal_rep", "region_code", "phone"]]
    for j in range(ENT_ROWS):
        v, org = int(tag) * 10000 + j, ""
        for _ in range(9):  # unique per tag and row: the number in base 31
            v, d = divmod(v, 31)
            org = USCC_BODY[d] + org
        rows.append([uscc("91330282" + org), f"{ENT_PREFIX}{tag}号{j}有限公司", "劳务分包",
                     "法人", REGION, "0574-62001000"])
    return csv_text(rows)


class Fail(Exception):
    """A check of a trial failed: the message says what differed."""


# ---------------------------------------------------------------- backends

class Sqlite:
    name = "sqlite"
    hex = "hex"

    def __init__(self, tmp):
        self.tmp = tmp

    def path(self, name):
        return os.path.join(self.tmp, name + ".db")

    def uri(self, name):
        return self.path(name)

    def create_empty(self, name):
        for f in db_files(self.path(name)):
            if os.path.exists(f):
                os.unlink(f)

    def copy(self, src, dst):
        copy_sqlite(self.path(src), self.path(dst))

    def drop(self, name):
        self.create_empty(name)

    def after_kill(self, name):
        pass

    def rows(self, name, sql):
        con = sqlite3.connect(f"file:{self.path(name)}?mode=rw", uri=True)
        try:
            return [tuple(str(v) if not isinstance(v, bytes) else v.hex() for v in r)
                    for r in con.execute(sql.replace("{hex}", self.hex))]
        finally:
            con.close()

    def multi(self, name, sqls):
        return [self.rows(name, q) for q in sqls]

    def tables(self, name):
        return [r[0] for r in self.rows(
            name, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                  "AND name NOT LIKE 'sqlite_%' ORDER BY name")]

    def integrity(self, name):
        """A copy of the files is checked, so that zhiqian recovers the log itself next."""
        snap = name + "-snap"
        self.copy(name, snap)
        try:
            got = [r[0] for r in self.rows(snap, "PRAGMA integrity_check")]
            if got != ["ok"]:
                raise Fail(f"integrity_check: {got[:5]}")
            fk = self.rows(snap, "PRAGMA foreign_key_check")
            if fk:
                raise Fail(f"foreign_key_check: {fk[:5]}")
            return State(self, snap)
        except sqlite3.Error as e:
            raise Fail(f"the killed database does not open: {e}")
        finally:
            self.drop(snap)


class Pg:
    name = "pg"
    hex = "{pghex}"

    def __init__(self, uri):
        self.admin = uri
        self.base = uri.rsplit("/", 1)[0]
        self.prefix = f"zqcrash_{os.getpid()}_"

    def db(self, name):
        return self.prefix + name.replace("-", "_")

    def uri(self, name):
        return self.base + "/" + self.db(name)

    def psql(self, uri, sql, check=True):
        p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\x1f", "-v",
                            "ON_ERROR_STOP=1", uri, "-c", sql], capture_output=True, timeout=300)
        if check and p.returncode != 0:
            raise Fail(f"psql: {p.stderr.decode(errors='replace')[-500:]}")
        return p.stdout.decode()

    def create_empty(self, name):
        self.drop(name)
        self.psql(self.admin, f'CREATE DATABASE "{self.db(name)}"')

    def copy(self, src, dst):
        self.drop(dst)
        # FILE_COPY: faster than the default WAL_LOG for a database of this size.
        for attempt in range(20):
            p = subprocess.run(["psql", "-X", "-q", self.admin, "-c",
                                f'CREATE DATABASE "{self.db(dst)}" TEMPLATE "{self.db(src)}" '
                                "STRATEGY FILE_COPY"], capture_output=True)
            if p.returncode == 0:
                return
            time.sleep(0.25)
        raise Fail(f"create database from template: {p.stderr.decode()[-300:]}")

    def drop(self, name):
        self.psql(self.admin, f'DROP DATABASE IF EXISTS "{self.db(name)}" WITH (FORCE)')

    def after_kill(self, name):
        """The server ends a killed client's session when it notices; wait for that."""
        sql = (f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{self.db(name)}' "
               "AND pid <> pg_backend_pid()")
        for _ in range(600):
            if self.psql(self.admin, sql).strip() == "0":
                return
            time.sleep(0.1)
        raise Fail("the killed client's session is still open after 60 s")

    def rows(self, name, sql):
        return self.multi(name, [sql])[0]

    def multi(self, name, sqls):
        """Several queries in one psql (a process costs more than a small query)."""
        argv = ["psql", "-X", "-q", "-A", "-t", "-F", "\x1f", "-v", "ON_ERROR_STOP=1",
                self.uri(name)]
        for q in sqls:
            q = fix_pghex(q.replace("{hex}", self.hex).replace("{pghex}(", "upper(encode("))
            argv += ["-c", q, "-c", f"SELECT '{SEP}'"]
        p = subprocess.run(argv, capture_output=True, timeout=300)
        if p.returncode != 0:
            raise Fail(f"psql: {p.stderr.decode(errors='replace')[-500:]}")
        out, cur = [], []
        for line in p.stdout.decode().split("\n"):
            if line == SEP:
                out.append(cur)
                cur = []
            elif line != "":
                cur.append(tuple(line.split("\x1f")))
        return out

    def tables(self, name):
        return [r[0] for r in self.rows(
            name, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]

    def integrity(self, name):
        self.multi(name, [
                  "CREATE EXTENSION IF NOT EXISTS amcheck",
                  "SELECT bt_index_check(c.oid) FROM pg_index i "
                  "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                  "WHERE a.amname = 'btree' AND c.relnamespace = 'public'::regnamespace"])
        for q, n in zip(ORPHANS, self.multi(name, ORPHANS)):
            if n[0][0] != "0":
                raise Fail(f"orphan rows: {q}: {n[0][0]}")
        return State(self, name)


def fix_pghex(sql):
    """upper(encode(col) -> upper(encode(col, 'hex')): the column has no parentheses."""
    out, i = [], 0
    key = "upper(encode("
    while True:
        j = sql.find(key, i)
        if j < 0:
            out.append(sql[i:])
            return "".join(out)
        k = sql.index(")", j + len(key))
        out.append(sql[i:k] + ", 'hex'))")
        i = k + 1


class State:
    """Row counts of every table and checksums of the tables the commands write."""

    def __init__(self, be, name):
        tables = be.tables(name)
        count = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables)
        sums, rows = list(SUMS), list(ROWS)
        got = be.multi(name, [count] + [SUMS[t] for t in sums] + [ROWS[t] for t in rows] +
                       [WARNINGS])
        self.counts = {r[0]: r[1] for r in got[0]}
        self.digest = {}
        for t, g in zip(sums, got[1:]):
            self.digest[t] = g[0]
        for t, g in zip(rows, got[1 + len(sums):]):
            self.digest[t] = (len(g), hashlib.sha256(repr(g).encode()).hexdigest()[:16])
        w = got[-1]
        self.digest["warnings"] = (len(w), hashlib.sha256(repr(w).encode()).hexdigest()[:16])

    def same(self, other, journals=True):
        mine = {t: n for t, n in self.counts.items() if journals or t not in JOURNAL_TABLES}
        theirs = {t: n for t, n in other.counts.items() if journals or t not in JOURNAL_TABLES}
        return mine == theirs and self.digest == other.digest

    def diff(self, other):
        d = [f"{t}: {n} vs {other.counts.get(t)}" for t, n in self.counts.items()
             if other.counts.get(t) != n]
        d += [f"{t} digest differs" for t, h in self.digest.items() if other.digest.get(t) != h]
        return "; ".join(d) or "none"


# ---------------------------------------------------------------- the runner

class Runner:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.env = dict(os.environ, ZHIQIAN_TODAY=TODAY, ZHIQIAN_PWHASH="test",
                        ZHIQIAN_CLUES_RATE_IP_HOUR="1000000")
        self.env.setdefault("ZHIQIAN_SECRET_KEY", KEY)
        self.results = {}  # (scenario, backend) -> {"trials", "failures", "notes", "seconds"}
        self.passed = self.failed = 0

    def zq(self, be, name, *argv, today=TODAY, timeout=600):
        cmd = [self.args.bin, "--db", be.uri(name)] + list(argv)
        p = subprocess.run(cmd, capture_output=True, env=dict(self.env, ZHIQIAN_TODAY=today),
                           timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8",
                                                                                    "replace")

    def must(self, be, name, *argv, today=TODAY):
        rc, out, err = self.zq(be, name, *argv, today=today)
        if rc != 0:
            raise Fail(f"{' '.join(argv[:3])}: exit {rc}: {err[-600:]}")
        return out

    def popen(self, be, name, *argv, today=TODAY, **kw):
        return subprocess.Popen([self.args.bin, "--db", be.uri(name)] + list(argv),
                                env=dict(self.env, ZHIQIAN_TODAY=today), **kw)

    def audit_ok(self, be, name):
        rc, out, err = self.zq(be, name, "audit", "verify")
        if rc != 0:
            raise Fail(f"audit verify: exit {rc}: {err[-400:]}")

    def record(self, scenario, be, ok, what=None, outcome=None, writes=0):
        with self.lock:
            r = self.results.setdefault((scenario, be.name), {"trials": 0, "failures": 0,
                                                              "outcomes": {}})
            r["trials"] += 1
            if writes:
                r["outcomes"]["acknowledged writes"] = \
                    r["outcomes"].get("acknowledged writes", 0) + writes
            if outcome:
                r["outcomes"][outcome] = r["outcomes"].get(outcome, 0) + 1
            if ok:
                self.passed += 1
            else:
                r["failures"] += 1
                self.failed += 1
                print(f"FAIL {scenario} ({be.name}) {what}\n  replay: --seed {self.seed} "
                      f"--scenarios {scenario} --backends {be.name} --trials "
                      f"{self.args.trials}", flush=True)

    def setup_fail(self, what):
        with self.lock:
            self.failed += 1
        print(f"FAIL setup: {what}", flush=True)

    def run_and_kill(self, be, name, argv, i, rng, dur):
        """Start a command and SIGKILL it: at a moment drawn uniformly from the
        measured duration (and a fifth more), or, every fifth trial, within 10 ms
        of its first line of output on a terminal (the commit is done; the
        database is being closed).  Returns (killed, what)."""
        if i % 5 == 4:
            master, slave = pty.openpty()
            p = self.popen(be, name, *argv, stdout=slave, stderr=subprocess.DEVNULL)
            os.close(slave)
            buf, t0 = b"", time.monotonic()
            try:
                while b"\n" not in buf and time.monotonic() - t0 < 20 * dur + 20:
                    r, _, _ = select.select([master], [], [], 0.2)
                    if r:
                        try:
                            chunk = os.read(master, 4096)
                        except OSError:  # EIO: the process is gone
                            break
                        if not chunk:
                            break
                        buf += chunk
                delay = rng.uniform(0.0, 0.01)
                time.sleep(delay)
                killed = p.poll() is None
                if killed:
                    p.kill()
                p.wait()
            finally:
                os.close(master)
            if b"\n" not in buf:
                raise Fail(f"no output on the terminal: exit {p.returncode}")
            what = f"kill {1000 * delay:.0f} ms after its first line"
        else:
            frac = rng.uniform(0.0, KILL_SPAN)
            delay = frac * dur
            p = self.popen(be, name, *argv, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            killed = self.kill_at(p, delay, time.monotonic())
            what = f"kill at {delay:.2f} s ({100 * frac:.0f}%)"
        if not killed and p.returncode != 0:
            raise Fail(f"{what}: ended by itself with exit {p.returncode}")
        return killed, what

    @staticmethod
    def kill_at(p, delay, t0):
        """SIGKILL p once delay seconds have passed since t0; False if it ended first."""
        while p.poll() is None and time.monotonic() - t0 < delay:
            time.sleep(min(0.003, max(0.0, delay - (time.monotonic() - t0))))
        if p.poll() is not None:
            return False
        p.kill()
        p.wait()
        return True

    # ------------------------------------------------------------ shared setup

    def gen(self):
        self.data = os.path.join(self.tmp, "data")
        p = subprocess.run([self.args.bin, "gen", "--scale", "county", "--seed", "1",
                            "--projects", str(self.args.projects), "--out", self.data],
                           capture_output=True, env=self.env)
        if p.returncode != 0:
            raise Fail(f"gen: {p.stderr.decode()[-400:]}")

    def csv(self, kind):
        return os.path.join(self.data, kind + ".csv")

    def timed(self, be, name, *argv, today=TODAY):
        t0 = time.monotonic()
        self.must(be, name, *argv, today=today)
        return time.monotonic() - t0

    def setup_import(self, be):
        """base: the kinds up to employment; att: + attendance; pay: + payroll."""
        be.create_empty("base")
        self.must(be, "base", "init")
        for k in KINDS_BEFORE:
            self.must(be, "base", "import", k, self.csv(k))
        be.copy("base", "att")
        dur = {"attendance": self.timed(be, "att", "import", "attendance", self.csv("attendance"))}
        be.copy("att", "pay")
        dur["payroll"] = self.timed(be, "pay", "import", "payroll", self.csv("payroll"))
        states = {"attendance": (State(be, "base"), State(be, "att")),
                  "payroll": (State(be, "att"), State(be, "pay"))}
        for kind, (b, a) in states.items():
            if b.same(a):
                raise Fail(f"import {kind} changed nothing")
        return {"dur": dur, "states": states, "src": {"attendance": "base", "payroll": "att"}}

    def setup_scan(self, be):
        """scanbase: everything imported and scanned a month earlier."""
        be.copy("pay", "scanbase")
        for k in KINDS_AFTER:
            if os.path.exists(self.csv(k)):
                self.must(be, "scanbase", "import", k, self.csv(k))
        self.must(be, "scanbase", "scan", "--as-of", EARLIER, today=EARLIER)
        ref = {}
        for mode in ("full", "rebuild"):
            be.copy("scanbase", "scanref-" + mode)
            dur = self.timed(be, "scanref-" + mode, "scan", "--" + mode)
            ref[mode] = {"dur": dur, "state": State(be, "scanref-" + mode),
                         "warnings": self.warnings(be, "scanref-" + mode)}
        before = State(be, "scanbase")
        if before.same(ref["full"]["state"]):
            raise Fail("the scan changed nothing")
        if ref["full"]["warnings"] != ref["rebuild"]["warnings"]:
            raise Fail("scan --full and scan --rebuild disagree")
        return {"before": before, "ref": ref}

    def warnings(self, be, name):
        out = self.must(be, name, "warnings", "--status", "all", "--format", "csv")
        rows = list(csv.reader(io.StringIO(out)))
        if not rows:
            return []
        head = rows[0]
        keep = [i for i, h in enumerate(head) if h != "id"]
        return sorted(tuple(r[i] for i in keep) for r in rows[1:])

    def setup_api(self, be):
        if self.args.api_db == "demo":
            be.create_empty("apibase")
            self.must(be, "apibase", "init")
            self.must(be, "apibase", "demo")
        else:
            be.copy("scanref-full", "apibase")
        for user, role in (("crash_insp", "inspector"), ("crash_admin", "admin")):
            region = REGION if role != "admin" else "330000"
            p = subprocess.run([self.args.bin, "--db", be.uri("apibase"), "user", "add", user,
                                "--role", role, "--region", region, "--password-stdin"],
                               input=(PASSWORD + "\n").encode(), capture_output=True,
                               env=self.env)
            if p.returncode != 0:
                raise Fail(f"user add {user}: {p.stderr.decode()[-300:]}")
        ws = [r[0] for r in be.rows("apibase", "SELECT id FROM warnings WHERE status = 'open' "
                                               f"AND region_code = '{REGION}' ORDER BY id")]
        if len(ws) < 4:
            raise Fail(f"only {len(ws)} open warnings in {REGION}")
        inv = self.api_invariants(be, "apibase")
        return {"warnings": ws, "inv": inv}

    # ------------------------------------------------------------ import

    def trial_import(self, be, ctx, i, rng):
        kind = "attendance" if i % 2 == 0 else "payroll"
        name = f"imp-{i:02d}"
        where = f"import {kind} #{i}"
        be.copy(ctx["src"][kind], name)
        try:
            killed, what = self.run_and_kill(be, name, ["import", kind, self.csv(kind)], i, rng,
                                             ctx["dur"][kind])
            where += ": " + what
            be.after_kill(name)
            s = be.integrity(name)
            before, after = ctx["states"][kind]
            if s.same(before):
                outcome = "before"
            elif s.same(after):
                outcome = "after"
            else:
                raise Fail(f"half-applied state:\n    vs before: {s.diff(before)}\n"
                           f"    vs after: {s.diff(after)}")
            if not killed:
                if outcome != "after":
                    raise Fail("it ended by itself, but the database holds the state before")
                outcome = "finished"
            self.audit_ok(be, name)
            self.must(be, name, "import", kind, self.csv(kind))
            s2 = State(be, name)
            if not s2.same(after, journals=False):
                raise Fail(f"({outcome}): the re-run import left {s2.diff(after)}")
            if int(s2.counts["import_jobs"]) != int(s.counts["import_jobs"]) + 1:
                raise Fail(f"import_jobs {s2.counts['import_jobs']} after the re-run")
            self.audit_ok(be, name)
            self.record("import", be, True, outcome=outcome)
        except Fail as e:
            self.record("import", be, False, f"{where}: {e}")
        finally:
            if not self.args.keep:
                be.drop(name)

    # ------------------------------------------------------------ scan

    def trial_scan(self, be, ctx, i, rng):
        mode = "full" if i % 2 == 0 else "rebuild"
        ref = ctx["ref"][mode]
        name = f"scan-{i:02d}"
        where = f"scan --{mode} #{i}"
        be.copy("scanbase", name)
        try:
            killed, what = self.run_and_kill(be, name, ["scan", "--" + mode], i, rng, ref["dur"])
            where += ": " + what
            be.after_kill(name)
            s = be.integrity(name)
            if s.same(ctx["before"]):
                outcome = "before"
            elif s.same(ref["state"]):
                outcome = "after"
            else:
                raise Fail(f"half-applied scan:\n    vs before: "
                           f"{s.diff(ctx['before'])}\n    vs after: {s.diff(ref['state'])}")
            if not killed:
                if outcome != "after":
                    raise Fail("it ended by itself, but the database holds the state before")
                outcome = "finished"
            self.audit_ok(be, name)
            self.must(be, name, "scan", "--" + mode)
            got = self.warnings(be, name)
            if got != ref["warnings"]:
                a, b = set(got), set(ref["warnings"])
                raise Fail(f"({outcome}): the re-run scan differs from an unkilled one: "
                           f"{len(a - b)} extra, {len(b - a)} missing, e.g. "
                           f"{sorted(a - b)[:2]} / {sorted(b - a)[:2]}")
            self.audit_ok(be, name)
            self.record("scan", be, True, outcome=outcome)
        except Fail as e:
            self.record("scan", be, False, f"{where}: {e}")
        finally:
            if not self.args.keep:
                be.drop(name)

    # ------------------------------------------------------------ API write burst

    def api_invariants(self, be, name):
        """Counts that each applied write moves together, and the funds' balances."""
        q = {
            "clues": "SELECT count(*) FROM clues",
            "receive events": "SELECT count(*) FROM clue_events WHERE action = 'receive'",
            "receive audit": "SELECT count(*) FROM audit_log WHERE action = 'clue.receive'",
            "accept events": "SELECT count(*) FROM clue_events WHERE action = 'accept'",
            "accept audit": "SELECT count(*) FROM audit_log WHERE action = 'clue.accept'",
            "ack events": "SELECT count(*) FROM warning_events WHERE action = 'ack'",
            "ack audit": "SELECT count(*) FROM audit_log WHERE entity = 'warning' "
                         "AND action = 'ack'",
            "topups": "SELECT count(*) FROM fund_movements WHERE kind = '注资'",
            "topup audit": "SELECT count(*) FROM audit_log WHERE action = 'fund.topup'",
            "no receive event": "SELECT count(*) FROM clues c WHERE NOT EXISTS (SELECT 1 "
                                "FROM clue_events e WHERE e.clue_id = c.id "
                                "AND e.action = 'receive')",
            "done imports": "SELECT count(*) FROM import_jobs WHERE status = 'done'",
            "import audit": "SELECT count(*) FROM audit_log WHERE entity = 'import' "
                            "AND action = 'import'",
            "unbalanced funds": "SELECT count(*) FROM fund_accounts f WHERE balance_fen <> "
                                "(SELECT coalesce(sum(amount_fen), 0) FROM fund_movements m "
                                "WHERE m.fund_id = f.id)",
        }
        keys = list(q)
        return {k: int(r[0][0]) for k, r in zip(keys, be.multi(name, [q[k] for k in keys]))}

    def burst(self, port, ctx, rng, stop, dead, ready, acked, attempted, errors):
        """Five writers until the server dies; acked collects the 2xx answers,
        attempted the tags of the imports sent."""
        ws = list(ctx["warnings"])
        rng.shuffle(ws)
        seeds = [rng.randrange(2**32) for _ in range(5)]

        def staff(user="crash_insp"):
            c = Client(port)
            r = c.login(user, PASSWORD)
            if r.status != 200:
                raise RuntimeError(f"login: {r}")
            return c

        def public_clue(pub, r):
            b = {"complainant": "王五", "phone": "139%08d" % r.randrange(10**8),
                 "respondent": "某建筑劳务有限公司", "region_code": REGION, "nature": "工资",
                 "people": r.randrange(1, 30), "amount": "%d.00" % r.randrange(1000, 90000),
                 "description": "拖欠工资 %d" % r.randrange(10**6)}
            resp = pub.post("/api/v1/public/clues", b)
            if 200 <= resp.status < 300:
                t = resp.json()["ticket"]
                acked.append(("clue", t))
                return t
            errors.append(f"public clue: {resp}")
            return None

        def writer(k):
            r = random.Random(seeds[k])
            try:
                if k == 0:  # public clues, each accepted by the inspector
                    pub, c = Client(port), staff()
                    ready.release()
                    while not stop.is_set():
                        t = public_clue(pub, r)
                        if t:
                            resp = c.post(f"/api/v1/clues/{t}/actions", {"action": "accept"})
                            if 200 <= resp.status < 300:
                                acked.append(("accept", t))
                            else:
                                errors.append(f"accept {t}: {resp}")
                elif k == 1:  # public clues only
                    pub = Client(port)
                    ready.release()
                    while not stop.is_set():
                        public_clue(pub, r)
                elif k == 2:  # fund top-ups
                    c = staff()
                    ready.release()
                    n = 0
                    while not stop.is_set():
                        n += 1
                        fen = r.randrange(1, 10**6) * 100
                        note = f"crash-{seeds[k]}-{n}"
                        resp = c.post(f"/api/v1/funds/{REGION}/topups",
                                      {"amount": "%d.%02d" % (fen // 100, fen % 100),
                                       "note": note})
                        if 200 <= resp.status < 300:
                            acked.append(("topup", note, fen))
                        else:
                            errors.append(f"topup: {resp}")
                elif k == 4:  # API imports of new enterprises, by the administrator
                    c = staff("crash_admin")
                    ready.release()
                    n = 0
                    while not stop.is_set():
                        n += 1
                        tag = f"{seeds[k] % 100000:05d}{n:03d}"
                        attempted.append(tag)
                        resp = c.post(f"/api/v1/imports/enterprises?name=crash-{tag}.csv",
                                      enterprises_csv(tag), ctype="text/csv")
                        if resp.status == 201 and (resp.json() or {}).get("status") == "done":
                            acked.append(("import", tag, resp.json()["job_id"]))
                        else:
                            errors.append(f"import {tag}: {resp}")
                else:  # warning acks, then top-ups
                    c = staff()
                    ready.release()
                    for w in ws:
                        if stop.is_set():
                            break
                        resp = c.post(f"/api/v1/warnings/{w}/ack", {"note": "签收"})
                        if 200 <= resp.status < 300:
                            acked.append(("ack", w))
                        else:
                            errors.append(f"ack {w}: {resp}")
            except (OSError, ConnectionError, RuntimeError, ValueError, KeyError) as e:
                if not dead.is_set():
                    errors.append(f"writer {k}: {e!r}")

        threads = [threading.Thread(target=writer, args=(k,)) for k in range(5)]
        for t in threads:
            t.start()
        return threads

    def serve(self, be, name):
        p = self.popen(be, name, "serve", "--listen", "127.0.0.1:0", stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
        line = p.stdout.readline().decode()
        if not line.startswith("listening on http://"):
            p.kill()
            p.wait()
            raise Fail(f"serve did not start: {line!r}")
        return p, int(line.rsplit(":", 1)[1])

    def trial_api(self, be, ctx, i, rng):
        name = f"api-{i:02d}"
        delay = rng.uniform(0.0, self.args.api_burst)
        where = f"api #{i}: kill at {delay:.2f} s"
        be.copy("apibase", name)
        p = None
        try:
            p, port = self.serve(be, name)
            stop, dead, ready = threading.Event(), threading.Event(), threading.Semaphore(0)
            acked, attempted, errors = [], [], []
            threads = self.burst(port, ctx, rng, stop, dead, ready, acked, attempted, errors)
            # The burst starts when every writer has logged in.
            for _ in threads:
                if not ready.acquire(timeout=60):
                    break
            time.sleep(delay)
            # The writers keep writing up to the kill: what is answered before it
            # must be there afterwards; what is cut off may or may not be.
            dead.set()
            p.kill()
            p.wait()
            stop.set()
            for t in threads:
                t.join(60)
            acked = list(acked)
            if errors:
                raise Fail(f"a write was refused before the kill: {errors[:3]}")
            be.after_kill(name)
            be.integrity(name)
            self.audit_ok(be, name)
            self.api_check(be, name, ctx, acked, attempted)
            # The server starts again and serves.
            p, port = self.serve(be, name)
            c = Client(port)
            if c.login("crash_insp", PASSWORD).status != 200:
                raise Fail(f"no login after the restart")
            r = c.get("/api/v1/clues?limit=5")
            if r.status != 200:
                raise Fail(f"GET /api/v1/clues after the restart: {r}")
            # An import cut off by the kill is not left `running` for ever.
            running = be.rows(name, "SELECT id, file_name FROM import_jobs "
                                    "WHERE status = 'running'")
            if running:
                raise Fail(f"import jobs still running after the restart: {running[:3]}")
            c.close()
            p.terminate()
            if p.wait(30) != 0:
                raise Fail(f"the restarted server exited {p.returncode}")
            self.audit_ok(be, name)
            cut = len(attempted) - sum(1 for a in acked if a[0] == "import")
            self.record("api", be, True, writes=len(acked),
                        outcome="an API import cut by the kill" if cut else None)
        except Fail as e:
            self.record("api", be, False, f"{where}: {e}")
        finally:
            if p is not None and p.poll() is None:
                p.kill()
                p.wait()
            if not self.args.keep:
                be.drop(name)

    def api_check(self, be, name, ctx, acked, attempted):
        t, a, n, w, k, jb, en = be.multi(name, [
            "SELECT ticket, status FROM clues",
            "SELECT c.ticket FROM clue_events e JOIN clues c ON c.id = e.clue_id "
            "WHERE e.action = 'accept'",
            "SELECT note, amount_fen FROM fund_movements WHERE kind = '注资'",
            "SELECT id, status FROM warnings",
            "SELECT warning_id FROM warning_events WHERE action = 'ack'",
            "SELECT id, status FROM import_jobs",
            f"SELECT substr(name, 1, {len(ENT_PREFIX) + 8}), count(*) FROM enterprises "
            f"WHERE name LIKE '{ENT_PREFIX}%' GROUP BY 1"])
        jobs = {r[0]: r[1] for r in jb}
        batches = {r[0][len(ENT_PREFIX):]: int(r[1]) for r in en}
        half = {b: c for b, c in batches.items() if c != ENT_ROWS}
        if half or set(batches) - set(attempted):
            raise Fail(f"half-applied imports (tag: enterprises): {half}, "
                       f"unknown {set(batches) - set(attempted)}")
        tickets = {r[0]: r[1] for r in t}
        accepted = {r[0] for r in a}
        notes = {r[0]: int(r[1]) for r in n}
        wstat = {r[0]: r[1] for r in w}
        acks = {r[0] for r in k}
        lost = []
        for a in acked:
            if a[0] == "clue" and a[1] not in tickets:
                lost.append(a)
            elif a[0] == "accept" and (a[1] not in accepted or tickets.get(a[1]) == "待受理"):
                lost.append(a)
            elif a[0] == "topup" and notes.get(a[1]) != a[2]:
                lost.append(a)
            elif a[0] == "ack" and (a[1] not in acks or wstat.get(a[1]) != "acknowledged"):
                lost.append(a)
            elif a[0] == "import" and (batches.get(a[1]) != ENT_ROWS or
                                       jobs.get(str(a[2])) != "done"):
                lost.append(a)
        if lost:
            raise Fail(f"{len(lost)} of {len(acked)} acknowledged writes lost: "
                       f"{lost[:4]}")
        inv, base = self.api_invariants(be, name), ctx["inv"]
        d = {k: inv[k] - base[k] for k in inv}
        bad = []
        for a, b in (("clues", "receive events"), ("clues", "receive audit"),
                     ("accept events", "accept audit"), ("ack events", "ack audit"),
                     ("topups", "topup audit"), ("done imports", "import audit")):
            if d[a] != d[b]:
                bad.append(f"{a} +{d[a]} but {b} +{d[b]}")
        for k in ("no receive event", "unbalanced funds"):
            if inv[k] > base[k]:
                bad.append(f"{k}: {inv[k]}, {base[k]} before the burst")
        if bad:
            raise Fail(f"half-applied writes: {'; '.join(bad)}")

    # ------------------------------------------------------------ the run

    def scenario(self, sc, be, ctx, rng):
        fn = {"import": self.trial_import, "scan": self.trial_scan, "api": self.trial_api}[sc]
        plan = [(i, random.Random(rng.randrange(2**32))) for i in range(self.args.trials)]
        t0 = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(self.args.jobs) as ex:
            for f in [ex.submit(fn, be, ctx, i, r) for i, r in plan]:
                try:
                    f.result()
                except Exception as e:  # a broken trial is a failure, not a crash
                    self.record(sc, be, False, f"trial: {e!r}")
        with self.lock:
            r = self.results.setdefault((sc, be.name), {"trials": 0, "failures": 0,
                                                        "outcomes": {}})
            r["seconds"] = time.monotonic() - t0
        o = ", ".join(f"{k} {v}" for k, v in sorted(r["outcomes"].items()))
        print(f"{sc} ({be.name}): {r['trials']} trials, {r['failures']} failures "
              f"in {r['seconds']:.0f} s  [{o}]", flush=True)

    def backend(self, be, rng):
        scen = self.args.scenarios
        print(f"--- {be.name}", flush=True)
        try:
            ctx = self.setup_import(be)
            print(f"import ({be.name}): attendance takes {ctx['dur']['attendance']:.2f} s, "
                  f"payroll {ctx['dur']['payroll']:.2f} s", flush=True)
        except Fail as e:
            self.setup_fail(f"{be.name} import: {e}")
            return
        if "import" in scen:
            self.scenario("import", be, ctx, rng)
        sctx = None
        if "scan" in scen or ("api" in scen and self.args.api_db == "gen"):
            try:
                sctx = self.setup_scan(be)
                print(f"scan ({be.name}): --full takes {sctx['ref']['full']['dur']:.2f} s, "
                      f"--rebuild {sctx['ref']['rebuild']['dur']:.2f} s; "
                      f"{len(sctx['ref']['full']['warnings'])} warnings", flush=True)
            except Fail as e:
                self.setup_fail(f"{be.name} scan: {e}")
        if "scan" in scen and sctx:
            self.scenario("scan", be, sctx, rng)
        if "api" in scen:
            try:
                actx = self.setup_api(be)
            except Fail as e:
                self.setup_fail(f"{be.name} api: {e}")
                return
            self.scenario("api", be, actx, rng)
        if not self.args.keep:
            for n in ("base", "att", "pay", "scanbase", "scanref-full", "scanref-rebuild",
                      "apibase"):
                try:
                    be.drop(n)
                except Fail:
                    pass

    def run(self):
        self.seed = self.args.seed if self.args.seed is not None else \
            random.SystemRandom().randrange(2**32)
        print(f"seed {self.seed} (repeat with --seed {self.seed})", flush=True)
        rng = random.Random(self.seed)
        self.tmp = self.args.tmp or tempfile.mkdtemp(prefix="zq-crash-")
        os.makedirs(self.tmp, exist_ok=True)
        t0 = time.monotonic()
        try:
            self.gen()
            for b in self.args.backends:
                be = Sqlite(self.tmp) if b == "sqlite" else Pg(self.args.pg)
                self.backend(be, random.Random(rng.randrange(2**32)))
        except Fail as e:
            self.setup_fail(str(e))
        finally:
            if not self.args.keep and not self.args.tmp:
                shutil.rmtree(self.tmp, ignore_errors=True)
        print(f"\n{'scenario':<8} {'backend':<7} {'trials':>6} {'failures':>8} {'seconds':>7}")
        for (sc, b), r in self.results.items():
            print(f"{sc:<8} {b:<7} {r['trials']:>6} {r['failures']:>8} "
                  f"{r.get('seconds', 0):>7.0f}")
        print(f"elapsed {time.monotonic() - t0:.0f} s", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--pg", help="PostgreSQL URI (a database on a throw-away cluster)")
    ap.add_argument("--backends", help="sqlite,pg (default: sqlite, and pg with --pg)")
    ap.add_argument("--scenarios", default="import,scan,api")
    ap.add_argument("--trials", type=int, default=50, help="kills per scenario and backend")
    ap.add_argument("--seed", type=int, help="seed of the kill moments (default: random)")
    ap.add_argument("--jobs", type=int, default=2, help="trials run side by side")
    ap.add_argument("--projects", type=int, default=30, help="projects of the gen county")
    ap.add_argument("--api-db", choices=("demo", "gen"), default="demo",
                    help="the API scenario's database: `demo`, or the scanned gen county")
    ap.add_argument("--api-burst", type=float, default=1.5,
                    help="the kill lands within this many seconds of the burst's start "
                         "(default 1.5)")
    ap.add_argument("--tmp", help="work directory (default: a new temporary one, removed)")
    ap.add_argument("--keep", action="store_true", help="keep the databases")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    args.scenarios = args.scenarios.split(",")
    args.backends = (args.backends or ("sqlite,pg" if args.pg else "sqlite")).split(",")
    if "pg" in args.backends and not args.pg:
        ap.error("--backends pg needs --pg URI")
    if args.tmp:
        args.tmp = os.path.abspath(args.tmp)
    r = Runner(args)
    r.run()
    print(f"{r.passed} passed, {r.failed} failed")
    sys.exit(0 if r.failed == 0 else 1)


if __name__ == "__main__":
    main()
