-- Stamps taken at commit, not at the first write (see 0001 for why stamps
-- must commit in order). 0001 took the ordering lock at a transaction's first
-- stamp and held it until its commit, across every round trip the app made
-- in between, so concurrent writers queued behind one another's network
-- latency. Now the row triggers only note the scopes, in a transaction-local
-- setting; a deferred constraint trigger, which runs as the transaction
-- commits, takes the lock, draws the next stamp from a sequence and writes
-- them. The lock is held for the commit alone. A sequence rather than
-- max(seq) + 1: under the lock it gives commit order too, and it needs no
-- fresh snapshot, so it is right in any isolation level.
CREATE SEQUENCE cache_versions_clock;
--> statement-breakpoint
SELECT setval('cache_versions_clock', coalesce((SELECT max(seq) FROM cache_versions), 0) + 1, false);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION cache_versions_stamp(VARIADIC scopes text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Scope names never contain a newline; the flush splits on it.
  PERFORM set_config(
    'conduit.pending_scopes',
    coalesce(current_setting('conduit.pending_scopes', true), '') || array_to_string(scopes, E'\n') || E'\n',
    true
  );
END;
$$;
--> statement-breakpoint
CREATE FUNCTION cache_versions_flush() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pending text := current_setting('conduit.pending_scopes', true);
  next_seq bigint;
BEGIN
  -- Every row written queues one of these; the first does the work, the rest find nothing.
  IF pending IS NULL OR pending = '' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('conduit.pending_scopes', '', true);
  PERFORM pg_advisory_xact_lock(7301205115);
  next_seq := nextval('cache_versions_clock');
  INSERT INTO cache_versions (scope, seq)
    SELECT DISTINCT scope, next_seq FROM unnest(string_to_array(pending, E'\n')) AS scope WHERE scope <> ''
    ON CONFLICT (scope) DO UPDATE SET seq = excluded.seq;
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
