-- Whom a user blocks or mutes changes what that user's lists and comment
-- pages show them: every write to user_controls moves controls:<owner id>,
-- noted by a row trigger and stamped at commit, as for the other tables
-- (0001 and 0002).
CREATE FUNCTION user_controls_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cache_versions_stamp('controls:' || NEW.owner_id);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM cache_versions_stamp('controls:' || OLD.owner_id, 'controls:' || NEW.owner_id);
  ELSE
    PERFORM cache_versions_stamp('controls:' || OLD.owner_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER user_controls_versions AFTER INSERT OR UPDATE OR DELETE ON user_controls FOR EACH ROW EXECUTE FUNCTION user_controls_versions();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER user_controls_versions_flush AFTER INSERT OR UPDATE OR DELETE ON user_controls DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_versions_flush();
