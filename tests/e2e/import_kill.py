#!/usr/bin/env python3
"""Crash safety of `zhiqian import` (SPEC §15): SIGKILL at a random moment
leaves either the state before the import or the complete import, never a
half-applied file, and running the same import again completes it.

    import_kill.py --bin build/zhiqian [--tmp DIR] [--seed N] [--trials N] [--pipes N] [--jobs N]

A county data set is generated once; a base database holds the kinds up to
employment.  The reference states are computed by importing attendance, then
payroll, into a copy of it.  Then, for attendance and for payroll, each trial
copies the state before that import, starts `import KIND FILE`, SIGKILLs it and
checks, on a copy of the killed database's files (so that both Python's sqlite3
and zhiqian itself get to recover the write-ahead log):
  - PRAGMA integrity_check is "ok" and PRAGMA foreign_key_check is empty;
  - every table's row count and checksums of the business tables (attendance,
    workers, payroll, project_months; without timestamps and sealed values,
    which differ from run to run) equal EITHER the state before OR the state
    after, exactly;
then the same import is run again on the killed database: it must exit 0 and
leave the state after.  A few trials kill `gen --kind attendance | import
attendance -` pipelines (both processes) the same way.

Kill moments come from a seeded random generator (the seed is printed; --seed
repeats a run).  Of every five trials of a kind, three kill at a random moment
of the first 90 % of the import's measured duration (mid-import), one in its
last tenth (around the commit and the checkpoint), and one just after the
summary line appears on a terminal (the commit is done; the database is being
closed).

Uses the optimised binary preferably (the ASan one works but is slower).
Ends with "N passed, N failed" (one per check).
"""
import argparse
import concurrent.futures
import hashlib
import os
import pty
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

KINDS_BEFORE = ["enterprises", "projects", "subcontracts", "accounts", "deposits", "employment"]
# Tables an import appends to as a record of itself: a second run adds a row.
JOURNAL_TABLES = {"import_jobs", "import_errors", "audit_log"}
# Business tables: each summed in SQL (a row mix of ids and values, and the
# sums of its columns), so that a check costs little next to an import.  Ids
# are the same in every run (SQLite reuses the ids of rolled-back rows), and
# the small tables that give them their meaning (workers, project_months) are
# digested row by row: worker ids stay tied to the keyed hash of the ID number.
YM = "(substr(month, 1, 4) * 12 + substr(month, 6, 2))"
SUMS = {
    "attendance": f"""
        SELECT count(*), sum(project_id), sum(worker_id), sum(ndays), sum(days),
               sum((project_id * 1000003 + worker_id * 131 + {YM} * 7 + days) % 2147483647
                   * (ndays + 1)),
               sum(length(hex(hours_x10))), sum(length(replace(hex(hours_x10), '0', ''))),
               sum(length(province))
        FROM attendance""",
    "payroll": f"""
        SELECT count(*), sum(project_id), sum(employer_id), sum(worker_id), sum(days_worked),
               sum(wage_due_fen), sum(deductions_fen), sum(wage_paid_fen), sum(paid_on IS NULL),
               sum(confirmed), sum(length(name)), sum(length(channel)),
               sum((project_id * 1000003 + worker_id * 131 + employer_id * 17 + {YM} * 7 +
                    wage_paid_fen) % 2147483647 * (days_worked + 1))
        FROM payroll""",
}
DIGESTS = {
    "workers": "SELECT id, id_hash, id_masked, name, phone_hash, phone_masked FROM workers "
               "ORDER BY id",
    "project_months": "SELECT project_id, month, province, attendees, attendance_days, "
                      "payroll_lines, payroll_workers, wage_due_fen, deductions_fen, "
                      "wage_paid_fen, unpaid_lines, unpaid_fen, offchannel_lines, inflow_fen, "
                      "payout_fen FROM project_months ORDER BY project_id, month",
}
BUSINESS = ("attendance", "workers", "payroll", "project_months")


def db_files(path):
    return [path + s for s in ("", "-wal", "-shm", ".key")]


def copy_db(src, dst):
    """Copy a database with its key (and its log, when a killed process left one)."""
    for s, d in zip(db_files(src), db_files(dst)):
        if os.path.exists(d):
            os.unlink(d)
        if os.path.exists(s):
            shutil.copyfile(s, d)


