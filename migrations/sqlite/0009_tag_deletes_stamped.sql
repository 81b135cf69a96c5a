-- Deleting a tag changes the tag lists and which names are tags, even when
-- no article has it (one that has it also stamps through its links' own
-- triggers). The app never deletes tags; plain SQL behind it may.
CREATE TRIGGER `tags_delete_versions` AFTER DELETE ON `tags` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('tags'), ('tag:' || OLD.id));
END;
