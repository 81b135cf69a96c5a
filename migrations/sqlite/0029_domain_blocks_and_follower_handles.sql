CREATE TABLE `domain_blocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`domain` text NOT NULL,
	`blocked_by` integer,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`blocked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `domain_blocks_domain_unique` ON `domain_blocks` (`domain`);--> statement-breakpoint
ALTER TABLE `remote_followers` ADD `handle` text;--> statement-breakpoint
ALTER TABLE `remote_followers` ADD `url` text;