-- Every notification written or withdrawn updates each of its indexes inside the request's
-- transaction. (recipient_id, created_at, id) served no query the unique index (recipient first)
-- and the unread partial index do not: docs/decisions/0032, 2026-12-07 note.
DROP INDEX "notifications_recipient_created_idx";
