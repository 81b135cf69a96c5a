DROP INDEX "article_tags_tag_created_idx";--> statement-breakpoint
DROP INDEX "articles_created_idx";--> statement-breakpoint
ALTER TABLE "article_tags" ADD COLUMN "article_hidden_at" bigint;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "hidden_at" bigint;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "hidden_at" bigint;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
CREATE INDEX "article_tags_tag_created_idx" ON "article_tags" USING btree ("tag_id","article_created_at","article_id") WHERE "article_tags"."article_hidden_at" is null;--> statement-breakpoint
CREATE INDEX "articles_created_idx" ON "articles" USING btree ("created_at","id") WHERE "articles"."hidden_at" is null;