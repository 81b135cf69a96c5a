-- A notification's actor is a user or a fediverse account (with its reply): docs/decisions/0056.
-- Also: moderators' /moderation lists every article's waiting fediverse replies, oldest first: docs/decisions/0058.
ALTER TABLE "notifications" ALTER COLUMN "actor_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "remote_actor_id" integer;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "remote_comment_id" integer;--> statement-breakpoint
ALTER TABLE "remote_comments" ADD COLUMN "mentioned_user_ids" text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_remote_actor_id_remote_actors_id_fk" FOREIGN KEY ("remote_actor_id") REFERENCES "public"."remote_actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_remote_comment_id_remote_comments_id_fk" FOREIGN KEY ("remote_comment_id") REFERENCES "public"."remote_comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_remote_event_unique" ON "notifications" USING btree ("remote_comment_id","recipient_id","kind") WHERE "notifications"."remote_comment_id" is not null;--> statement-breakpoint
CREATE INDEX "notifications_remote_actor_idx" ON "notifications" USING btree ("remote_actor_id") WHERE "notifications"."remote_actor_id" is not null;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_one_actor" CHECK (("notifications"."actor_id" is null) <> ("notifications"."remote_actor_id" is null));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_remote_with_reply" CHECK (("notifications"."remote_actor_id" is null) = ("notifications"."remote_comment_id" is null));--> statement-breakpoint
CREATE INDEX "remote_comments_waiting_idx" ON "remote_comments" USING btree ("created_at") WHERE "remote_comments"."approved_at" is null;
