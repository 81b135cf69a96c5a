-- Every write that changes what a reader can see moves the versions of the
-- scopes it touches, inside the writing transaction. Triggers, not app code,
-- so that writes made with plain SQL behind the app move them too.
-- Scopes: list (which articles exist, and their order), author:<user id> and
-- tag:<tag id> (those lists), article:<id> (one article's fields, counts and
-- tags), tags (the tag lists), favs:<user id> and follows:<user id> (one
-- reader's favorites and follows), comments:<article id>, user:<id> (a
-- profile's fields), usernames (which names exist).
-- seq is one clock over all scopes: max + 1, taken under SQLite's write lock.
CREATE TRIGGER `articles_insert_versions` AFTER INSERT ON `articles` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('list'), ('author:' || NEW.author_id));
END;
--> statement-breakpoint
CREATE TRIGGER `articles_update_versions` AFTER UPDATE ON `articles` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('article:' || OLD.id), ('article:' || NEW.id));
  -- A new date or author moves the article within lists (never done by the app).
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('list'), ('author:' || OLD.author_id), ('author:' || NEW.author_id))
    WHERE OLD.created_at IS NOT NEW.created_at OR OLD.author_id IS NOT NEW.author_id OR OLD.id IS NOT NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `articles_delete_versions` AFTER DELETE ON `articles` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('list'), ('author:' || OLD.author_id), ('article:' || OLD.id));
END;
--> statement-breakpoint
CREATE TRIGGER `article_tags_insert_versions` AFTER INSERT ON `article_tags` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('tags'), ('tag:' || NEW.tag_id), ('article:' || NEW.article_id));
END;
--> statement-breakpoint
CREATE TRIGGER `article_tags_update_versions` AFTER UPDATE ON `article_tags` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('tags'), ('tag:' || OLD.tag_id), ('tag:' || NEW.tag_id), ('article:' || OLD.article_id), ('article:' || NEW.article_id));
END;
--> statement-breakpoint
CREATE TRIGGER `article_tags_delete_versions` AFTER DELETE ON `article_tags` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('tags'), ('tag:' || OLD.tag_id), ('article:' || OLD.article_id));
END;
--> statement-breakpoint
CREATE TRIGGER `tags_insert_versions` AFTER INSERT ON `tags` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'tags', coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
-- A renamed tag shows on every article that has it.
CREATE TRIGGER `tags_update_versions` AFTER UPDATE ON `tags` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('tags'), ('tag:' || OLD.id), ('tag:' || NEW.id));
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'article:' || `article_id`, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM `article_tags` WHERE `tag_id` = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `favorites_insert_versions` AFTER INSERT ON `favorites` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'favs:' || NEW.user_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE TRIGGER `favorites_delete_versions` AFTER DELETE ON `favorites` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'favs:' || OLD.user_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE TRIGGER `follows_insert_versions` AFTER INSERT ON `follows` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'follows:' || NEW.follower_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE TRIGGER `follows_delete_versions` AFTER DELETE ON `follows` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'follows:' || OLD.follower_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE TRIGGER `comments_insert_versions` AFTER INSERT ON `comments` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'comments:' || NEW.article_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE TRIGGER `comments_update_versions` AFTER UPDATE ON `comments` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('comments:' || OLD.article_id), ('comments:' || NEW.article_id));
END;
--> statement-breakpoint
CREATE TRIGGER `comments_delete_versions` AFTER DELETE ON `comments` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'comments:' || OLD.article_id, coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE TRIGGER `users_insert_versions` AFTER INSERT ON `users` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'usernames', coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
--> statement-breakpoint
CREATE TRIGGER `users_update_versions` AFTER UPDATE ON `users` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('user:' || OLD.id), ('user:' || NEW.id));
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('usernames'))
    WHERE OLD.username IS NOT NEW.username OR OLD.id IS NOT NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `users_delete_versions` AFTER DELETE ON `users` BEGIN
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT column1, (SELECT coalesce(max(`seq`), 0) + 1 FROM `cache_versions`)
    FROM (VALUES ('user:' || OLD.id), ('usernames'));
END;
