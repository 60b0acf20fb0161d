#!/usr/bin/env python3
"""End-to-end CLI tests: run the real zhiqian binary over the case files in
tests/e2e/cli/*.case, on SQLite or PostgreSQL.

A case file is a scenario on a fresh database.  Lines:
    # comment
    $ ARGS...          run `zhiqian --db DB ARGS...` (no --db added if ARGS has one);
                       {db} {tmp} {data} are replaced (tmp: the case's temp dir,
                       data: tests/e2e/data); stdin is empty unless '< FILE' ends ARGS
    ? N                expected exit status (default 0)
    = TEXT             expected stdout line (all '=' lines together must equal stdout)
    ~ TEXT             stdout contains TEXT
    ! TEXT             stderr contains TEXT
    - TEXT             stderr must not contain TEXT
    env K=V            environment for the following commands
    only sqlite|pg     the rest of the file runs only on that backend
Prints one line per failure and ends with "N passed, N failed" (one per check).
"""
import argparse
import glob
import os
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def pg_fresh_db(base_uri, name):
    admin = base_uri
    subprocess.run(["psql", "-q", "-X", admin, "-c", f'DROP DATABASE IF EXISTS "{name}"'],
                   check=True, capture_output=True)
    subprocess.run(["psql", "-q", "-X", admin, "-c", f'CREATE DATABASE "{name}"'],
                   check=True, capture_output=True)
    return base_uri.rsplit("/", 1)[0] + "/" + name


class Runner:
    def __init__(self, args):
        self.args = args
        self.passed = 0
        self.failed = 0

    def ok(self, cond, where, what):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {where}: {what}")
        return cond

    def run_step(self, where, cmd, env, exp):
        stdin_data = b""
        if "<" in cmd:
            i = cmd.index("<")
            with open(cmd[i + 1], "rb") as f:
                stdin_data = f.read()
            cmd = cmd[:i]
        try:
            p = subprocess.run([self.args.bin] + cmd, input=stdin_data, capture_output=True,
                               env=env, timeout=120)
        except subprocess.TimeoutExpired:
            self.ok(False, where, "timed out")
            return
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        if "ERROR: AddressSanitizer" in err or "runtime error:" in err or "LeakSanitizer" in err:
            self.ok(False, where, "sanitizer report:\n" + err[-3000:])
            return
        self.ok(p.returncode == exp["status"], where,
                f"exit {p.returncode}, want {exp['status']}\n  stdout: {out[-800:]!r}\n  stderr: {err[-800:]!r}")
        if exp["lines"] is not None:
            want = "\n".join(exp["lines"])
            self.ok(out.rstrip("\n") == want, where, f"stdout {out!r}, want {want!r}")
        for t in exp["contains"]:
            self.ok(t in out, where, f"stdout lacks {t!r}: {out[-800:]!r}")
        for t in exp["err"]:
            self.ok(t in err, where, f"stderr lacks {t!r}: {err[-800:]!r}")
        for t in exp["not_err"]:
            self.ok(t not in err, where, f"stderr has {t!r}: {err[-800:]!r}")

    def run_file(self, path):
        name = os.path.splitext(os.path.basename(path))[0]
        with tempfile.TemporaryDirectory(prefix="zq-e2e-") as tmp:
            if self.args.backend == "pg":
                db = pg_fresh_db(self.args.pg_uri, "e2e_" + name.replace("-", "_"))
            else:
                db = os.path.join(tmp, "test.db")
            env = dict(os.environ)
            env.setdefault("ZHIQIAN_TODAY", "2026-11-23")
            subst = {"{db}": db, "{tmp}": tmp, "{data}": os.path.join(HERE, "data")}
            cmd, exp, lineno, skip = None, None, 0, False

            def flush():
                if cmd is not None and not skip:
                    self.run_step(f"{path}:{cmd_line}", cmd, env, exp)

            cmd_line = 0
            with open(path, encoding="utf-8") as f:
                for lineno, raw in enumerate(f, 1):
                    line = raw.rstrip("\n")
                    if not line.strip() or line.startswith("#"):
                        continue
                    tag, _, rest = line.partition(" ")
                    for k, v in subst.items():
                        rest = rest.replace(k, v)
                    if tag == "$":
                        flush()
                        cmd = shlex.split(rest)
                        if "--db" not in cmd:
                            cmd = ["--db", db] + cmd
                        cmd_line = lineno
                        exp = {"status": 0, "lines": None, "contains": [], "err": [], "not_err": []}
                    elif tag == "?":
                        exp["status"] = int(rest)
                    elif tag == "=":
                        exp["lines"] = (exp["lines"] or []) + [rest]
                    elif tag == "~":
                        exp["contains"].append(rest)
                    elif tag == "!":
                        exp["err"].append(rest)
                    elif tag == "-":
                        exp["not_err"].append(rest)
                    elif tag == "env":
                        flush()
                        cmd = None
                        k, _, v = rest.partition("=")
                        env[k] = v
                    elif tag == "only":
                        flush()
                        cmd = None
                        skip = rest.strip() != self.args.backend
                    else:
                        self.ok(False, f"{path}:{lineno}", f"unknown line {line!r}")
                flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--backend", choices=["sqlite", "pg"], default="sqlite")
    ap.add_argument("--pg-uri")
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    r = Runner(args)
    files = args.cases or sorted(glob.glob(os.path.join(HERE, "cli", "*.case")))
    for path in files:
        r.run_file(path)
    print(f"{r.passed} passed, {r.failed} failed")
    sys.exit(0 if r.failed == 0 else 1)


if __name__ == "__main__":
    main()
