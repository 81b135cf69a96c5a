-- A user's notifications show in the navbar's unread count on every page
-- they see, kept in memory per process: every write to notifications moves
-- inbox:<recipient id>, inside the writing transaction, as 0003's triggers
-- do for the other tables.
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
