-- Hidden articles (0012) leave every list, tag page and tag count, whoever
-- hides them: the app, or plain SQL behind it (sqlite/0017).
-- article_tags.article_hidden_at is a copy of its article's hidden_at, kept here:
-- a new link takes its article's, and hiding or showing an article updates its links.
CREATE FUNCTION article_tags_hidden_copied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.article_hidden_at := (SELECT hidden_at FROM articles WHERE id = NEW.article_id);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER article_tags_hidden_copied BEFORE INSERT ON article_tags FOR EACH ROW EXECUTE FUNCTION article_tags_hidden_copied();
--> statement-breakpoint
-- Hiding or showing an article moves it in or out of every list: the global list, its
-- author's, its tags' (through its links' own triggers) and the favorites lists of
-- everyone who favorited it.
CREATE FUNCTION articles_hidden_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE article_tags SET article_hidden_at = NEW.hidden_at WHERE article_id = NEW.id;
  PERFORM cache_versions_stamp('list', 'author:' || NEW.author_id);
  PERFORM cache_versions_stamp(VARIADIC ARRAY(SELECT 'favs:' || user_id FROM favorites WHERE article_id = NEW.id));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER articles_hidden_versions AFTER UPDATE OF hidden_at ON articles FOR EACH ROW
  WHEN (OLD.hidden_at IS DISTINCT FROM NEW.hidden_at) EXECUTE FUNCTION articles_hidden_versions();
--> statement-breakpoint
-- tags.uses counts the links of articles everyone sees (0003 counted every link).
CREATE OR REPLACE FUNCTION article_tags_uses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE tags SET uses = tags.uses - gone.n
      FROM (SELECT tag_id, count(*) AS n FROM old_links WHERE article_hidden_at IS NULL GROUP BY tag_id) AS gone
      WHERE tags.id = gone.tag_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE tags SET uses = tags.uses + added.n
      FROM (SELECT tag_id, count(*) AS n FROM new_links WHERE article_hidden_at IS NULL GROUP BY tag_id) AS added
      WHERE tags.id = added.tag_id;
  END IF;
  RETURN NULL;
END;
$$;
