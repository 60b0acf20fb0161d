-- zhiqian schema, version 5 (PostgreSQL dialect): what case handling adds to the case tables.
--
-- Kept semantically identical to migrations/sqlite/0005_cases.sql, where the columns are
-- described.
ALTER TABLE cases ADD COLUMN illegal_sub integer NOT NULL DEFAULT 0 CHECK (illegal_sub IN (0, 1));
ALTER TABLE cases ADD COLUMN extension_approver text;
ALTER TABLE cases ADD COLUMN extension_approved_on text CHECK (extension_approved_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$');
ALTER TABLE cases ADD COLUMN court_on text CHECK (court_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$');

CREATE INDEX settlements_worker ON settlements (case_id, worker_id);
CREATE INDEX deposit_events_case ON deposit_events (case_id);
CREATE INDEX case_documents_case ON case_documents (case_id, issued_on);
CREATE INDEX fund_movements_advance ON fund_movements (advance_id);
