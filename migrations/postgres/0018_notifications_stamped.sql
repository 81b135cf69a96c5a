-- A user's notifications show in the navbar's unread count on every page
-- they see, kept in memory per process: every write to notifications moves
-- inbox:<recipient id>, noted by a row trigger and stamped at commit, as for
-- the other tables (0001 and 0002).
CREATE FUNCTION notifications_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cache_versions_stamp('inbox:' || NEW.recipient_id);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM cache_versions_stamp('inbox:' || OLD.recipient_id, 'inbox:' || NEW.recipient_id);
  ELSE
    PERFORM cache_versions_stamp('inbox:' || OLD.recipient_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER notifications_versions AFTER INSERT OR UPDATE OR DELETE ON notifications FOR EACH ROW EXECUTE FUNCTION notifications_versions();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER notifications_versions_flush AFTER INSERT OR UPDATE OR DELETE ON notifications DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_versions_flush();
