"""An API import can be followed while it runs (called by http_test.py):
GET /api/v1/jobs lists it as running, GET /api/v1/jobs/{id} shows the rows
read so far, and the finished job keeps that id with the final counts."""
import subprocess
import threading
import time

from http_lib import ENT, PAYROLL_HEADER, Client, csv_text, idnum

ROWS = 50000


def test_progress(t, port, c):
    rows = [PAYROLL_HEADER]
    for i in range(ROWS):
        rows.append(["P-YY-1", ENT["S"], "2026-05", idnum("330281198502%05d" % (i % 90000)),
                     "工人%d" % i, "20", "100.00", "0", "100.00", "2026-06-10", "现金", "是"])
    body = csv_text(rows)
    result = {}

    def upload():
        result["r"] = Client(port, token=c["tok_a"].token).post(
            "/api/v1/imports/payroll?name=big.csv", body, ctype="text/csv")

    th = threading.Thread(target=upload)
    poll = Client(port, token=c["tok_a"].token)
    th.start()
    job, seen = None, []
    while th.is_alive():
        if job is None:
            r = poll.get("/api/v1/jobs?limit=5")
            run = [x for x in r.json().get("items", []) if x["status"] == "running"]
            job = run[0]["id"] if run else None
        else:
            r = poll.get(f"/api/v1/jobs/{job}?limit=1")
            j = r.json()
            seen.append((j["status"], j["rows_total"], j.get("progress"), j.get("bytes_done")))
        time.sleep(0.01)
    th.join()
    r = result["r"]
    t.check(r.status == 201 and r.json()["rows"] == ROWS, f"big upload: {r.status} {r.body[:200]!r}")
    t.check(job is not None, "the running import is listed by GET /api/v1/jobs")
    running = [s for s in seen if s[0] == "running"]
    t.check(any(0 < s[1] < ROWS for s in running),
            f"rows read so far shown while running: {running[:3]} … {running[-3:]}")
    t.check(all(a[1] <= b[1] for a, b in zip(running, running[1:])) and
            all(0 <= (s[2] or 0) <= 100 for s in running), "progress only grows")
    t.check(r.json().get("job_id") == job and
            r.headers_all("Location") == [f"/api/v1/jobs/{job}"],
            f"the answer names the job followed: {r.json().get('job_id')} vs {job}")
    r = poll.get(f"/api/v1/jobs/{job}")
    j = r.json()
    t.check(r.status == 200 and j["status"] == "done" and j["rows_total"] == ROWS and
            j["progress"] == 100 and j["finished_at"], f"finished job: {r.body[:300]!r}")
    r = poll.get("/api/v1/jobs?limit=50")
    ids = [x["id"] for x in r.json()["items"] if "big.csv" in x["file_name"]]
    t.check(ids == [job], f"one job for the upload: {ids}")
    r = poll.post("/api/v1/imports/payroll?dry_run=1&name=dry.csv", csv_text(rows[:100]),
                  ctype="text/csv")
    t.check(r.status == 200 and r.json()["job_id"] is None, f"dry run: {r}")
    r = poll.get("/api/v1/jobs?limit=50")
    t.check(not any("dry.csv" in x["file_name"] for x in r.json()["items"]),
            "a dry run leaves no job")
    print(f"job progress: {len(running)} running snapshots", flush=True)


def test_sweep(t, port, c, db):
    """PostgreSQL (the server runs with ZHIQIAN_JOB_SWEEP_SECONDS=1): a job
    left `running` by a server process that is gone, whose advisory lock
    nobody holds, is settled as failed while the server runs; a job whose lock
    a live session holds is left alone until that session ends.  (SQLite only
    sweeps at start-up: tests/e2e/crash_test.py.)"""
    poll = Client(port, token=c["tok_a"].token)

    def plant(name):
        db.sql("INSERT INTO import_jobs (kind, status, source, actor, file_name, bytes_total, "
               "created_at, started_at) SELECT kind, 'running', source, actor, "
               f"'{name}', bytes_total, created_at, started_at FROM import_jobs "
               "WHERE file_name LIKE 'big.csv%' AND status = 'done'")
        items = poll.get("/api/v1/jobs?limit=50").json().get("items", [])
        ids = [x["id"] for x in items if x["file_name"] == name]
        return ids[0] if len(ids) == 1 else None

    def status_after(job, seconds):
        end = time.time() + seconds
        while time.time() < end:  # the sweep runs after an answered request
            poll.get(f"/api/v1/jobs/{job}")
            time.sleep(0.2)
        return poll.get(f"/api/v1/jobs/{job}").json()

    orphan, held = plant("orphan.csv"), plant("held.csv")
    t.check(orphan is not None and held is not None, f"planted running jobs: {orphan} {held}")
    if orphan is None or held is None:
        return
    # a live session holds the held job's lock, as the importing connection does
    holder = subprocess.Popen(["psql", "-q", "-X", "-At", db.uri], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    holder.stdin.write(f"SELECT pg_advisory_lock(31345, {held});\n\\echo locked\n")
    holder.stdin.flush()
    got = [holder.stdout.readline().strip() for _ in range(2)]
    t.check(got == ["", "locked"], f"the lock is taken: {got}")
    j = status_after(orphan, 2.5)
    t.check(j.get("status") == "failed" and "服务进程已停止" in (j.get("message") or "") and
            j.get("finished_at"), f"an orphaned running job is settled while serving: {j}")
    j = poll.get(f"/api/v1/jobs/{held}").json()
    t.check(j.get("status") == "running", f"a job whose lock is held stays running: {j}")
    holder.stdin.close()
    holder.wait(timeout=10)
    j = status_after(held, 2.5)
    t.check(j.get("status") == "failed",
            f"once its session has gone, the job is settled too: {j}")
