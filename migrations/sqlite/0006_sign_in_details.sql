ALTER TABLE `api_tokens` ADD `last_used_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `last_used_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `signed_in_at` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `user_agent` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `address` text;--> statement-breakpoint
-- Hand-written: sessions and tokens from before this migration count as used now, so the idle
-- timeout does not end them all at once; their 30-day absolute lifetime still applies.
UPDATE `api_tokens` SET `last_used_at` = CAST(unixepoch('subsec') * 1000 AS INTEGER);--> statement-breakpoint
UPDATE `sessions` SET `last_used_at` = CAST(unixepoch('subsec') * 1000 AS INTEGER);
