-- A notification's actor is a user or a fediverse account (with its reply): docs/decisions/0056.
-- actor_id loses NOT NULL, which on SQLite rebuilds the table. Edited by hand after drizzle-kit:
-- the copy names the new columns as NULL (the old table has none), the expression index is written
-- as 0021 wrote it, and the rebuild's dropped triggers (0022: inbox:<recipient> on every write) are
-- made again at the end.
-- Also: moderators' /moderation lists every article's waiting fediverse replies, oldest first: docs/decisions/0058.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recipient_id` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_id` integer,
	`article_id` integer,
	`comment_id` integer,
	`created_at` integer NOT NULL,
	`read_at` integer,
	`remote_actor_id` integer,
	`remote_comment_id` integer,
	FOREIGN KEY (`recipient_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`remote_actor_id`) REFERENCES `remote_actors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`remote_comment_id`) REFERENCES `remote_comments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "notifications_kind_known" CHECK("__new_notifications"."kind" in ('follow', 'favorite', 'comment', 'mention', 'publication')),
	CONSTRAINT "notifications_one_actor" CHECK(("__new_notifications"."actor_id" is null) <> ("__new_notifications"."remote_actor_id" is null)),
	CONSTRAINT "notifications_remote_with_reply" CHECK(("__new_notifications"."remote_actor_id" is null) = ("__new_notifications"."remote_comment_id" is null))
);
--> statement-breakpoint
INSERT INTO `__new_notifications`("id", "recipient_id", "kind", "actor_id", "article_id", "comment_id", "created_at", "read_at", "remote_actor_id", "remote_comment_id") SELECT "id", "recipient_id", "kind", "actor_id", "article_id", "comment_id", "created_at", "read_at", NULL, NULL FROM `notifications`;--> statement-breakpoint
DROP TABLE `notifications`;--> statement-breakpoint
ALTER TABLE `__new_notifications` RENAME TO `notifications`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_event_unique` ON `notifications` (`recipient_id`,`kind`,`actor_id`,coalesce("article_id", 0),coalesce("comment_id", 0));--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`recipient_id`) WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX `notifications_actor_idx` ON `notifications` (`actor_id`);--> statement-breakpoint
CREATE INDEX `notifications_article_idx` ON `notifications` (`article_id`) WHERE "notifications"."article_id" is not null;--> statement-breakpoint
CREATE INDEX `notifications_comment_idx` ON `notifications` (`comment_id`) WHERE "notifications"."comment_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_remote_event_unique` ON `notifications` (`remote_comment_id`,`recipient_id`,`kind`) WHERE "notifications"."remote_comment_id" is not null;--> statement-breakpoint
CREATE INDEX `notifications_remote_actor_idx` ON `notifications` (`remote_actor_id`) WHERE "notifications"."remote_actor_id" is not null;--> statement-breakpoint
ALTER TABLE `remote_comments` ADD `mentioned_user_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
CREATE TRIGGER `notifications_insert_versions` AFTER INSERT ON `notifications` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'inbox:' || NEW.recipient_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE TRIGGER `notifications_update_versions` AFTER UPDATE ON `notifications` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('inbox:' || OLD.recipient_id), ('inbox:' || NEW.recipient_id));
END;
--> statement-breakpoint
CREATE TRIGGER `notifications_delete_versions` AFTER DELETE ON `notifications` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'inbox:' || OLD.recipient_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE INDEX `remote_comments_waiting_idx` ON `remote_comments` (`created_at`) WHERE "remote_comments"."approved_at" is null;
