-- Full-text search over articles (docs/decisions/0018), as sqlite/0013 does
-- it with FTS5: a weighted tsvector per article (title A, description B,
-- body C, in the 'english' configuration) with a GIN index, in a table of
-- its own kept by triggers. Its own table, not a column of `articles`: a
-- favorite, which updates favorites_count on the article's row (0004), leaves
-- this row and its index entries untouched, and the triggers below fire only
-- when the indexed text changes. Deleting an article (or its author's account)
-- cascades here.
CREATE FUNCTION article_search_document(title text, description text, body text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english'::regconfig, title), 'A')
      || setweight(to_tsvector('english'::regconfig, description), 'B')
      || setweight(to_tsvector('english'::regconfig, body), 'C')
$$;
--> statement-breakpoint
CREATE TABLE article_search (
  article_id integer PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  document tsvector NOT NULL
);
--> statement-breakpoint
INSERT INTO article_search (article_id, document)
  SELECT id, article_search_document(title, description, body) FROM articles;
--> statement-breakpoint
CREATE INDEX article_search_document_idx ON article_search USING gin (document);
--> statement-breakpoint
-- An edit also stamps `search`, which every kept search result depends on; inserts stamp `list` (0001).
CREATE FUNCTION article_search_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO article_search (article_id, document)
    VALUES (NEW.id, article_search_document(NEW.title, NEW.description, NEW.body))
    ON CONFLICT (article_id) DO UPDATE SET document = excluded.document;
  IF TG_OP = 'UPDATE' THEN
    PERFORM cache_versions_stamp('search');
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER article_search_insert AFTER INSERT ON articles FOR EACH ROW EXECUTE FUNCTION article_search_index();
--> statement-breakpoint
CREATE TRIGGER article_search_update AFTER UPDATE OF title, description, body ON articles FOR EACH ROW
  WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description OR OLD.body IS DISTINCT FROM NEW.body)
  EXECUTE FUNCTION article_search_index();
