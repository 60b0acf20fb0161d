#!/usr/bin/env python3
"""End-to-end tamper test of the audit log: `zhiqian audit verify` against a
database edited behind zhiqian's back, on SQLite or PostgreSQL.

Each scenario starts from a fresh database (`zhiqian init`), writes a chain of
audit entries computed here, independently, from the format in docs/audit.md
(so a verify that passes also proves the documented format is the one the
binary uses), then tampers with the table directly, as someone with write
access to the database file or the database owner's rights would, and
checks what `audit verify` reports.

    audit_tamper.py --bin build/asan/zhiqian [--backend sqlite|pg --pg-uri URI]

Ends with "N passed, N failed" (one per check).
"""
import argparse
import hashlib
import os
import sqlite3
import struct
import subprocess
import sys
import tempfile

GENESIS = bytes(32)
ENTRIES = 5


def enc_text(v):
    if v is None:
        return struct.pack(">Q", 2**64 - 1)
    b = v.encode("utf-8")
    return struct.pack(">Q", len(b)) + b


def entry_hash(prev, seq, at, fields):
    """BLAKE2b-256 of prev_hash, seq, at and the seven text fields."""
    h = hashlib.blake2b(digest_size=32)
    h.update(prev)
    h.update(struct.pack(">q", seq))
    h.update(struct.pack(">q", at))
    for f in fields:
        h.update(enc_text(f))
    return h.digest()


def make_chain(n):
    """n entries as dicts, chained from the genesis value."""
    rows, prev = [], GENESIS
    for seq in range(1, n + 1):
        fields = ["330000", f"user:u{seq}", "update", "project", f"P-{seq:03d}",
                  '{"status":"在建"}' if seq > 1 else None, '{"status":"停工","note":"it\'s"}']
        h = entry_hash(prev, seq, 1767225600 + seq, fields)
        rows.append({"seq": seq, "at": 1767225600 + seq, "fields": fields, "prev": prev, "hash": h})
        prev = h
    return rows


class Db:
    """One fresh database and SQL run on it directly (not through zhiqian)."""

    def __init__(self, args, tmp, name):
        self.backend = args.backend
        if self.backend == "pg":
            base = args.pg_uri
            dbname = "e2e_audit_" + name
            for sql in (f'DROP DATABASE IF EXISTS "{dbname}"', f'CREATE DATABASE "{dbname}"'):
                subprocess.run(["psql", "-q", "-X", base, "-c", sql], check=True,
                               capture_output=True)
            self.uri = base.rsplit("/", 1)[0] + "/" + dbname
        else:
            self.uri = os.path.join(tmp, name + ".db")

    def blob(self, b):
        return f"X'{b.hex()}'" if self.backend == "sqlite" else f"'\\x{b.hex()}'::bytea"

    def exec(self, sql):
        """Run a script; returns None or the error text."""
        if self.backend == "sqlite":
            con = sqlite3.connect(self.uri)
            try:
                con.executescript(sql)
                return None
            except sqlite3.Error as e:
                return str(e)
            finally:
                con.close()
        p = subprocess.run(["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", self.uri, "-c", sql],
                           capture_output=True)
        return None if p.returncode == 0 else p.stderr.decode("utf-8", "replace")

    def insert(self, r, hash_=None):
        def lit(v):
            return "NULL" if v is None else "'" + v.replace("'", "''") + "'"
        vals = ", ".join([str(r["seq"]), str(r["at"])] + [lit(f) for f in r["fields"]] +
                         [self.blob(r["prev"]), self.blob(hash_ if hash_ is not None else r["hash"])])
        return ("INSERT INTO audit_log (seq, at, province, actor, action, entity, entity_id, "
                f"before_json, after_json, prev_hash, hash) VALUES ({vals});")

    def drop_guard(self):
        return self.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
                         if self.backend == "sqlite" else
                         "ALTER TABLE audit_log DISABLE TRIGGER USER;")


