CREATE TABLE `moderation_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` integer,
	`actor_name` text NOT NULL,
	`action` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` integer NOT NULL,
	`target_label` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `moderation_log_created_idx` ON `moderation_log` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `moderation_log_target_idx` ON `moderation_log` (`target_type`,`target_id`,`created_at`);--> statement-breakpoint
-- Hand-written: drizzle-kit rebuilt `users` to add the check, and dropping it inside the
-- migrator's transaction would cascade to every article, session and token (ARCHITECTURE's
-- traps) and lose its triggers. SQLite adds a column with its check in place.
ALTER TABLE `users` ADD `role` text DEFAULT 'member' NOT NULL CONSTRAINT "users_role_known" CHECK(`role` in ('member', 'moderator', 'admin'));
