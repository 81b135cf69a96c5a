CREATE TABLE `remote_actors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uri` text NOT NULL,
	`handle` text NOT NULL,
	`name` text,
	`avatar_url` text,
	`profile_url` text,
	`host` text NOT NULL,
	`fetched_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `remote_actors_uri_unique` ON `remote_actors` (`uri`);--> statement-breakpoint
CREATE TABLE `remote_approvals` (
	`user_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `actor_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `remote_actors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `remote_approvals_actor_idx` ON `remote_approvals` (`actor_id`);--> statement-breakpoint
CREATE TABLE `remote_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	`note_uri` text NOT NULL,
	`content` text NOT NULL,
	`url` text,
	`approved_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `remote_actors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `remote_comments_note_unique` ON `remote_comments` (`note_uri`);--> statement-breakpoint
CREATE INDEX `remote_comments_article_created_idx` ON `remote_comments` (`article_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `remote_comments_actor_idx` ON `remote_comments` (`actor_id`);--> statement-breakpoint
CREATE TABLE `remote_reactions` (
	`article_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	`kind` text NOT NULL,
	`activity_id` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`article_id`, `actor_id`, `kind`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `remote_actors`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "remote_reactions_kind_known" CHECK("remote_reactions"."kind" in ('like', 'announce'))
);
--> statement-breakpoint
CREATE INDEX `remote_reactions_actor_idx` ON `remote_reactions` (`actor_id`);