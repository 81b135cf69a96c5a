-- tags.uses counts the articles that have each tag, kept in step with
-- article_tags by triggers (so writes behind the app keep it too).
UPDATE `tags` SET `uses` = (SELECT count(*) FROM `article_tags` WHERE `tag_id` = `tags`.`id`);
--> statement-breakpoint
CREATE TRIGGER `article_tags_insert_uses` AFTER INSERT ON `article_tags` BEGIN
  UPDATE `tags` SET `uses` = `uses` + 1 WHERE `id` = NEW.tag_id;
END;
--> statement-breakpoint
CREATE TRIGGER `article_tags_delete_uses` AFTER DELETE ON `article_tags` BEGIN
  UPDATE `tags` SET `uses` = `uses` - 1 WHERE `id` = OLD.tag_id;
END;
--> statement-breakpoint
CREATE TRIGGER `article_tags_update_uses` AFTER UPDATE OF `tag_id` ON `article_tags` BEGIN
  UPDATE `tags` SET `uses` = `uses` - 1 WHERE `id` = OLD.tag_id;
  UPDATE `tags` SET `uses` = `uses` + 1 WHERE `id` = NEW.tag_id;
END;
--> statement-breakpoint
-- Only a new name shows on articles: counting uses must not stamp every article with the tag.
DROP TRIGGER `tags_update_versions`;
--> statement-breakpoint
CREATE TRIGGER `tags_update_versions` AFTER UPDATE OF `name` ON `tags` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('tags'), ('tag:' || OLD.id), ('tag:' || NEW.id));
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'article:' || `article_id`, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM `article_tags` WHERE `tag_id` = NEW.id;
END;
