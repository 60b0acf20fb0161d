-- zhiqian schema, version 6 (PostgreSQL dialect): the band of the default risk.
--
-- Kept semantically identical to migrations/sqlite/0006_risk.sql.
--
-- project_risk (0001) holds, per active project, the forward-looking default risk the scan
-- computes (docs/rules.md, "Default risk"): the score, the facts behind it (factors, a JSON
-- array) and now the band the configuration gave that score when it was computed, so that
-- listings filter on it without the thresholds.
ALTER TABLE project_risk ADD COLUMN band text NOT NULL DEFAULT '低' CHECK (band IN ('高', '中', '低'));
CREATE INDEX project_risk_score ON project_risk (score);
