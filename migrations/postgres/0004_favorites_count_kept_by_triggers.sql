-- articles.favorites_count counts each article's favorites, kept in step by
-- the database as tags.uses is (0003): no write path counts by hand, and a
-- favorite removed by a cascade (an account deleted) or by plain SQL behind
-- the app is counted too. Per statement, like tags.uses: a copy inserting
-- many favorites updates each article once per statement, not once per row.
-- Each count's update moves the article's version (0001), as the app's own
-- update did.
UPDATE articles SET favorites_count = counted.n
  FROM (SELECT articles.id, count(favorites.article_id) AS n FROM articles LEFT JOIN favorites ON favorites.article_id = articles.id GROUP BY articles.id) AS counted
  WHERE articles.id = counted.id AND articles.favorites_count <> counted.n;
--> statement-breakpoint
CREATE FUNCTION favorites_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE articles SET favorites_count = articles.favorites_count - gone.n
      FROM (SELECT article_id, count(*) AS n FROM old_favorites GROUP BY article_id) AS gone
      WHERE articles.id = gone.article_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE articles SET favorites_count = articles.favorites_count + added.n
      FROM (SELECT article_id, count(*) AS n FROM new_favorites GROUP BY article_id) AS added
      WHERE articles.id = added.article_id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER favorites_count_insert AFTER INSERT ON favorites REFERENCING NEW TABLE AS new_favorites FOR EACH STATEMENT EXECUTE FUNCTION favorites_count();
--> statement-breakpoint
CREATE TRIGGER favorites_count_update AFTER UPDATE ON favorites REFERENCING OLD TABLE AS old_favorites NEW TABLE AS new_favorites FOR EACH STATEMENT EXECUTE FUNCTION favorites_count();
--> statement-breakpoint
CREATE TRIGGER favorites_count_delete AFTER DELETE ON favorites REFERENCING OLD TABLE AS old_favorites FOR EACH STATEMENT EXECUTE FUNCTION favorites_count();
