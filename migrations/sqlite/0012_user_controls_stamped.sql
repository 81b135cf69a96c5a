-- Whom a user blocks or mutes changes what that user's lists and comment
-- pages show them: every write to user_controls moves controls:<owner id>,
-- inside the writing transaction, as 0003's triggers do for the other tables.
CREATE TRIGGER `user_controls_insert_versions` AFTER INSERT ON `user_controls` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'controls:' || NEW.owner_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE TRIGGER `user_controls_update_versions` AFTER UPDATE ON `user_controls` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('controls:' || OLD.owner_id), ('controls:' || NEW.owner_id));
END;
--> statement-breakpoint
CREATE TRIGGER `user_controls_delete_versions` AFTER DELETE ON `user_controls` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'controls:' || OLD.owner_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
