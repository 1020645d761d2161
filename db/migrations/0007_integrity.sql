ALTER TABLE `import_batches` ADD `actor_label` text;--> statement-breakpoint
ALTER TABLE `consent_events` ADD `actor_label` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `created_by_label` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `imported_purchases` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `imported_spent` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `timeline_events` ADD `actor_label` text;--> statement-breakpoint
ALTER TABLE `notes` ADD `author_label` text;--> statement-breakpoint
ALTER TABLE `sales` ADD `author_label` text;--> statement-breakpoint
ALTER TABLE `sales` ADD `voided_by_label` text;--> statement-breakpoint
-- Merged and erased records are never found by a search again: out of both search indexes.
DELETE FROM customers_trigram WHERE rowid IN (SELECT id FROM customers WHERE merged_into IS NOT NULL OR erased_at IS NOT NULL);
--> statement-breakpoint
DELETE FROM customers_prefix WHERE rowid IN (SELECT id FROM customers WHERE merged_into IS NOT NULL OR erased_at IS NOT NULL);
