CREATE TABLE `failing_remotes` (
	`host` text PRIMARY KEY NOT NULL,
	`first_failed_at` integer NOT NULL,
	`last_failed_at` integer NOT NULL
);
