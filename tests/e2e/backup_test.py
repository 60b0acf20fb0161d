#!/usr/bin/env python3
"""End-to-end test of `zhiqian backup` and `zhiqian restore` on SQLite or
PostgreSQL: the demo county is backed up while `serve` answers a loop of
requests (every answer 2xx during the backup), then changed, then restored;
the data must equal the backup point (warnings as CSV, row counts, a
project's GET) and the audit chain must verify with the restore recorded.
Restore refuses while the server runs, without --force over data, a file
that is not a zhiqian database, a truncated one, one from a newer schema and
(SQLite) one whose key does not match; a backup to an unwritable place fails
with exit 1 and leaves nothing behind.  Prints "N passed, N failed".
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from http_lib import Client, Db, Server, T, run  # noqa: E402

TABLES = ("enterprises", "projects", "subcontracts", "workers", "employment", "payroll",
          "attendance", "account_txns", "warnings", "warning_events", "users", "clues",
          "cases", "blacklist")
LINE = re.compile(r"^(backup|restore): (.+) \((\d+) bytes, schema version (\d+), "
                  r"audit chain ok, [\d.]+ s\)$", re.M)


def chinese(s):
    return any("\u4e00" <= ch <= "\u9fff" for ch in s)


def counts(db):
    sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in TABLES)
    if db.backend == "pg":
        p = subprocess.run(["psql", "-X", "-A", "-t", "-F", "|", db.uri, "-c", sql],
                           capture_output=True, check=True)
        rows = [line.split("|") for line in p.stdout.decode().split()]
        return {k: int(v) for k, v in rows}
    import sqlite3
    con = sqlite3.connect(db.uri)
    try:
        return dict(con.execute(sql).fetchall())
    finally:
        con.close()


def last_audit(db):
    sql = "SELECT action || ' ' || entity FROM audit_log ORDER BY seq DESC LIMIT 1"
    if db.backend == "pg":
        p = subprocess.run(["psql", "-X", "-A", "-t", db.uri, "-c", sql], capture_output=True,
                           check=True)
        return p.stdout.decode().strip()
    import sqlite3
    con = sqlite3.connect(db.uri)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


class Load(threading.Thread):
    """Requests in a loop until stopped: reads, and a login now and then (it
    writes a session, which makes an SQLite backup start over)."""

    def __init__(self, port, password, code):
        super().__init__(daemon=True)
        self.port, self.password, self.code = port, password, code
        self.stop = threading.Event()
        self.statuses = []

    def run(self):
        c = Client(self.port)
        c.login("admin", self.password)
        n = 0
        while not self.stop.is_set():
            n += 1
            if n % 10 == 0:
                self.statuses.append(Client(self.port).login("admin", self.password).status)
                continue
            path = (f"/api/v1/projects/{self.code}" if n % 2 else
                    "/api/v1/projects?limit=20")
            self.statuses.append(c.get(path).status)


def demo(t, args, db):
    rc, out, err = run(args.big_bin, db, "demo", env=args.env)
    t.check(rc == 0, f"demo: {err}")
    m = re.search(r"^\s*admin\s+(\S+)", out, re.M)
    return m.group(1) if m else ""


def state(t, args, db, port_pw):
    """What must come back after a restore: warnings CSV, counts, a project."""
    rc, csv, err = run(args.bin, db, "warnings", "--status", "all", "--format", "csv",
                       env=args.env)
    t.check(rc == 0 and csv.count("\n") > 5, f"warnings csv: {err}")
    return csv, counts(db)


def get_project(t, args, db, tmp, password, code):
    srv = Server(args.bin, db, tmp, env=args.env)
    try:
        c = Client(srv.port)
        t.check(c.login("admin", password).status == 200, "login after restore")
        r = c.get(f"/api/v1/projects/{code}")
        t.check(r.status == 200, f"project GET: {r}")
        return r.json()
    finally:
        srv.stop()


def test_cycle(t, args, db, tmp, password):
    bfile = os.path.join(tmp, "backup point.db" if db.backend == "sqlite" else "backup.dump")
    srv = Server(args.bin, db, tmp, env=args.env)
    try:
        c = Client(srv.port)
        t.check(c.login("admin", password).status == 200, "admin login")
        r = c.get("/api/v1/projects?limit=5")
        code = r.json()["items"][0]["code"]
        before_project = c.get(f"/api/v1/projects/{code}").json()
        csv0, counts0 = state(t, args, db, None)

        load = Load(srv.port, password, code)
        load.start()
        rc, out, err = run(args.bin, db, "backup", bfile, env=args.env)
        load.stop.set()
        load.join()
        bad = [s for s in load.statuses if not 200 <= s < 300]
        t.check(rc == 0, f"backup while serving: rc={rc} {err}")
        t.check(len(load.statuses) >= 5 and not bad,
                f"all answers 2xx during the backup: {len(load.statuses)} answers, bad {bad[:5]}")
        m = LINE.search(out)
        t.check(m is not None and m.group(2) == bfile, f"final line: {out!r}")
        t.check(m is not None and int(m.group(3)) == os.path.getsize(bfile), "size in the line")
        t.check(not os.path.exists(bfile + ".tmp"), "no .tmp left")
        t.check(oct(os.stat(bfile).st_mode & 0o777) == "0o600", "backup file mode 0600")
        t.check("secret_key" in err or ".key" in err, f"key note on stderr: {err}")
        if db.backend == "sqlite" and args.keyfile:
            t.check(os.path.exists(bfile + ".key") and
                    os.stat(bfile + ".key").st_mode & 0o777 == 0o600, "FILE.key 0600 beside")

        rc, out, err = run(args.bin, db, "restore", bfile, "--force", env=args.env)
        t.check(rc == 1 and ("服务" in err or "连接" in err), f"restore refused while serving: {err}")
    finally:
        srv.stop()

    # change the data: a warning dismissed, a project renamed, a user added
    wid = csv0.splitlines()[1].split(",")[0]
    rc, _, err = run(args.bin, db, "warnings", "dismiss", wid, "--reason", "测试恢复", env=args.env)
    t.check(rc == 0, f"dismiss: {err}")
    db.sql(f"UPDATE projects SET name = '改过的名字' WHERE code = '{code}'")
    rc, _, err = run(args.bin, db, "user", "add", "later", "--role", "inspector", "--region",
                     "330282", "--password-stdin", stdin=b"Later-pass-2026\n", env=args.env)
    t.check(rc == 0, f"user add: {err}")
    csv1, counts1 = state(t, args, db, None)
    t.check(csv1 != csv0 and counts1 != counts0, "the data changed after the backup")

    rc, out, err = run(args.bin, db, "restore", bfile, env=args.env)
    t.check(rc == 1 and "--force" in err, f"restore over data needs --force: {err}")
    rc, out, err = run(args.bin, db, "restore", bfile, "--force", env=args.env)
    t.check(rc == 0 and LINE.search(out) is not None, f"restore: rc={rc} {out} {err}")
    csv2, counts2 = state(t, args, db, None)
    t.check(csv2 == csv0, "warnings CSV equals the backup point")
    t.check(counts2 == counts0, f"row counts equal the backup point: {counts2} vs {counts0}")
    rc, out, err = run(args.bin, db, "audit", "verify", env=args.env)
    t.check(rc == 0 and "audit log ok" in out, f"audit verify after restore: {out} {err}")
    t.check(last_audit(db) == "restore database", "the restore is in the audit log")
    after_project = get_project(t, args, db, tmp, password, code)
    t.check(after_project == before_project, "project GET equals the backup point")
    return bfile, csv0


def refusals_sqlite(t, args, db, tmp, bfile, csv0):
    def refused(path, what, needle):
        rc, out, err = run(args.bin, db, "restore", path, "--force", env=args.env)
        t.check(rc == 1 and chinese(err) and needle in err, f"restore refuses {what}: {rc} {err}")

    junk = os.path.join(tmp, "junk.db")
    with open(junk, "w") as f:
        f.write("project,code\n1,2\n" * 100)
    refused(junk, "a non-database file", "不是")
    other = os.path.join(tmp, "other.db")
    import sqlite3
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    refused(other, "a database that is not zhiqian's", "zhiqian")
    trunc = os.path.join(tmp, "trunc.db")
    with open(bfile, "rb") as f, open(trunc, "wb") as g:
        g.write(f.read(os.path.getsize(bfile) // 2))
    refused(trunc, "a truncated file", "")
    newer = os.path.join(tmp, "newer.db")
    shutil.copyfile(bfile, newer)
    con = sqlite3.connect(newer)
    con.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'x', 0)")
    con.commit()
    con.close()
    refused(newer, "a newer schema", "新")
    if args.keyfile:
        wrong = os.path.join(tmp, "wrongkey.db")
        shutil.copyfile(bfile, wrong)
        with open(wrong + ".key", "w") as f:
            f.write("ab" * 32)
        refused(wrong, "a key that does not open the data", "密钥")
    rc, csv, err = run(args.bin, db, "warnings", "--status", "all", "--format", "csv",
                       env=args.env)
    t.check(csv == csv0, "refused restores left the database unchanged")

    for target in ("/nonexistent-dir/x.db", db.uri + "/x.db"):
        rc, out, err = run(args.bin, db, "backup", target, env=args.env)
        t.check(rc == 1 and chinese(err), f"backup to {target} fails cleanly: {rc} {err}")
        t.check(not os.path.exists(target) and not os.path.exists(target + ".tmp"),
                f"nothing left at {target}")
    rc, out, err = run(args.bin, db, "backup", db.uri, env=args.env)
    t.check(rc == 1 and chinese(err), f"backup onto the database itself refused: {err}")


def refusals_pg(t, args, db, tmp, csv0):
    def refused(path, what, needle):
        rc, out, err = run(args.bin, db, "restore", path, "--force", env=args.env)
        t.check(rc == 1 and chinese(err) and needle in err, f"restore refuses {what}: {rc} {err}")

    junk = os.path.join(tmp, "junk.dump")
    with open(junk, "w") as f:
        f.write("not an archive\n" * 100)
    refused(junk, "a non-archive", "pg_dump")
    newer = os.path.join(tmp, "newer.dump")
    db.sql("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'x', 0)")
    subprocess.run(["pg_dump", "-Fc", "-f", newer, db.uri], check=True, capture_output=True)
    db.sql("DELETE FROM schema_migrations WHERE version = 9999")
    refused(newer, "a newer schema", "新")
    rc, csv, err = run(args.bin, db, "warnings", "--status", "all", "--format", "csv",
                       env=args.env)
    t.check(csv == csv0, "refused restores left the database unchanged")
    rc, out, err = run(args.bin, db, "backup", "/nonexistent-dir/x.dump", env=args.env)
    t.check(rc == 1 and chinese(err), f"backup to an unwritable place fails cleanly: {err}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--big-bin", help="binary for the demo (default --bin)")
    ap.add_argument("--backend", choices=("sqlite", "pg"), default="sqlite")
    ap.add_argument("--pg-uri")
    args = ap.parse_args()
    args.big_bin = args.big_bin or args.bin
    # SQLite: personal data sealed with the key file beside the database
    args.keyfile = args.backend == "sqlite"
    args.env = {"ZHIQIAN_SECRET_KEY": ""} if args.keyfile else None
    t = T()
    if args.backend == "pg" and shutil.which("pg_dump") is None:
        print("pg_dump not installed: skipped")
        return t.summary()
    with tempfile.TemporaryDirectory(prefix="zq-backup-") as tmp:
        db = Db(args.backend, args.pg_uri, tmp, f"backup_{os.getpid()}")
        password = demo(t, args, db)
        if args.keyfile:
            t.check(os.path.exists(db.uri + ".key"), "demo sealed with the key file")
        bfile, csv0 = test_cycle(t, args, db, tmp, password)
        if args.backend == "sqlite":
            refusals_sqlite(t, args, db, tmp, bfile, csv0)
        else:
            refusals_pg(t, args, db, tmp, csv0)
    return t.summary()


if __name__ == "__main__":
    sys.exit(main())
