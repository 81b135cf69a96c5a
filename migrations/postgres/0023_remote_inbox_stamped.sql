-- As sqlite/0028: a remote favorite or boost moves article:<id>, a remote
-- reply moves comments:<article id>, and a remote account's new name or
-- avatar moves the comments of every article it replied to. Noted by row
-- triggers and stamped at commit (0001, 0002).
CREATE FUNCTION remote_reactions_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cache_versions_stamp('article:' || NEW.article_id);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM cache_versions_stamp('article:' || OLD.article_id, 'article:' || NEW.article_id);
  ELSE
    PERFORM cache_versions_stamp('article:' || OLD.article_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER remote_reactions_versions AFTER INSERT OR UPDATE OR DELETE ON remote_reactions FOR EACH ROW EXECUTE FUNCTION remote_reactions_versions();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER remote_reactions_versions_flush AFTER INSERT OR UPDATE OR DELETE ON remote_reactions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_versions_flush();
--> statement-breakpoint
CREATE FUNCTION remote_comments_versions() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER remote_comments_versions AFTER INSERT OR UPDATE OR DELETE ON remote_comments FOR EACH ROW EXECUTE FUNCTION remote_comments_versions();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER remote_comments_versions_flush AFTER INSERT OR UPDATE OR DELETE ON remote_comments DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_versions_flush();
--> statement-breakpoint
CREATE FUNCTION remote_actors_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cache_versions_stamp(VARIADIC ARRAY(SELECT DISTINCT 'comments:' || article_id FROM remote_comments WHERE actor_id IN (OLD.id, NEW.id)));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER remote_actors_versions AFTER UPDATE ON remote_actors FOR EACH ROW EXECUTE FUNCTION remote_actors_versions();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER remote_actors_versions_flush AFTER UPDATE ON remote_actors DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_versions_flush();
