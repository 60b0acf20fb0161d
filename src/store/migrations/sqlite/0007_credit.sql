-- zhiqian schema, version 7 (SQLite dialect): the credit workflow's extra facts.
--
-- Kept semantically identical to migrations/pg/0007_credit.sql.
--
-- blacklist: the 陈述申辩 window of a prior notice and what the party said, the incident a
-- listing rests on, and the facts of an application for 信用修复 (date of correction, date of
-- the application, the written pledge).  supervision: the 督查组 and target regions of a
-- round; the target and date of a measure.  notifications: a key that makes a producer's
-- notice idempotent (one deadline notice per user and deadline, however often it runs).
ALTER TABLE blacklist ADD COLUMN defense_until TEXT CHECK (defense_until GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
ALTER TABLE blacklist ADD COLUMN defense_note TEXT;
ALTER TABLE blacklist ADD COLUMN incident_id INTEGER REFERENCES incidents (id);
ALTER TABLE blacklist ADD COLUMN corrected_on TEXT CHECK (corrected_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
ALTER TABLE blacklist ADD COLUMN repair_applied_on TEXT CHECK (repair_applied_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
ALTER TABLE blacklist ADD COLUMN pledge TEXT;

ALTER TABLE supervision_rounds ADD COLUMN team TEXT NOT NULL DEFAULT '';
ALTER TABLE supervision_rounds ADD COLUMN targets TEXT NOT NULL DEFAULT '';
ALTER TABLE supervision_findings ADD COLUMN target TEXT NOT NULL DEFAULT '';
ALTER TABLE supervision_findings ADD COLUMN measure_on TEXT CHECK (measure_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');

ALTER TABLE notifications ADD COLUMN once_key TEXT;
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, once_key);
