-- The owner may delete a note (notes.delete), and its text must not outlive it in the audit log: an
-- edit kept the text as its before and after values. So besides an erased customer's values (0005),
-- the text values of entries about a note that no longer exists may be removed; nothing else may.
DROP TRIGGER audit_changes_delete_only_erased;
--> statement-breakpoint
CREATE TRIGGER audit_changes_delete_only_erased_or_deleted_note BEFORE DELETE ON audit_changes
WHEN (OLD.customer_id IS NULL OR NOT EXISTS (SELECT 1 FROM customers WHERE id = OLD.customer_id AND erased_at IS NOT NULL))
  AND NOT (OLD.field = 'text' AND EXISTS (
    SELECT 1 FROM audit_log a WHERE a.id = OLD.entry_id AND a.entity_type = 'note' AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.id = a.entity_id)
  ))
BEGIN
  SELECT RAISE(ABORT, 'The audit log is append-only');
END;
