-- articles.favorites_count counts each article's favorites, kept in step by
-- the database as tags.uses is (0005): no write path counts by hand, and a
-- favorite removed by a cascade (an account deleted) or by plain SQL behind
-- the app is counted too. Each count's update moves the article's version
-- (0003), as the app's own update did.
UPDATE `articles` SET `favorites_count` = (SELECT count(*) FROM `favorites` WHERE `article_id` = `articles`.`id`);
--> statement-breakpoint
CREATE TRIGGER `favorites_insert_count` AFTER INSERT ON `favorites` BEGIN
  UPDATE `articles` SET `favorites_count` = `favorites_count` + 1 WHERE `id` = NEW.article_id;
END;
--> statement-breakpoint
CREATE TRIGGER `favorites_delete_count` AFTER DELETE ON `favorites` BEGIN
  UPDATE `articles` SET `favorites_count` = `favorites_count` - 1 WHERE `id` = OLD.article_id;
END;
--> statement-breakpoint
CREATE TRIGGER `favorites_update_count` AFTER UPDATE OF `article_id` ON `favorites` BEGIN
  UPDATE `articles` SET `favorites_count` = `favorites_count` - 1 WHERE `id` = OLD.article_id;
  UPDATE `articles` SET `favorites_count` = `favorites_count` + 1 WHERE `id` = NEW.article_id;
END;
