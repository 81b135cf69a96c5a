CREATE TABLE "saved_articles" (
	"user_id" integer NOT NULL,
	"article_id" integer NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "saved_articles_user_id_article_id_pk" PRIMARY KEY("user_id","article_id")
);
--> statement-breakpoint
CREATE TABLE "tag_follows" (
	"user_id" integer NOT NULL,
	"tag_id" integer NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "tag_follows_user_id_tag_id_pk" PRIMARY KEY("user_id","tag_id")
);
--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "status" text DEFAULT 'published' NOT NULL;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "publish_at" bigint;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "saved_articles" ADD CONSTRAINT "saved_articles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_articles" ADD CONSTRAINT "saved_articles_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_follows" ADD CONSTRAINT "tag_follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_follows" ADD CONSTRAINT "tag_follows_tag_id_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."tags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saved_articles_user_created_idx" ON "saved_articles" USING btree ("user_id","created_at","article_id");--> statement-breakpoint
CREATE INDEX "saved_articles_article_idx" ON "saved_articles" USING btree ("article_id");--> statement-breakpoint
CREATE INDEX "tag_follows_tag_idx" ON "tag_follows" USING btree ("tag_id");--> statement-breakpoint
-- Written by hand from here on (as sqlite/0020).
-- A draft or scheduled article is kept out of every list, tag page and tag count,
-- like a hidden one (0013): article_tags.article_hidden_at now holds whether its
-- article is withheld from everyone, hidden or not yet published (then its created_at).
CREATE OR REPLACE FUNCTION article_tags_hidden_copied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.article_hidden_at := (SELECT coalesce(hidden_at, CASE WHEN status <> 'published' THEN created_at END) FROM articles WHERE id = NEW.article_id);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- Hiding, showing or publishing an article (or making it a draft again, behind the app) moves it in or out of every list: the global
-- list, its author's, its tags' (through its links' own triggers) and the favorites lists.
CREATE OR REPLACE FUNCTION articles_hidden_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE article_tags SET article_hidden_at = coalesce(NEW.hidden_at, CASE WHEN NEW.status <> 'published' THEN NEW.created_at END) WHERE article_id = NEW.id;
  PERFORM cache_versions_stamp('list', 'author:' || NEW.author_id);
  PERFORM cache_versions_stamp(VARIADIC ARRAY(SELECT 'favs:' || user_id FROM favorites WHERE article_id = NEW.id));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER articles_hidden_versions ON articles;
--> statement-breakpoint
CREATE TRIGGER articles_hidden_versions AFTER UPDATE OF hidden_at, status ON articles FOR EACH ROW
  WHEN (OLD.hidden_at IS DISTINCT FROM NEW.hidden_at OR (OLD.status = 'published') IS DISTINCT FROM (NEW.status = 'published')) EXECUTE FUNCTION articles_hidden_versions();
--> statement-breakpoint
-- A reader's followed tags make up their feed with their follows: both move follows:<user>.
CREATE FUNCTION tag_follows_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cache_versions_stamp('follows:' || NEW.user_id);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM cache_versions_stamp('follows:' || OLD.user_id, 'follows:' || NEW.user_id);
  ELSE
    PERFORM cache_versions_stamp('follows:' || OLD.user_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER tag_follows_versions AFTER INSERT OR UPDATE OR DELETE ON tag_follows FOR EACH ROW EXECUTE FUNCTION tag_follows_versions();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER tag_follows_versions_flush AFTER INSERT OR UPDATE OR DELETE ON tag_follows DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_versions_flush();
