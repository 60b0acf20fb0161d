-- zhiqian schema, version 3 (PostgreSQL dialect): what the warning scan keeps between runs.
--
-- Kept semantically identical to migrations/sqlite/0003_scan.sql, where the tables are
-- described.
CREATE TABLE scan_digests (
    project_id  bigint PRIMARY KEY REFERENCES projects (id),
    province    text NOT NULL CHECK (length(province) = 6),
    as_of       text NOT NULL CHECK (as_of ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    max_date    text NOT NULL CHECK (max_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    settings    bigint NOT NULL,
    data        bytea NOT NULL,
    computed_at bigint NOT NULL
);

CREATE TABLE scan_dirty (
    project_id bigint NOT NULL PRIMARY KEY,
    marked_at  bigint NOT NULL
);

-- Statement-level triggers over transition tables: one INSERT per statement whatever the
-- number of rows, so a staged import's set-based merge pays once, not per line.  PostgreSQL
-- allows transition tables only on single-event triggers, hence one trigger per event.
-- The time is read once: clock_timestamp() per row could give one project two rows across a
-- second boundary, which ON CONFLICT DO UPDATE refuses.
CREATE FUNCTION scan_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ts bigint := CAST(extract(epoch FROM clock_timestamp()) AS bigint);
BEGIN
    INSERT INTO scan_dirty (project_id, marked_at)
    SELECT DISTINCT project_id, ts FROM changed_rows
    ON CONFLICT (project_id) DO UPDATE SET marked_at = excluded.marked_at;
    RETURN NULL;
END
$$;
CREATE TRIGGER scan_dirty_payroll AFTER UPDATE ON payroll
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION scan_mark_dirty();
CREATE TRIGGER scan_dirty_employment_ins AFTER INSERT ON employment
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION scan_mark_dirty();
CREATE TRIGGER scan_dirty_employment_upd AFTER UPDATE ON employment
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION scan_mark_dirty();
CREATE TRIGGER scan_dirty_disbursements_ins AFTER INSERT ON disbursements
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION scan_mark_dirty();
CREATE TRIGGER scan_dirty_disbursements_upd AFTER UPDATE ON disbursements
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION scan_mark_dirty();
CREATE TRIGGER scan_dirty_txns_ins AFTER INSERT ON account_txns
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION scan_mark_dirty();
CREATE TRIGGER scan_dirty_txns_upd AFTER UPDATE ON account_txns
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION scan_mark_dirty();

ALTER TABLE scan_runs ADD COLUMN settings text;
