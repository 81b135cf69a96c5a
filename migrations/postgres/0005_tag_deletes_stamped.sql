-- Deleting a tag changes the tag lists and which names are tags, even when
-- no article has it (sqlite/0009). The app never deletes tags; plain SQL
-- behind it may.
CREATE OR REPLACE FUNCTION tags_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cache_versions_stamp('tags');
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM cache_versions_stamp('tags', 'tag:' || OLD.id);
  ELSIF OLD.name IS DISTINCT FROM NEW.name THEN
    -- Only a new name shows on articles: counting uses must not stamp every article with the tag.
    PERFORM cache_versions_stamp('tags', 'tag:' || OLD.id, 'tag:' || NEW.id);
    PERFORM cache_versions_stamp(VARIADIC ARRAY(SELECT 'article:' || article_id FROM article_tags WHERE tag_id = NEW.id));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER tags_versions ON tags;
--> statement-breakpoint
CREATE TRIGGER tags_versions AFTER INSERT OR UPDATE OR DELETE ON tags FOR EACH ROW EXECUTE FUNCTION tags_versions();
--> statement-breakpoint
DROP TRIGGER tags_versions_flush ON tags;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER tags_versions_flush AFTER INSERT OR UPDATE OR DELETE ON tags DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_versions_flush();
