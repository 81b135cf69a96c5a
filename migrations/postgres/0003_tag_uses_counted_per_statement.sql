-- tags.uses counted once per statement rather than once per row. Every update
-- of a row leaves a new version of it, and one transaction's versions cannot
-- be cleaned up before it ends, so a transaction linking many articles to a
-- few tags (a site being copied in: hundreds of thousands of links, fifty
-- tags) made each update walk all the versions before it: quadratic, hours
-- at 100 000 articles. Per statement, each tag is updated once per statement,
-- by the number of its links the statement added or removed. The cache stamps
-- stay per row (0002 notes each scope once per transaction).
DROP TRIGGER article_tags_versions_and_uses ON article_tags;
--> statement-breakpoint
DROP FUNCTION article_tags_versions_and_uses();
--> statement-breakpoint
CREATE FUNCTION article_tags_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cache_versions_stamp('tags', 'tag:' || NEW.tag_id, 'article:' || NEW.article_id);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM cache_versions_stamp('tags', 'tag:' || OLD.tag_id, 'tag:' || NEW.tag_id, 'article:' || OLD.article_id, 'article:' || NEW.article_id);
  ELSE
    PERFORM cache_versions_stamp('tags', 'tag:' || OLD.tag_id, 'article:' || OLD.article_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER article_tags_versions AFTER INSERT OR UPDATE OR DELETE ON article_tags FOR EACH ROW EXECUTE FUNCTION article_tags_versions();
--> statement-breakpoint
CREATE FUNCTION article_tags_uses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE tags SET uses = tags.uses - gone.n
      FROM (SELECT tag_id, count(*) AS n FROM old_links GROUP BY tag_id) AS gone
      WHERE tags.id = gone.tag_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE tags SET uses = tags.uses + added.n
      FROM (SELECT tag_id, count(*) AS n FROM new_links GROUP BY tag_id) AS added
      WHERE tags.id = added.tag_id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER article_tags_uses_insert AFTER INSERT ON article_tags REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION article_tags_uses();
--> statement-breakpoint
CREATE TRIGGER article_tags_uses_update AFTER UPDATE ON article_tags REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION article_tags_uses();
--> statement-breakpoint
CREATE TRIGGER article_tags_uses_delete AFTER DELETE ON article_tags REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION article_tags_uses();
