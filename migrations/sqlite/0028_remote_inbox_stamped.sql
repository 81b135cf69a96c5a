-- What the fediverse writes shows on the article page, a cached page (0003):
-- a remote favorite or boost moves article:<id> (its counts), a remote reply
-- moves comments:<article id>, and a remote account's new name or avatar moves
-- the comments of every article it replied to. An account deleted takes its
-- reactions and replies with it (cascades), whose own triggers stamp.
CREATE TRIGGER `remote_reactions_insert_versions` AFTER INSERT ON `remote_reactions` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'article:' || NEW.article_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE TRIGGER `remote_reactions_update_versions` AFTER UPDATE ON `remote_reactions` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('article:' || OLD.article_id), ('article:' || NEW.article_id));
END;
--> statement-breakpoint
CREATE TRIGGER `remote_reactions_delete_versions` AFTER DELETE ON `remote_reactions` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'article:' || OLD.article_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE TRIGGER `remote_comments_insert_versions` AFTER INSERT ON `remote_comments` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'comments:' || NEW.article_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE TRIGGER `remote_comments_update_versions` AFTER UPDATE ON `remote_comments` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('comments:' || OLD.article_id), ('comments:' || NEW.article_id));
END;
--> statement-breakpoint
CREATE TRIGGER `remote_comments_delete_versions` AFTER DELETE ON `remote_comments` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'comments:' || OLD.article_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE TRIGGER `remote_actors_update_versions` AFTER UPDATE ON `remote_actors` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT DISTINCT 'comments:' || `article_id`, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM `remote_comments` WHERE `actor_id` IN (OLD.id, NEW.id);
END;
