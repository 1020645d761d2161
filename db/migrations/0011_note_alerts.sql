ALTER TABLE `notes` ADD `alert` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `notes` ADD `alert_cleared_at` text;--> statement-breakpoint
ALTER TABLE `notes` ADD `alert_cleared_by` integer REFERENCES staff(id);--> statement-breakpoint
ALTER TABLE `notes` ADD `alert_cleared_by_label` text;