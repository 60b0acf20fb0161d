-- zhiqian schema, version 7 (PostgreSQL dialect): the credit workflow's extra facts.
--
-- Kept semantically identical to migrations/sqlite/0007_credit.sql, where the columns are
-- described.
ALTER TABLE blacklist ADD COLUMN defense_until text CHECK (defense_until ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$');
ALTER TABLE blacklist ADD COLUMN defense_note text;
ALTER TABLE blacklist ADD COLUMN incident_id bigint REFERENCES incidents (id);
ALTER TABLE blacklist ADD COLUMN corrected_on text CHECK (corrected_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$');
ALTER TABLE blacklist ADD COLUMN repair_applied_on text CHECK (repair_applied_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$');
ALTER TABLE blacklist ADD COLUMN pledge text;

ALTER TABLE supervision_rounds ADD COLUMN team text NOT NULL DEFAULT '';
ALTER TABLE supervision_rounds ADD COLUMN targets text NOT NULL DEFAULT '';
ALTER TABLE supervision_findings ADD COLUMN target text NOT NULL DEFAULT '';
ALTER TABLE supervision_findings ADD COLUMN measure_on text CHECK (measure_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$');

ALTER TABLE notifications ADD COLUMN once_key text;
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, once_key);
