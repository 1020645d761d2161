CREATE TABLE `audit_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`customer_id` integer,
	`field` text NOT NULL,
	`before` text,
	`after` text,
	FOREIGN KEY (`entry_id`) REFERENCES `audit_log`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_changes_entry` ON `audit_changes` (`entry_id`);--> statement-breakpoint
CREATE INDEX `audit_changes_customer` ON `audit_changes` (`customer_id`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `actor_label` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `entity_type` text;--> statement-breakpoint
CREATE INDEX `audit_actor` ON `audit_log` (`actor_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_entity` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
ALTER TABLE `settings` ADD `idle_lock_minutes` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `backup_folder` text;--> statement-breakpoint
ALTER TABLE `staff` ADD `pin_hash` text;--> statement-breakpoint
ALTER TABLE `staff` ADD `failed_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `staff` ADD `locked_until` text;--> statement-breakpoint
ALTER TABLE `staff` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
-- Before/after values are append-only too, except that erasure may remove an erased customer's values.
CREATE TRIGGER audit_changes_no_update BEFORE UPDATE ON audit_changes BEGIN
  SELECT RAISE(ABORT, 'The audit log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_changes_delete_only_erased BEFORE DELETE ON audit_changes
WHEN OLD.customer_id IS NULL OR NOT EXISTS (SELECT 1 FROM customers WHERE id = OLD.customer_id AND erased_at IS NOT NULL)
BEGIN
  SELECT RAISE(ABORT, 'The audit log is append-only');
END;
