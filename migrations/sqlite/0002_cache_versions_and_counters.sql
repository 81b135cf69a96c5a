CREATE TABLE `cache_versions` (
	`scope` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cache_versions_seq_idx` ON `cache_versions` (`seq`);--> statement-breakpoint
CREATE TABLE `counters` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`reset_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `counters_reset_idx` ON `counters` (`reset_at`);