class State:
    """What one database holds, as far as the import is concerned."""

    def __init__(self, path):
        con = sqlite3.connect(f"file:{path}?mode=rw", uri=True)
        try:
            self.integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
            self.fk = con.execute("PRAGMA foreign_key_check").fetchall()
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " ORDER BY name")]
            self.counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                           for t in tables}
            self.digest = {}
            for t, sql in SUMS.items():
                self.digest[t] = con.execute(sql).fetchone()
            for t, sql in DIGESTS.items():
                h = hashlib.sha256()
                for row in con.execute(sql):
                    h.update(repr(row).encode())
                self.digest[t] = (self.counts[t], h.hexdigest()[:16])
        finally:
            con.close()

    def business(self):
        return ({t: n for t, n in self.counts.items() if t not in JOURNAL_TABLES}, self.digest)

    def same(self, other, journals=True):
        if journals:
            return self.counts == other.counts and self.digest == other.digest
        return self.business() == other.business()

    def describe(self):
        return ", ".join(f"{t} {self.counts[t]} rows" for t in BUSINESS) + \
            ", import_jobs " + str(self.counts.get("import_jobs"))

    def diff(self, other):
        d = [f"{t}: {n} vs {other.counts.get(t)}" for t, n in self.counts.items()
             if other.counts.get(t) != n]
        d += [f"{t} digest {h} vs {other.digest[t]}" for t, h in self.digest.items()
              if other.digest[t] != h]
        return "; ".join(d) or "none"


