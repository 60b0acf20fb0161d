-- zhiqian schema, version 3 (SQLite dialect): what the warning scan keeps between runs.
--
-- Kept semantically identical to migrations/pg/0003_scan.sql.
--
-- scan_digests holds, per project, the digest of its detail rows (attendance, payroll,
-- registrations, the bank's per-worker lines, account transactions) month by month, as the
-- rules read it: a scan reads one row per project instead of every line.  A digest is reused
-- while nothing it was made from has changed (see scan_dirty and project_months.updated_at)
-- and its rows lie on or before both the date it was made for and the date scanned.
CREATE TABLE scan_digests (
    project_id  INTEGER PRIMARY KEY REFERENCES projects (id),
    province    TEXT NOT NULL CHECK (length(province) = 6),
    as_of       TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    max_date    TEXT NOT NULL CHECK (max_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    settings    INTEGER NOT NULL,
    data        BLOB NOT NULL,
    computed_at INTEGER NOT NULL
) STRICT;

-- Projects whose detail rows changed in a way project_months does not show (a payroll line
-- rewritten with the same totals, registrations, bank lines, transactions): marked by the
-- triggers below, consumed by the next scan.  Inserts of attendance and payroll change
-- project_months and need no mark.  SQLite has one writer at a time, so the first mark of a
-- project stands (no write for the others); PostgreSQL refreshes marked_at, since a scan there
-- may run beside an import and clears only the marks made before it started.
CREATE TABLE scan_dirty (
    project_id INTEGER NOT NULL PRIMARY KEY,
    marked_at  INTEGER NOT NULL
) STRICT;

CREATE TRIGGER scan_dirty_payroll AFTER UPDATE ON payroll
BEGIN
    INSERT INTO scan_dirty (project_id, marked_at) VALUES (NEW.project_id, unixepoch())
    ON CONFLICT (project_id) DO NOTHING;
END;
CREATE TRIGGER scan_dirty_employment_ins AFTER INSERT ON employment
BEGIN
    INSERT INTO scan_dirty (project_id, marked_at) VALUES (NEW.project_id, unixepoch())
    ON CONFLICT (project_id) DO NOTHING;
END;
CREATE TRIGGER scan_dirty_employment_upd AFTER UPDATE ON employment
BEGIN
    INSERT INTO scan_dirty (project_id, marked_at) VALUES (NEW.project_id, unixepoch())
    ON CONFLICT (project_id) DO NOTHING;
END;
CREATE TRIGGER scan_dirty_disbursements_ins AFTER INSERT ON disbursements
BEGIN
    INSERT INTO scan_dirty (project_id, marked_at) VALUES (NEW.project_id, unixepoch())
    ON CONFLICT (project_id) DO NOTHING;
END;
CREATE TRIGGER scan_dirty_disbursements_upd AFTER UPDATE ON disbursements
BEGIN
    INSERT INTO scan_dirty (project_id, marked_at) VALUES (NEW.project_id, unixepoch())
    ON CONFLICT (project_id) DO NOTHING;
END;
CREATE TRIGGER scan_dirty_txns_ins AFTER INSERT ON account_txns
BEGIN
    INSERT INTO scan_dirty (project_id, marked_at) VALUES (NEW.project_id, unixepoch())
    ON CONFLICT (project_id) DO NOTHING;
END;
CREATE TRIGGER scan_dirty_txns_upd AFTER UPDATE ON account_txns
BEGIN
    INSERT INTO scan_dirty (project_id, marked_at) VALUES (NEW.project_id, unixepoch())
    ON CONFLICT (project_id) DO NOTHING;
END;

-- The rule settings a run used (a hash): an incremental scan needs the same.
ALTER TABLE scan_runs ADD COLUMN settings TEXT;
