DROP INDEX `article_tags_tag_idx`;--> statement-breakpoint
ALTER TABLE `article_tags` ADD `article_created_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `article_tags_tag_created_idx` ON `article_tags` (`tag_id`,`article_created_at`,`article_id`);--> statement-breakpoint
-- Written by hand: fill the new column for rows that existed before it.
UPDATE `article_tags` SET `article_created_at` = (SELECT `created_at` FROM `articles` WHERE `articles`.`id` = `article_tags`.`article_id`);