class Runner:
    def __init__(self, args):
        self.args = args
        self.passed = self.failed = 0
        self.lock = threading.Lock()
        self.env = dict(os.environ, ZHIQIAN_TODAY="2026-11-23")
        self.outcomes = {}  # kind -> {"before": n, "after": n, "finished": n}

    def ok(self, cond, where, what):
        with self.lock:
            if cond:
                self.passed += 1
            else:
                self.failed += 1
                print(f"FAIL {where}: {what}", flush=True)
        return cond

    def zq(self, *argv, db=None, timeout=300):
        cmd = [self.args.bin] + (["--db", db] if db else []) + list(argv)
        p = subprocess.run(cmd, capture_output=True, env=self.env, timeout=timeout)
        err = p.stderr.decode("utf-8", "replace")
        if "AddressSanitizer" in err or "runtime error:" in err or "LeakSanitizer" in err:
            self.ok(False, " ".join(argv), "sanitizer report:\n" + err[-3000:])
        return p.returncode, p.stdout.decode("utf-8", "replace"), err

    def imported(self, where, got):
        rc, out, err = got
        last = out.rstrip("\n").rsplit("\n", 1)[-1]
        return self.ok(rc == 0 and last.startswith("imported "), where,
                       f"exit {rc}; stdout {out[-300:]!r}; stderr {err[-600:]!r}")

    def note(self, kind, outcome):
        with self.lock:
            c = self.outcomes.setdefault(kind, {"before": 0, "after": 0, "finished": 0})
            c[outcome] += 1

    # ---------------------------------------------------------------- setup

    def prepare(self, tmp):
        data = os.path.join(tmp, "data")
        rc, out, err = self.zq("gen", "--scale", "county", "--seed", str(self.args.gen_seed),
                               "--out", data)
        if not self.ok(rc == 0, "gen", f"exit {rc}: {err[-600:]}"):
            return False
        self.data = data
        self.base = os.path.join(tmp, "base.db")
        rc, out, err = self.zq("init", db=self.base)
        if not self.ok(rc == 0, "init", f"exit {rc}: {err[-600:]}"):
            return False
        for k in KINDS_BEFORE:
            if not self.imported(f"base {k}", self.zq("import", k, self.csv(k), db=self.base)):
                return False
        # The references: attendance, then payroll, on a copy.
        ref = os.path.join(tmp, "ref.db")
        copy_db(self.base, ref)
        self.att_after = os.path.join(tmp, "att_after.db")
        self.dur = {}
        for kind, snapshot in (("attendance", self.att_after), ("payroll", None)):
            t0 = time.monotonic()
            if not self.imported(f"reference {kind}", self.zq("import", kind, self.csv(kind),
                                                              db=ref)):
                return False
            self.dur[kind] = time.monotonic() - t0
            if snapshot:
                copy_db(ref, snapshot)
        self.states = {
            "attendance": (State(self.base), State(self.att_after)),
            "payroll": (State(self.att_after), State(ref)),
        }
        for kind, (b, a) in self.states.items():
            self.ok(b.integrity == ["ok"] and a.integrity == ["ok"] and not b.fk and not a.fk,
                    f"reference {kind}", f"integrity {b.integrity} {a.integrity}, fk {b.fk} {a.fk}")
            self.ok(not b.same(a), f"reference {kind}", "the import changed nothing")
            print(f"{kind}: import takes {self.dur[kind]:.2f} s\n  before: {b.describe()}\n"
                  f"  after:  {a.describe()}", flush=True)
        return True

    def csv(self, kind):
        return os.path.join(self.data, kind + ".csv")

    # ---------------------------------------------------------------- trials

    def check_killed(self, where, kind, db, work):
        """The killed database holds the state before or after; returns which."""
        snap = os.path.join(work, "snap.db")
        copy_db(db, snap)
        try:
            s = State(snap)
        except sqlite3.Error as e:
            self.ok(False, where, f"the killed database does not open: {e}")
            return None, None
        self.ok(s.integrity == ["ok"], where, f"integrity_check: {s.integrity[:5]}")
        self.ok(not s.fk, where, f"foreign_key_check: {s.fk[:5]}")
        before, after = self.states[kind]
        if s.same(before):
            return "before", s
        if s.same(after):
            return "after", s
        self.ok(False, where, f"half-applied state: {s.describe()}\n"
                f"  vs before: {s.diff(before)}\n  vs after: {s.diff(after)}")
        return None, s

    def resume(self, where, kind, db, killed):
        """Run the import again on the killed database: it completes it."""
        if not self.imported(where + " rerun", self.zq("import", kind, self.csv(kind), db=db)):
            return
        s = State(db)
        after = self.states[kind][1]
        self.ok(s.integrity == ["ok"] and not s.fk, where + " rerun",
                f"integrity {s.integrity[:5]}, fk {s.fk[:5]}")
        self.ok(s.same(after, journals=False), where + " rerun",
                f"not the state after: {s.diff(after)}")
        if killed is not None:
            jobs = s.counts.get("import_jobs", 0)
            self.ok(jobs == killed.counts.get("import_jobs", 0) + 1, where + " rerun",
                    f"import_jobs {jobs}, want one more than {killed.counts.get('import_jobs')}")

    def start(self, kind, db, pipe, tty):
        """Start the import; returns the process and, with tty, the pty's reading end."""
        if pipe:
            # The whole pipeline in its own process group, to be killed at once.
            sh = (f"'{self.args.bin}' gen --scale county --seed {self.args.gen_seed} "
                  f"--kind {kind} | '{self.args.bin}' --db '{db}' import {kind} -")
            return subprocess.Popen(["sh", "-c", sh], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, env=self.env,
                                    start_new_session=True), None
        cmd = [self.args.bin, "--db", db, "import", kind, self.csv(kind)]
        if not tty:
            return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    env=self.env), None
        # On a terminal stdout is line-buffered: the summary shows as soon as
        # it is printed, after the commit and before the database is closed.
        master, slave = pty.openpty()
        p = subprocess.Popen(cmd, stdout=slave, stderr=subprocess.DEVNULL, env=self.env)
        os.close(slave)
        return p, master

    @staticmethod
    def wait_summary(master, limit):
        """Read the pty until the summary line; False when it did not come."""
        buf, t0 = b"", time.monotonic()
        while b"imported " not in buf and time.monotonic() - t0 < limit:
            r, _, _ = select.select([master], [], [], 0.5)
            if not r:
                continue
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the process is gone
                break
            if not chunk:
                break
            buf += chunk
        return b"imported " in buf

    def trial(self, kind, i, mode, frac, pipe=False):
        name = f"{'pipe ' if pipe else ''}{kind} #{i:02d}"
        work = os.path.join(self.tmp, f"{'pipe-' if pipe else ''}{kind}-{i:02d}")
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        db = os.path.join(work, "t.db")
        copy_db(self.base if kind == "attendance" else self.att_after, db)
        p, master = self.start(kind, db, pipe, mode == "summary")
        t0 = time.monotonic()
        if master is not None:
            seen = self.wait_summary(master, 20 * self.dur[kind] + 10)
            self.ok(seen, name, "no summary line on the terminal")
            delay = frac  # seconds after the summary
            time.sleep(delay)
            when = f"{1000 * delay:.0f} ms after the summary"
        else:
            delay = frac * self.dur[kind]
            while p.poll() is None and time.monotonic() - t0 < delay:
                time.sleep(min(0.005, max(0.0, delay - (time.monotonic() - t0))))
            when = f"at {delay:.2f} s ({100 * frac:.0f}%)"
        finished = p.poll() is not None
        if not finished:
            if pipe:
                os.killpg(p.pid, signal.SIGKILL)
            else:
                p.kill()
        p.wait()
        if master is not None:
            os.close(master)
        outcome, killed = self.check_killed(name, kind, db, work)
        if outcome is None:
            return
        if finished:
            self.ok(p.returncode == 0 and outcome == "after", name,
                    f"ended by itself with exit {p.returncode} in state {outcome}")
            outcome = "finished"
        self.note(("pipe " if pipe else "") + kind, outcome)
        print(f"{name}: kill {when}: {outcome}", flush=True)
        self.resume(name, kind, db, killed)
        if not self.args.keep:
            shutil.rmtree(work, ignore_errors=True)

    def plan(self, rng):
        plan = []
        for kind in ("attendance", "payroll"):
            for i in range(self.args.trials):
                if i % 5 == 4:
                    plan.append((kind, i, "summary", rng.uniform(0.0, 0.01)))
                elif i % 5 == 3:
                    plan.append((kind, i, "time", rng.uniform(0.9, 1.0)))
                else:
                    plan.append((kind, i, "time", rng.uniform(0.02, 0.9)))
        for i in range(self.args.pipes):
            plan.append(("attendance", i, "time", rng.uniform(0.05, 0.9), True))
        # Longest first, so that two workers end together.
        return sorted(plan, key=lambda t: -self.dur[t[0]])

    def run(self):
        seed = self.args.seed if self.args.seed is not None else random.SystemRandom().randrange(2**32)
        print(f"seed {seed} (repeat with --seed {seed})", flush=True)
        rng = random.Random(seed)
        tmp = self.args.tmp or tempfile.mkdtemp(prefix="zq-kill-")
        os.makedirs(tmp, exist_ok=True)
        self.tmp = tmp
        t0 = time.monotonic()
        try:
            if not self.prepare(tmp):
                return
            plan = self.plan(rng)
            with concurrent.futures.ThreadPoolExecutor(self.args.jobs) as ex:
                for f in [ex.submit(self.trial, *t) for t in plan]:
                    try:
                        f.result()
                    except Exception as e:  # a broken trial is a failure, not a crash
                        self.ok(False, "trial", repr(e))
            for kind, c in self.outcomes.items():
                print(f"{kind}: {c['before']} killed before the commit, {c['after']} after it, "
                      f"{c['finished']} finished before the kill", flush=True)
            mid = sum(c["before"] for c in self.outcomes.values())
            total = sum(sum(c.values()) for c in self.outcomes.values())
            self.ok(total > 0 and mid * 2 > total, "kill moments",
                    f"only {mid} of {total} kills landed mid-import")
        finally:
            if not self.args.keep and not self.args.tmp:
                shutil.rmtree(tmp, ignore_errors=True)
            print(f"elapsed {time.monotonic() - t0:.0f} s", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--tmp", help="work directory (default: a new temporary one, removed)")
    ap.add_argument("--seed", type=int, help="seed of the kill moments (default: random, printed)")
    ap.add_argument("--gen-seed", type=int, default=1)
    ap.add_argument("--trials", type=int, default=25, help="kills per kind")
    ap.add_argument("--pipes", type=int, default=4, help="kills of a gen | import pipeline")
    ap.add_argument("--jobs", type=int, default=2, help="trials run side by side")
    ap.add_argument("--keep", action="store_true", help="keep the work files")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    if args.tmp:
        args.tmp = os.path.abspath(args.tmp)
    r = Runner(args)
    r.run()
    print(f"{r.passed} passed, {r.failed} failed")
    sys.exit(0 if r.failed == 0 else 1)


if __name__ == "__main__":
    main()
