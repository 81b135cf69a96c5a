CREATE TABLE "user_controls" (
	"owner_id" integer NOT NULL,
	"target_id" integer NOT NULL,
	"kind" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "user_controls_owner_id_kind_target_id_pk" PRIMARY KEY("owner_id","kind","target_id"),
	CONSTRAINT "user_controls_not_self" CHECK ("user_controls"."owner_id" <> "user_controls"."target_id"),
	CONSTRAINT "user_controls_kind_known" CHECK ("user_controls"."kind" in ('block', 'mute'))
);
--> statement-breakpoint
DROP INDEX "comments_author_idx";--> statement-breakpoint
ALTER TABLE "user_controls" ADD CONSTRAINT "user_controls_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_controls" ADD CONSTRAINT "user_controls_target_id_users_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_controls_target_idx" ON "user_controls" USING btree ("target_id");--> statement-breakpoint
CREATE INDEX "comments_author_created_idx" ON "comments" USING btree ("author_id","created_at");