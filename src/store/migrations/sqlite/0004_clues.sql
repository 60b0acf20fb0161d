-- zhiqian schema, version 4 (SQLite dialect): what clue handling adds to the clue tables of
-- version 1 (clues, clue_handlers, clue_events, duty_roster, notifications).
--
-- Kept semantically identical to migrations/pg/0004_clues.sql.
--
-- clue_grams is the search index of clues: every pair of adjacent characters (a bigram) of
-- the complainant's name, the respondent and the project name, lower-cased, one row per
-- distinct bigram and clue.  A word of two or more characters is looked up by its bigrams
-- and then confirmed on the text; FTS5's trigram tokenizer would miss the two-character
-- Chinese names that most complainants have, and PostgreSQL's pg_trgm is an extension that
-- a stock server may not offer.  Written by the store with the clue (store_clue.c).
CREATE TABLE clue_grams (
    gram    TEXT NOT NULL,
    clue_id INTEGER NOT NULL REFERENCES clues (id),
    PRIMARY KEY (gram, clue_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX clue_grams_clue ON clue_grams (clue_id);

-- Duplicates of a clue (linked_to), the overdue list, a transfer's receiving unit, and the
-- public look-up by ticket are walked by these.
CREATE INDEX clues_linked ON clues (linked_to);
CREATE INDEX clues_status_accept ON clues (status, accept_by);
CREATE INDEX clues_status_close ON clues (status, close_by);
CREATE INDEX clues_transfer ON clues (transfer_region_code, status);

-- The officer on duty for a region at an instant.
CREATE INDEX duty_roster_region ON duty_roster (region_code, starts_at);
