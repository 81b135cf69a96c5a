-- A second, small FTS5 index over the titles and descriptions alone, to rank
-- search results by (docs/decisions/0037). Ranking with bm25 on the whole
-- index (0013) walked every article's entry for each searched word to weigh
-- it, and the bodies' positions for each of the 1 000 ranked matches: most of
-- a search's time. Matches are still found in `article_search`; this one
-- only says which of them hold the words in their title or description, and
-- its entries are short. External-content and kept by triggers, as 0013's;
-- only a change to the title or the description re-indexes it.
CREATE VIRTUAL TABLE `article_heads` USING fts5(
  `title`, `description`,
  content = 'articles', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `article_heads` (`article_heads`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `article_heads_insert` AFTER INSERT ON `articles` BEGIN
  INSERT INTO `article_heads` (`rowid`, `title`, `description`) VALUES (NEW.id, NEW.title, NEW.description);
END;
--> statement-breakpoint
CREATE TRIGGER `article_heads_delete` AFTER DELETE ON `articles` BEGIN
  INSERT INTO `article_heads` (`article_heads`, `rowid`, `title`, `description`) VALUES ('delete', OLD.id, OLD.title, OLD.description);
END;
--> statement-breakpoint
CREATE TRIGGER `article_heads_update` AFTER UPDATE OF `id`, `title`, `description` ON `articles`
  WHEN OLD.id IS NOT NEW.id OR OLD.title IS NOT NEW.title OR OLD.description IS NOT NEW.description
BEGIN
  INSERT INTO `article_heads` (`article_heads`, `rowid`, `title`, `description`) VALUES ('delete', OLD.id, OLD.title, OLD.description);
  INSERT INTO `article_heads` (`rowid`, `title`, `description`) VALUES (NEW.id, NEW.title, NEW.description);
END;
