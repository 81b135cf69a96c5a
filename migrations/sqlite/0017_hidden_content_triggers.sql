-- Hidden articles (0016) leave every list, tag page and tag count, whoever
-- hides them: the app, or plain SQL behind it.
-- article_tags.article_hidden_at is a copy of its article's hidden_at, kept here:
-- a new link takes its article's, and hiding or showing an article updates its links.
CREATE TRIGGER `article_tags_hidden_copied` AFTER INSERT ON `article_tags`
  WHEN NEW.article_hidden_at IS NOT (SELECT `hidden_at` FROM `articles` WHERE `id` = NEW.article_id)
BEGIN
  UPDATE `article_tags` SET `article_hidden_at` = (SELECT `hidden_at` FROM `articles` WHERE `id` = NEW.article_id)
    WHERE `article_id` = NEW.article_id AND `tag_id` = NEW.tag_id;
END;
--> statement-breakpoint
-- Hiding or showing an article moves it in or out of every list: the global list, its
-- author's, its tags' (through its links' own triggers) and the favorites lists of
-- everyone who favorited it.
CREATE TRIGGER `articles_hidden_versions` AFTER UPDATE OF `hidden_at` ON `articles`
  WHEN OLD.hidden_at IS NOT NEW.hidden_at
BEGIN
  UPDATE `article_tags` SET `article_hidden_at` = NEW.hidden_at WHERE `article_id` = NEW.id;
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('list'), ('author:' || NEW.author_id));
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'favs:' || `user_id`, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM `favorites` WHERE `article_id` = NEW.id;
END;
--> statement-breakpoint
-- tags.uses counts the links of articles everyone sees (0005 counted every link).
DROP TRIGGER `article_tags_insert_uses`;
--> statement-breakpoint
DROP TRIGGER `article_tags_delete_uses`;
--> statement-breakpoint
DROP TRIGGER `article_tags_update_uses`;
--> statement-breakpoint
CREATE TRIGGER `article_tags_insert_uses` AFTER INSERT ON `article_tags` WHEN NEW.article_hidden_at IS NULL BEGIN
  UPDATE `tags` SET `uses` = `uses` + 1 WHERE `id` = NEW.tag_id;
END;
--> statement-breakpoint
CREATE TRIGGER `article_tags_delete_uses` AFTER DELETE ON `article_tags` WHEN OLD.article_hidden_at IS NULL BEGIN
  UPDATE `tags` SET `uses` = `uses` - 1 WHERE `id` = OLD.tag_id;
END;
--> statement-breakpoint
CREATE TRIGGER `article_tags_update_uses` AFTER UPDATE OF `tag_id`, `article_hidden_at` ON `article_tags` BEGIN
  UPDATE `tags` SET `uses` = `uses` - 1 WHERE `id` = OLD.tag_id AND OLD.article_hidden_at IS NULL;
  UPDATE `tags` SET `uses` = `uses` + 1 WHERE `id` = NEW.tag_id AND NEW.article_hidden_at IS NULL;
END;
