-- zhiqian schema, version 8 (SQLite dialect): the search index of project names.
--
-- Kept semantically identical to migrations/pg/0008_search.sql.
--
-- project_grams holds every pair of adjacent characters (a bigram) of a project's name, one
-- row per distinct bigram and project, as clue_grams does for clues (0004).  A name search
-- (GET /api/v1/projects?q=) looks a rare word up by its rarest bigram and confirms it on the
-- name; a common word is found faster by walking the list in its order (store_query.c).
-- Pairs with white space or punctuation in them are left out, as store_clue_bigrams() does
-- for the words of a query.  The triggers keep it with the name, whoever writes the project
-- (import, demo, API); gram_pos numbers the character positions for them, since a trigger
-- cannot hold a recursive query.
CREATE TABLE gram_pos (i INTEGER PRIMARY KEY) STRICT;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
INSERT INTO gram_pos (i) SELECT i FROM n;

CREATE TABLE project_grams (
    gram       TEXT NOT NULL,
    project_id INTEGER NOT NULL,
    PRIMARY KEY (gram, project_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX project_grams_project ON project_grams (project_id);

INSERT OR IGNORE INTO project_grams (gram, project_id)
SELECT substr(p.name, g.i, 2), p.id FROM projects p JOIN gram_pos g ON g.i < length(p.name)
WHERE instr(' ,.;:!?()[]{}"''/\|-_　', substr(p.name, g.i, 1)) = 0
  AND instr(' ,.;:!?()[]{}"''/\|-_　', substr(p.name, g.i + 1, 1)) = 0
  AND unicode(substr(p.name, g.i, 1)) > 32 AND unicode(substr(p.name, g.i + 1, 1)) > 32;

CREATE TRIGGER project_grams_ins AFTER INSERT ON projects BEGIN
    INSERT OR IGNORE INTO project_grams (gram, project_id)
    SELECT substr(NEW.name, g.i, 2), NEW.id FROM gram_pos g WHERE g.i < length(NEW.name)
      AND instr(' ,.;:!?()[]{}"''/\|-_　', substr(NEW.name, g.i, 1)) = 0
      AND instr(' ,.;:!?()[]{}"''/\|-_　', substr(NEW.name, g.i + 1, 1)) = 0
      AND unicode(substr(NEW.name, g.i, 1)) > 32 AND unicode(substr(NEW.name, g.i + 1, 1)) > 32;
END;
CREATE TRIGGER project_grams_upd AFTER UPDATE OF name ON projects WHEN NEW.name IS NOT OLD.name
BEGIN
    DELETE FROM project_grams WHERE project_id = OLD.id;
    INSERT OR IGNORE INTO project_grams (gram, project_id)
    SELECT substr(NEW.name, g.i, 2), NEW.id FROM gram_pos g WHERE g.i < length(NEW.name)
      AND instr(' ,.;:!?()[]{}"''/\|-_　', substr(NEW.name, g.i, 1)) = 0
      AND instr(' ,.;:!?()[]{}"''/\|-_　', substr(NEW.name, g.i + 1, 1)) = 0
      AND unicode(substr(NEW.name, g.i, 1)) > 32 AND unicode(substr(NEW.name, g.i + 1, 1)) > 32;
END;
CREATE TRIGGER project_grams_del AFTER DELETE ON projects BEGIN
    DELETE FROM project_grams WHERE project_id = OLD.id;
END;
