-- The same triggers as SQLite's migrations 0003 and 0005, in PL/pgSQL: every
-- write that changes what a reader can see moves the versions of the scopes
-- it touches, inside the writing transaction, whoever writes (the app, another
-- app server, or plain SQL). Scopes are described in sqlite/0003.
--
-- Stamps must commit in the order they are handed out, or a reader that has
-- seen stamp N could miss a smaller one committed after it. SQLite gets that
-- from its single writer; here a transaction-level advisory lock serialises
-- the transactions that stamp, from their first stamp to their commit.
CREATE FUNCTION cache_versions_stamp(VARIADIC scopes text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  next_seq bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(7301205115);
  SELECT coalesce(max(seq), 0) + 1 INTO next_seq FROM cache_versions;
  INSERT INTO cache_versions (scope, seq)
    SELECT DISTINCT scope, next_seq FROM unnest(scopes) AS scope WHERE scope IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET seq = excluded.seq;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION articles_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cache_versions_stamp('list', 'author:' || NEW.author_id);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM cache_versions_stamp('article:' || OLD.id, 'article:' || NEW.id);
    -- A new date or author moves the article within lists (never done by the app).
    IF OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.author_id IS DISTINCT FROM NEW.author_id OR OLD.id IS DISTINCT FROM NEW.id THEN
      PERFORM cache_versions_stamp('list', 'author:' || OLD.author_id, 'author:' || NEW.author_id);
    END IF;
  ELSE
    PERFORM cache_versions_stamp('list', 'author:' || OLD.author_id, 'article:' || OLD.id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER articles_versions AFTER INSERT OR UPDATE OR DELETE ON articles FOR EACH ROW EXECUTE FUNCTION articles_versions();
--> statement-breakpoint
-- tags.uses counts the articles that have each tag (sqlite/0005).
CREATE FUNCTION article_tags_versions_and_uses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cache_versions_stamp('tags', 'tag:' || NEW.tag_id, 'article:' || NEW.article_id);
    UPDATE tags SET uses = uses + 1 WHERE id = NEW.tag_id;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM cache_versions_stamp('tags', 'tag:' || OLD.tag_id, 'tag:' || NEW.tag_id, 'article:' || OLD.article_id, 'article:' || NEW.article_id);
    IF OLD.tag_id IS DISTINCT FROM NEW.tag_id THEN
      UPDATE tags SET uses = uses - 1 WHERE id = OLD.tag_id;
      UPDATE tags SET uses = uses + 1 WHERE id = NEW.tag_id;
    END IF;
  ELSE
    PERFORM cache_versions_stamp('tags', 'tag:' || OLD.tag_id, 'article:' || OLD.article_id);
    UPDATE tags SET uses = uses - 1 WHERE id = OLD.tag_id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER article_tags_versions_and_uses AFTER INSERT OR UPDATE OR DELETE ON article_tags FOR EACH ROW EXECUTE FUNCTION article_tags_versions_and_uses();
--> statement-breakpoint
CREATE FUNCTION tags_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cache_versions_stamp('tags');
  ELSIF OLD.name IS DISTINCT FROM NEW.name THEN
    -- Only a new name shows on articles: counting uses must not stamp every article with the tag.
    PERFORM cache_versions_stamp('tags', 'tag:' || OLD.id, 'tag:' || NEW.id);
    PERFORM cache_versions_stamp(VARIADIC ARRAY(SELECT 'article:' || article_id FROM article_tags WHERE tag_id = NEW.id));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER tags_versions AFTER INSERT OR UPDATE ON tags FOR EACH ROW EXECUTE FUNCTION tags_versions();
--> statement-breakpoint
CREATE FUNCTION favorites_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cache_versions_stamp('favs:' || NEW.user_id);
  ELSE
    PERFORM cache_versions_stamp('favs:' || OLD.user_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER favorites_versions AFTER INSERT OR DELETE ON favorites FOR EACH ROW EXECUTE FUNCTION favorites_versions();
--> statement-breakpoint
CREATE FUNCTION follows_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cache_versions_stamp('follows:' || NEW.follower_id);
  ELSE
    PERFORM cache_versions_stamp('follows:' || OLD.follower_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER follows_versions AFTER INSERT OR DELETE ON follows FOR EACH ROW EXECUTE FUNCTION follows_versions();
--> statement-breakpoint
CREATE FUNCTION comments_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cache_versions_stamp('comments:' || NEW.article_id);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM cache_versions_stamp('comments:' || OLD.article_id, 'comments:' || NEW.article_id);
  ELSE
    PERFORM cache_versions_stamp('comments:' || OLD.article_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER comments_versions AFTER INSERT OR UPDATE OR DELETE ON comments FOR EACH ROW EXECUTE FUNCTION comments_versions();
--> statement-breakpoint
CREATE FUNCTION users_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cache_versions_stamp('usernames');
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM cache_versions_stamp('user:' || OLD.id, 'user:' || NEW.id);
    IF OLD.username IS DISTINCT FROM NEW.username OR OLD.id IS DISTINCT FROM NEW.id THEN
      PERFORM cache_versions_stamp('usernames');
    END IF;
  ELSE
    PERFORM cache_versions_stamp('user:' || OLD.id, 'usernames');
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER users_versions AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION users_versions();
