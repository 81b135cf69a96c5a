-- Stamps taken at commit, not at the first write (see 0001 for why stamps
-- must commit in order). 0001 took the ordering lock at a transaction's first
-- stamp and held it until its commit, across every round trip the app made
-- in between, so concurrent writers queued behind one another's network
-- latency. Now the row triggers only note the scopes, and a deferred
-- constraint trigger, which runs as the transaction commits, takes the lock,
-- draws the next stamp from a sequence and writes them. The lock is held for
-- the commit alone. A sequence rather than max(seq) + 1: under the lock it
-- gives commit order too, and it needs no fresh snapshot, so it is right in
-- any isolation level.
--
-- Servers still on 0001 may be stamping while this runs: take their lock, so
-- the sequence starts after every stamp they can commit.
SELECT pg_advisory_xact_lock(7301205115);
--> statement-breakpoint
CREATE SEQUENCE cache_versions_clock;
--> statement-breakpoint
SELECT setval('cache_versions_clock', coalesce((SELECT max(seq) FROM cache_versions), 0) + 1, false);
--> statement-breakpoint
-- The scopes each open transaction has touched, until it commits. A table rather
-- than a string in a setting: a transaction that writes a million rows (a site
-- being copied in) notes each scope once, instead of copying an ever longer
-- string per row. Unlogged: after a crash no open transaction is left to need it.
CREATE UNLOGGED TABLE cache_versions_pending (
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  scope text NOT NULL,
  PRIMARY KEY (txid, scope)
);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION cache_versions_stamp(VARIADIC scopes text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO cache_versions_pending (scope) SELECT s FROM unnest(scopes) AS s WHERE s IS NOT NULL ON CONFLICT DO NOTHING;
  PERFORM set_config('conduit.stamps_pending', 'yes', true);
END;
$$;
--> statement-breakpoint
CREATE FUNCTION cache_versions_flush() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  next_seq bigint;
BEGIN
  -- Every row written queues one of these; the first does the work, the rest find nothing to do.
  IF current_setting('conduit.stamps_pending', true) IS DISTINCT FROM 'yes' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('conduit.stamps_pending', '', true);
  PERFORM pg_advisory_xact_lock(7301205115);
  next_seq := nextval('cache_versions_clock');
  INSERT INTO cache_versions (scope, seq)
    SELECT scope, next_seq FROM cache_versions_pending WHERE txid = pg_current_xact_id()
    ON CONFLICT (scope) DO UPDATE SET seq = excluded.seq;
  DELETE FROM cache_versions_pending WHERE txid = pg_current_xact_id();
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER articles_versions_flush AFTER INSERT OR UPDATE OR DELETE ON articles DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_versions_flush();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER article_tags_versions_flush AFTER INSERT OR UPDATE OR DELETE ON article_tags DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_versions_flush();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER tags_versions_flush AFTER INSERT OR UPDATE ON tags DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_versions_flush();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER favorites_versions_flush AFTER INSERT OR DELETE ON favorites DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_versions_flush();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER follows_versions_flush AFTER INSERT OR DELETE ON follows DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_versions_flush();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER comments_versions_flush AFTER INSERT OR UPDATE OR DELETE ON comments DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_versions_flush();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER users_versions_flush AFTER INSERT OR UPDATE OR DELETE ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_versions_flush();
