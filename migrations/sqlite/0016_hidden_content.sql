DROP INDEX `article_tags_tag_created_idx`;--> statement-breakpoint
ALTER TABLE `article_tags` ADD `article_hidden_at` integer;--> statement-breakpoint
CREATE INDEX `article_tags_tag_created_idx` ON `article_tags` (`tag_id`,`article_created_at`,`article_id`) WHERE "article_tags"."article_hidden_at" is null;--> statement-breakpoint
DROP INDEX `articles_created_idx`;--> statement-breakpoint
ALTER TABLE `articles` ADD `hidden_at` integer;--> statement-breakpoint
ALTER TABLE `articles` ADD `hidden_reason` text;--> statement-breakpoint
CREATE INDEX `articles_created_idx` ON `articles` (`created_at`,`id`) WHERE "articles"."hidden_at" is null;--> statement-breakpoint
ALTER TABLE `comments` ADD `hidden_at` integer;--> statement-breakpoint
ALTER TABLE `comments` ADD `hidden_reason` text;