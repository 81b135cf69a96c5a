-- Only comments and mentions name a comment, and follows no article: the other notifications now write
-- no entry in these two indexes. The cascades and withdrawals (comment_id = ?, article_id = ?) still use
-- them: docs/decisions/0032, note of 2026-12-07 (2).
DROP INDEX "notifications_article_idx";--> statement-breakpoint
DROP INDEX "notifications_comment_idx";--> statement-breakpoint
CREATE INDEX "notifications_article_idx" ON "notifications" USING btree ("article_id") WHERE "notifications"."article_id" is not null;--> statement-breakpoint
CREATE INDEX "notifications_comment_idx" ON "notifications" USING btree ("comment_id") WHERE "notifications"."comment_id" is not null;