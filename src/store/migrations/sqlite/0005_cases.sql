-- zhiqian schema, version 5 (SQLite dialect): what case handling adds to the case tables of
-- version 1 (cases, case_parties, case_workers, case_handlers, case_documents, case_events,
-- settlements, fund_*, deposit_events).
--
-- Kept semantically identical to migrations/pg/0005_cases.sql.

-- 违法分包/转包: the liable chain runs to the general contractor and the builder (条例 36-37).
ALTER TABLE cases ADD COLUMN illegal_sub INTEGER NOT NULL DEFAULT 0 CHECK (illegal_sub IN (0, 1));
-- The +30 working days of 监察条例 17 need a recorded approval: who approved it and when.
ALTER TABLE cases ADD COLUMN extension_approver TEXT;
ALTER TABLE cases ADD COLUMN extension_approved_on TEXT CHECK (extension_approved_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
-- 移送法院 (a lawsuit or an application for enforcement), beside police_on of version 1.
ALTER TABLE cases ADD COLUMN court_on TEXT CHECK (court_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');

CREATE INDEX settlements_worker ON settlements (case_id, worker_id);
CREATE INDEX deposit_events_case ON deposit_events (case_id);
CREATE INDEX case_documents_case ON case_documents (case_id, issued_on);
CREATE INDEX fund_movements_advance ON fund_movements (advance_id);
