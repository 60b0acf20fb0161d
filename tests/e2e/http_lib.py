"""Helpers of the HTTP end-to-end tests (tests/e2e/http_*.py): a fresh
database on SQLite or PostgreSQL, `zhiqian serve` on a free loopback port,
a small HTTP client with its own cookies, valid ID numbers and USCCs, and
the fixture county used by the scope matrix.  Python standard library only.
"""
import http.client
import json
import os
import signal
import socket
import subprocess
import time
import urllib.parse
import zipfile
from xml.sax.saxutils import escape

TODAY = "2026-11-23"


class T:
    """Counts checks; the runner's last line is "N passed, N failed"."""

    def __init__(self):
        self.passed = self.failed = 0

    def check(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL", what, flush=True)
        return cond

    def summary(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 else 1


# ---------------------------------------------------------------- identifiers

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(body17):
    """A USCC (GB 32100) from its first 17 characters."""
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(body17, USCC_W))
    return body17 + USCC_CHARS[(31 - s % 31) % 31]


ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def idnum(body17):
    """An ID number (GB 11643) from its first 17 digits."""
    s = sum(int(c) * w for c, w in zip(body17, ID_W))
    return body17 + "10X98765432"[s % 11]


# ---------------------------------------------------------------- database and server

class Db:
    """A fresh database: an SQLite file in tmp, or a new PostgreSQL database."""

    def __init__(self, backend, pg_uri, tmp, name):
        self.backend = backend
        if backend == "pg":
            base = pg_uri
            for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
                subprocess.run(["psql", "-q", "-X", base, "-c", sql], check=True,
                               capture_output=True)
            self.uri = base.rsplit("/", 1)[0] + "/" + name
        else:
            self.uri = os.path.join(tmp, name + ".db")

    def sql(self, statement):
        """Run SQL behind zhiqian's back (tampering tests)."""
        if self.backend == "pg":
            subprocess.run(["psql", "-q", "-X", self.uri, "-v", "ON_ERROR_STOP=1", "-c",
                            statement], check=True, capture_output=True)
        else:
            import sqlite3
            con = sqlite3.connect(self.uri)
            con.executescript(statement)
            con.commit()
            con.close()


def base_env(extra=None):
    env = dict(os.environ)
    env.setdefault("ZHIQIAN_SECRET_KEY", "e2e-test-key-not-for-production-use")
    env["ZHIQIAN_TODAY"] = TODAY
    env["ZHIQIAN_PWHASH"] = "test"
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    env.update(extra or {})
    return env


def run(binary, db, *args, stdin=None, env=None):
    p = subprocess.run([binary, "--db", db.uri, *args], input=stdin, capture_output=True,
                       env=base_env(env), timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


class Server:
    """`zhiqian serve` on 127.0.0.1 and a port the system picks."""

    def __init__(self, binary, db, tmp, env=None, web=None):
        self.log = os.path.join(tmp, "serve.err")
        self.access = os.path.join(tmp, "access.log")
        args = [binary, "--db", db.uri, "serve", "--listen", "127.0.0.1:0"]
        if web is not None:
            args += ["--web", web]
        e = {"ZHIQIAN_ACCESS_LOG": self.access}
        e.update(env or {})
        self.errf = open(self.log, "wb")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.errf,
                                     env=base_env(e))
        line = self.proc.stdout.readline().decode()
        if not line.startswith("listening on http://"):
            self.stop()
            raise RuntimeError("serve did not start: " + line + self.stderr())
        self.port = int(line.rsplit(":", 1)[1])

    def stderr(self):
        if not self.errf.closed:
            self.errf.flush()
        with open(self.log, "rb") as f:
            return f.read().decode(errors="replace")

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.errf.close()
        return self.proc.returncode


class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        try:
            return json.loads(self.body.decode())
        except ValueError:
            return None

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def error_code(self):
        j = self.json()
        return j.get("error", {}).get("code") if isinstance(j, dict) else None

    def __repr__(self):
        return f"<{self.status} {self.body[:300]!r}>"


class Client:
    """One keep-alive connection, with the cookies and CSRF token of a login
    or the bearer token of an API client."""

    def __init__(self, port, token=None):
        self.port = port
        self.token = token
        self.cookies = {}
        self.csrf = None
        self.conn = None

    def _conn(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return self.conn

    def request(self, method, path, body=None, headers=None, ctype=None, csrf=True):
        h = dict(headers or {})
        path = urllib.parse.quote(path, safe="/?=&%:+,;@-_.~")
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h.setdefault("X-CSRF-Token", self.csrf)
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode()
            ctype = ctype or "application/json"
        elif isinstance(body, str):
            body = body.encode()
        if ctype:
            h["Content-Type"] = ctype
        for attempt in range(2):
            try:
                c = self._conn()
                c.request(method, path, body=body, headers=h)
                r = c.getresponse()
                data = r.read()
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                self.close()
                if attempt == 1:
                    raise
        resp = Resp(r.status, r.getheaders(), data)
        for sc in resp.headers_all("Set-Cookie"):
            name, _, rest = sc.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in sc:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        if r.getheader("Connection", "").lower() == "close":
            self.close()
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def login(self, user, password):
        r = self.post("/api/v1/session", {"username": user, "password": password})
        if r.status == 200:
            self.csrf = r.json()["csrf_token"]
        return r

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def raw_request(port, head, body=b"", wait=1.0):
    """Send a request on a fresh socket: the head first, then (unless the
    server has answered already, as it does to an oversize Content-Length)
    the body.  Returns (status, bytes received)."""
    s = socket.create_connection(("127.0.0.1", port))
    data = b""
    try:
        s.sendall(head)
        s.settimeout(wait)
        try:
            data = s.recv(65536)
        except socket.timeout:
            data = b""
        if not data and body:
            s.sendall(body)
        s.settimeout(10)
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except (BrokenPipeError, ConnectionResetError, socket.timeout):
        pass
    finally:
        s.close()
    parts = data.split(b" ", 2)
    status = int(parts[1]) if data.startswith(b"HTTP/") and len(parts) > 1 else 0
    return status, data


def wait_status(fn, want, seconds=6.0):
    """Call fn until its response has status want (at most `seconds`)."""
    end = time.time() + seconds
    r = fn()
    while r.status != want and time.time() < end:
        time.sleep(0.25)
        r = fn()
    return r


# ---------------------------------------------------------------- files

def csv_text(rows):
    out = []
    for row in rows:
        cells = []
        for v in row:
            v = str(v)
            if any(c in v for c in ',"\n'):
                v = '"' + v.replace('"', '""') + '"'
            cells.append(v)
        out.append(",".join(cells))
    return ("\r\n".join(out) + "\r\n").encode()


def xlsx_bytes(rows, path):
    """A minimal workbook with inline strings (enough for the importer)."""
    def col(i):
        s, i = "", i + 1
        while i:
            i, r = divmod(i - 1, 26)
            s = chr(65 + r) + s
        return s
    sheet = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             'openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, 1):
        sheet.append(f'<row r="{r}">')
        for c, v in enumerate(row):
            if v != "":
                sheet.append(f'<c r="{col(c)}{r}" t="inlineStr"><is><t>{escape(str(v))}</t>'
                             '</is></c>')
        sheet.append("</row>")
    sheet.append("</sheetData></worksheet>")
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            + rel + '/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="' + rel + '"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            + rel + '/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": "".join(sheet),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    with open(path, "rb") as f:
        return f.read()


# ---------------------------------------------------------------- the fixture county

# Enterprises: builders B1 (余姚) and B2 (慈溪), contractors A (杭州; works in both
# counties) and C (慈溪), subcontractor S (余姚), X (杭州, on no project).
ENT = {
    "B1": uscc("91330281MA2B00001"),
    "B2": uscc("91330282MA2B00002"),
    "A": uscc("91330106MA2A00003"),
    "C": uscc("91330282MA2C00004"),
    "S": uscc("91330281MA2R00005"),
    "X": uscc("91330106MA2X00006"),
}
ENT_REGION = {"B1": "330281", "B2": "330282", "A": "330106", "C": "330282", "S": "330281",
              "X": "330106"}
ENT_KIND = {"B1": "建设单位", "B2": "建设单位", "A": "施工总承包", "C": "施工总承包",
            "S": "劳务分包", "X": "其他"}

# Projects: code -> (region, industry, builder, contractor, subcontractors)
PROJ = {
    "P-YY-1": ("330281", "住建", "B1", "A", ["S"]),
    "P-CX-1": ("330282", "水利", "B2", "C", []),
    "P-CX-2": ("330282", "住建", "B2", "A", []),
}
ACCOUNTS = {"P-YY-1": ("中国工商银行余姚支行", "3901100000000001"),
            "P-CX-1": ("中国农业银行慈溪支行", "1921000000000002"),
            "P-CX-2": ("中国工商银行慈溪支行", "3901100000000003")}
# Workers: key -> (ID number, name, phone, project, employer)
WORKERS = {
    "W1": (idnum("33028119850314123"), "王一", "13800000001", "P-YY-1", "S"),
    "W2": (idnum("33028219900101234"), "李二", "13800000002", "P-CX-1", "C"),
    "W3": (idnum("33010619881212345"), "赵三", "13800000003", "P-CX-2", "A"),
}


def fixture_files():
    """kind -> CSV bytes, in import order."""
    f = {}
    f["enterprises"] = csv_text(
        [["uscc", "name", "kind", "legal_rep", "region_code", "phone"]] +
        [[ENT[k], f"测试企业{k}有限公司", ENT_KIND[k], "法人" + k, ENT_REGION[k],
          "0574-6200100" + str(i)] for i, k in enumerate(ENT)])
    f["projects"] = csv_text(
        [["code", "name", "region_code", "industry", "funding", "builder_uscc",
          "contractor_uscc", "contract_amount", "labor_cost_ratio", "contract_signed_on",
          "start_date", "planned_end", "status", "wage_clerk", "notice_board"]] +
        [[code, f"{code} 工程", reg, ind, "政府投资", ENT[b], ENT[c], "12000000.00", "20",
          "2025-01-10", "2025-02-01", "2027-06-30", "在建", "张三", "是"]
         for code, (reg, ind, b, c, subs) in PROJ.items()])
    f["subcontracts"] = csv_text(
        [["project_code", "subcontractor_uscc", "kind", "amount", "start_date"]] +
        [[code, ENT[s], "劳务分包", "3000000.00", "2025-03-01"]
         for code, p in PROJ.items() for s in p[4]])
    f["accounts"] = csv_text(
        [["project_code", "bank", "account_no", "opened_on"]] +
        [[code, bank, no, "2025-02-05"] for code, (bank, no) in ACCOUNTS.items()])
    f["employment"] = csv_text(
        [["project_code", "employer_uscc", "id_number", "name", "phone", "team", "trade",
          "contract_signed", "entered_on", "left_on"]] +
        [[p, ENT[e], idn, name, phone, "木工班", "木工", "是", "2025-03-10", ""]
         for (idn, name, phone, p, e) in WORKERS.values()])
    f["payroll"] = csv_text(
        [["project_code", "employer_uscc", "month", "id_number", "name", "days_worked",
          "wage_due", "deductions", "wage_paid", "paid_on", "channel", "confirmed"]] +
        [[p, ENT[e], "2026-09", idn, name, "22", "8800.00", "0", "8800.00", "2026-10-10",
          "专户代发", "是"] for (idn, name, phone, p, e) in WORKERS.values()])
    return f


def payroll_rows(project, worker, month="2026-10", due="9000.00", paid="9000.00"):
    idn, name, phone, p, e = WORKERS[worker]
    return [[project, ENT[e], month, idn, name, "22", due, "0", paid, "2026-11-10", "专户代发",
             "是"]]


PAYROLL_HEADER = ["project_code", "employer_uscc", "month", "id_number", "name", "days_worked",
                  "wage_due", "deductions", "wage_paid", "paid_on", "channel", "confirmed"]
TXN_HEADER = ["project_code", "account_no", "txn_date", "direction", "kind", "amount",
              "counterparty", "ref"]
