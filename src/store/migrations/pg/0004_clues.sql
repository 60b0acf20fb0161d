-- zhiqian schema, version 4 (PostgreSQL dialect): what clue handling adds to the clue tables
-- of version 1.
--
-- Kept semantically identical to migrations/sqlite/0004_clues.sql, where the tables are
-- described.
CREATE TABLE clue_grams (
    gram    text NOT NULL,
    clue_id bigint NOT NULL REFERENCES clues (id),
    PRIMARY KEY (gram, clue_id)
);
CREATE INDEX clue_grams_clue ON clue_grams (clue_id);

CREATE INDEX clues_linked ON clues (linked_to);
CREATE INDEX clues_status_accept ON clues (status, accept_by);
CREATE INDEX clues_status_close ON clues (status, close_by);
CREATE INDEX clues_transfer ON clues (transfer_region_code, status);

CREATE INDEX duty_roster_region ON duty_roster (region_code, starts_at);
