ALTER TABLE `tags` ADD `uses` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `tags_popular_idx` ON `tags` (`uses`,`created_at`,`id`);