CREATE TABLE `user_controls` (
	`owner_id` integer NOT NULL,
	`target_id` integer NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`owner_id`, `kind`, `target_id`),
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "user_controls_not_self" CHECK("user_controls"."owner_id" <> "user_controls"."target_id"),
	CONSTRAINT "user_controls_kind_known" CHECK("user_controls"."kind" in ('block', 'mute'))
);
--> statement-breakpoint
CREATE INDEX `user_controls_target_idx` ON `user_controls` (`target_id`);--> statement-breakpoint
DROP INDEX `comments_author_idx`;--> statement-breakpoint
CREATE INDEX `comments_author_created_idx` ON `comments` (`author_id`,`created_at`);