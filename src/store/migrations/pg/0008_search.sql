-- zhiqian schema, version 8 (PostgreSQL dialect): the search index of project names.
--
-- Kept semantically identical to migrations/sqlite/0008_search.sql, where it is described.
-- gram_pos is kept for symmetry with SQLite (the function below could use generate_series).
CREATE TABLE gram_pos (i integer PRIMARY KEY);
INSERT INTO gram_pos (i) SELECT generate_series(1, 400);

CREATE TABLE project_grams (
    gram       text NOT NULL,
    project_id bigint NOT NULL,
    PRIMARY KEY (gram, project_id)
);
CREATE INDEX project_grams_project ON project_grams (project_id);

INSERT INTO project_grams (gram, project_id)
SELECT substr(p.name, g.i, 2), p.id FROM projects p JOIN gram_pos g ON g.i < char_length(p.name)
WHERE strpos(' ,.;:!?()[]{}"''/\|-_　', substr(p.name, g.i, 1)) = 0
  AND strpos(' ,.;:!?()[]{}"''/\|-_　', substr(p.name, g.i + 1, 1)) = 0
  AND ascii(substr(p.name, g.i, 1)) > 32 AND ascii(substr(p.name, g.i + 1, 1)) > 32
ON CONFLICT DO NOTHING;

CREATE FUNCTION project_grams_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM project_grams WHERE project_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO project_grams (gram, project_id)
        SELECT substr(NEW.name, g.i, 2), NEW.id FROM gram_pos g WHERE g.i < char_length(NEW.name)
          AND strpos(' ,.;:!?()[]{}"''/\|-_　', substr(NEW.name, g.i, 1)) = 0
          AND strpos(' ,.;:!?()[]{}"''/\|-_　', substr(NEW.name, g.i + 1, 1)) = 0
          AND ascii(substr(NEW.name, g.i, 1)) > 32 AND ascii(substr(NEW.name, g.i + 1, 1)) > 32
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER project_grams_ins AFTER INSERT ON projects
    FOR EACH ROW EXECUTE FUNCTION project_grams_write();
CREATE TRIGGER project_grams_upd AFTER UPDATE OF name ON projects
    FOR EACH ROW WHEN (NEW.name IS DISTINCT FROM OLD.name) EXECUTE FUNCTION project_grams_write();
CREATE TRIGGER project_grams_del AFTER DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION project_grams_write();
