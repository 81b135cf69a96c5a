-- Full-text search over articles (docs/decisions/0018): an FTS5 index on
-- title, description and body, external-content (it reads the text from
-- `articles`, so the text is not stored twice), kept by triggers so any write
-- keeps it in step, a cascade from a deleted account included. Only a change
-- to the indexed text re-indexes: a favorite, which updates the same row's
-- favorites_count (0008), names none of these columns and so fires nothing.
-- An edit also stamps `search`, which every kept search result depends on;
-- inserts and deletes already stamp `list` (0003).
CREATE VIRTUAL TABLE `article_search` USING fts5(
  `title`, `description`, `body`,
  content = 'articles', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `article_search` (`article_search`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `article_search_insert` AFTER INSERT ON `articles` BEGIN
  INSERT INTO `article_search` (`rowid`, `title`, `description`, `body`) VALUES (NEW.id, NEW.title, NEW.description, NEW.body);
END;
--> statement-breakpoint
CREATE TRIGGER `article_search_delete` AFTER DELETE ON `articles` BEGIN
  INSERT INTO `article_search` (`article_search`, `rowid`, `title`, `description`, `body`) VALUES ('delete', OLD.id, OLD.title, OLD.description, OLD.body);
END;
--> statement-breakpoint
CREATE TRIGGER `article_search_update` AFTER UPDATE OF `id`, `title`, `description`, `body` ON `articles`
  WHEN OLD.id IS NOT NEW.id OR OLD.title IS NOT NEW.title OR OLD.description IS NOT NEW.description OR OLD.body IS NOT NEW.body
BEGIN
  INSERT INTO `article_search` (`article_search`, `rowid`, `title`, `description`, `body`) VALUES ('delete', OLD.id, OLD.title, OLD.description, OLD.body);
  INSERT INTO `article_search` (`rowid`, `title`, `description`, `body`) VALUES (NEW.id, NEW.title, NEW.description, NEW.body);
  INSERT OR REPLACE INTO `cache_versions` (`scope`, `seq`)
    SELECT 'search', coalesce(max(`seq`), 0) + 1 FROM `cache_versions`;
END;