class Runner:
    def __init__(self, args):
        self.args = args
        self.passed = self.failed = 0

    def ok(self, cond, where, what):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {where}: {what}")
        return cond

    def zq(self, db, *argv):
        p = subprocess.run([self.args.bin, "--db", db.uri] + list(argv), capture_output=True,
                           timeout=120)
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        if "AddressSanitizer" in err or "runtime error:" in err or "LeakSanitizer" in err:
            self.ok(False, " ".join(argv), "sanitizer report:\n" + err[-3000:])
        return p.returncode, out, err

    def expect(self, where, got, status, out_has=(), err_has=()):
        rc, out, err = got
        self.ok(rc == status, where, f"exit {rc}, want {status}; stdout {out!r} stderr {err!r}")
        for t in out_has:
            self.ok(t in out, where, f"stdout lacks {t!r}: {out!r}")
        for t in err_has:
            self.ok(t in err, where, f"stderr lacks {t!r}: {err!r}")

    def scenario(self, tmp, name, tamper, status, out_has=(), err_has=(), anchor=False):
        """A chain of ENTRIES entries, tamper(db, chain), then audit verify."""
        db = Db(self.args, tmp, name)
        self.expect(f"{name}: init", self.zq(db, "init"), 0)
        chain = make_chain(ENTRIES)
        err = db.exec("".join(db.insert(r) for r in chain))
        if not self.ok(err is None, name, f"inserting the chain: {err}"):
            return
        head = chain[-1]["hash"].hex()
        self.expect(f"{name}: before", self.zq(db, "audit", "verify"), 0,
                    [f"audit log ok: {ENTRIES} entries", f"head: {head}"])
        if tamper is not None:
            err = tamper(db, chain)
            if not self.ok(err is None, name, f"tampering: {err}"):
                return
        argv = ["audit", "verify"] + (["--expect-head", head] if anchor else [])
        self.expect(name, self.zq(db, *argv), status, out_has, err_has)

    def run(self):
        with tempfile.TemporaryDirectory(prefix="zq-audit-") as tmp:
            self.scenario(tmp, "intact", None, 0, ["audit log ok: 5 entries"], anchor=True)

            # the append-only guard refuses edits outright
            def blocked(db, chain):
                e = db.exec("UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 3;")
                self.ok(e is not None and "审计日志只能追加" in e, "guard",
                        f"UPDATE was not refused: {e!r}")
                e = db.exec("DELETE FROM audit_log WHERE seq = 3;")
                self.ok(e is not None and "审计日志只能追加" in e, "guard",
                        f"DELETE was not refused: {e!r}")
            self.scenario(tmp, "guard", blocked, 0, ["audit log ok: 5 entries"])

            def edit(db, chain):
                return db.drop_guard() or db.exec(
                    "UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 3;")
            self.scenario(tmp, "edit", edit, 1, err_has=["审计日志第 3 条被篡改", "被修改",
                                                         "第 1 至 2 条完好"])

            def edit_json(db, chain):
                return db.drop_guard() or db.exec(
                    "UPDATE audit_log SET before_json = '{\"status\":\"完工\"}' WHERE seq = 5;")
            self.scenario(tmp, "edit_json", edit_json, 1, err_has=["审计日志第 5 条被篡改"])

            def edit_rehash(db, chain):
                # knows the format: recomputes the edited entry's own hash
                r = dict(chain[1])
                r["fields"] = list(r["fields"])
                r["fields"][1] = "user:mallory"
                r["hash"] = entry_hash(r["prev"], r["seq"], r["at"], r["fields"])
                return db.drop_guard() or db.exec("DELETE FROM audit_log WHERE seq = 2;" +
                                                  db.insert(r))
            self.scenario(tmp, "edit_rehash", edit_rehash, 1,
                          err_has=["审计日志第 3 条被篡改", "第 2 条的哈希不符"])

            def delete(db, chain):
                return db.drop_guard() or db.exec("DELETE FROM audit_log WHERE seq = 2;")
            self.scenario(tmp, "delete", delete, 1,
                          err_has=["审计日志第 2 条被篡改", "缺失", "第 1 条之后是第 3 条"])

            def delete_first(db, chain):
                return db.drop_guard() or db.exec("DELETE FROM audit_log WHERE seq = 1;")
            self.scenario(tmp, "delete_first", delete_first, 1,
                          err_has=["审计日志第 1 条被篡改", "没有完好的条目"])

            def truncate_tail(db, chain):
                return db.drop_guard() or db.exec("DELETE FROM audit_log WHERE seq >= 4;")
            # the chain alone cannot see a shortened tail ...
            self.scenario(tmp, "tail", truncate_tail, 0, ["audit log ok: 3 entries"])
            # ... an anchor kept elsewhere can
            self.scenario(tmp, "tail_anchor", truncate_tail, 1, err_has=["链头不符", "链尾"],
                          anchor=True)

            def forge_end(db, chain):
                # no guard needed to insert; the forger does not know the format
                last = chain[-1]
                r = {"seq": last["seq"] + 1, "at": last["at"] + 1, "prev": last["hash"],
                     "fields": ["330000", "user:mallory", "approve", "case", "C-1", None, "{}"],
                     "hash": bytes(range(32))}
                return db.exec(db.insert(r))
            self.scenario(tmp, "forge_end", forge_end, 1, err_has=["审计日志第 6 条被篡改", "伪造"])

            def forge_middle(db, chain):
                # a correctly hashed entry in place of entry 3
                r = {"seq": 3, "at": chain[2]["at"], "prev": chain[1]["hash"],
                     "fields": ["330000", "user:mallory", "approve", "case", "C-1", None, "{}"]}
                r["hash"] = entry_hash(r["prev"], 3, r["at"], r["fields"])
                return db.drop_guard() or db.exec("DELETE FROM audit_log WHERE seq = 3;" +
                                                  db.insert(r))
            self.scenario(tmp, "forge_middle", forge_middle, 1, err_has=["审计日志第 4 条被篡改"])

            def forge_gap(db, chain):
                last = chain[-1]
                r = {"seq": 9, "at": last["at"] + 1, "prev": last["hash"],
                     "fields": ["330000", "user:mallory", "approve", "case", "C-1", None, "{}"]}
                r["hash"] = entry_hash(r["prev"], 9, r["at"], r["fields"])
                return db.exec(db.insert(r))
            self.scenario(tmp, "forge_gap", forge_gap, 1,
                          err_has=["审计日志第 6 条被篡改", "第 5 条之后是第 9 条"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--backend", choices=["sqlite", "pg"], default="sqlite")
    ap.add_argument("--pg-uri")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    if args.backend == "pg" and not args.pg_uri:
        ap.error("--backend pg needs --pg-uri")
    r = Runner(args)
    r.run()
    print(f"{r.passed} passed, {r.failed} failed")
    sys.exit(0 if r.failed == 0 else 1)


if __name__ == "__main__":
    main()
