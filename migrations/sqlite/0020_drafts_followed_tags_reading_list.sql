CREATE TABLE `saved_articles` (
	`user_id` integer NOT NULL,
	`article_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `article_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `saved_articles_user_created_idx` ON `saved_articles` (`user_id`,`created_at`,`article_id`);--> statement-breakpoint
CREATE INDEX `saved_articles_article_idx` ON `saved_articles` (`article_id`);--> statement-breakpoint
CREATE TABLE `tag_follows` (
	`user_id` integer NOT NULL,
	`tag_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `tag_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tag_follows_tag_idx` ON `tag_follows` (`tag_id`);--> statement-breakpoint
ALTER TABLE `articles` ADD `status` text DEFAULT 'published' NOT NULL;--> statement-breakpoint
ALTER TABLE `articles` ADD `publish_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `time_zone` text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
-- Written by hand from here on.
-- A draft or scheduled article is kept out of every list, tag page and tag count,
-- like a hidden one (0017): article_tags.article_hidden_at now holds whether its
-- article is withheld from everyone, hidden or not yet published (then its created_at).
DROP TRIGGER `article_tags_hidden_copied`;
--> statement-breakpoint
CREATE TRIGGER `article_tags_hidden_copied` AFTER INSERT ON `article_tags`
  WHEN NEW.article_hidden_at IS NOT (SELECT coalesce(`hidden_at`, CASE WHEN `status` <> 'published' THEN `created_at` END) FROM `articles` WHERE `id` = NEW.article_id)
BEGIN
  UPDATE `article_tags` SET `article_hidden_at` = (SELECT coalesce(`hidden_at`, CASE WHEN `status` <> 'published' THEN `created_at` END) FROM `articles` WHERE `id` = NEW.article_id)
    WHERE `article_id` = NEW.article_id AND `tag_id` = NEW.tag_id;
END;
--> statement-breakpoint
DROP TRIGGER `articles_hidden_versions`;
--> statement-breakpoint
-- Hiding, showing or publishing an article (or making it a draft again, behind the app) moves it in or out of every list: the global
-- list, its author's, its tags' (through its links' own triggers) and the favorites lists.
CREATE TRIGGER `articles_hidden_versions` AFTER UPDATE OF `hidden_at`, `status` ON `articles`
  WHEN OLD.hidden_at IS NOT NEW.hidden_at OR (OLD.status = 'published') IS NOT (NEW.status = 'published')
BEGIN
  UPDATE `article_tags` SET `article_hidden_at` = coalesce(NEW.hidden_at, CASE WHEN NEW.status <> 'published' THEN NEW.created_at END)
    WHERE `article_id` = NEW.id;
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('list'), ('author:' || NEW.author_id));
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'favs:' || `user_id`, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM `favorites` WHERE `article_id` = NEW.id;
END;
--> statement-breakpoint
-- A reader's followed tags make up their feed with their follows: both move follows:<user>.
CREATE TRIGGER `tag_follows_insert_versions` AFTER INSERT ON `tag_follows` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'follows:' || NEW.user_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE TRIGGER `tag_follows_update_versions` AFTER UPDATE ON `tag_follows` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('follows:' || OLD.user_id), ('follows:' || NEW.user_id));
END;
--> statement-breakpoint
CREATE TRIGGER `tag_follows_delete_versions` AFTER DELETE ON `tag_follows` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'follows:' || OLD.user_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
