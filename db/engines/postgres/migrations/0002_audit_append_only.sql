-- The audit log is append-only, as on SQLite (db/migrations 0004 and 0005): no method, and no stray
-- SQL, may change or remove an entry. The refusal is an integrity error (SQLSTATE class 23), as
-- SQLite's RAISE(ABORT) in a trigger is a constraint error, so the core answers both the same way.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'The audit log is append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
-- TRUNCATE skips row triggers, and SQLite has no TRUNCATE to guard: PostgreSQL needs its own.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
-- Before/after values are append-only too, except that erasure may remove an erased customer's values.
CREATE TRIGGER audit_changes_no_update BEFORE UPDATE ON audit_changes FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_changes_no_truncate BEFORE TRUNCATE ON audit_changes FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE FUNCTION audit_changes_delete_only_erased() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.customer_id IS NULL OR NOT EXISTS (SELECT 1 FROM customers WHERE id = OLD.customer_id AND erased_at IS NOT NULL) THEN
    RAISE EXCEPTION 'The audit log is append-only' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN OLD;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_changes_delete_only_erased BEFORE DELETE ON audit_changes FOR EACH ROW EXECUTE FUNCTION audit_changes_delete_only_erased();
