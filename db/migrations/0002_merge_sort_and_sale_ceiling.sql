DROP INDEX `customers_status_name`;--> statement-breakpoint
ALTER TABLE `customers` ADD `merged_into` integer REFERENCES customers(id);--> statement-breakpoint
CREATE INDEX `customers_status_name_nocase` ON `customers` (`status`,"first_name" COLLATE NOCASE,"last_name" COLLATE NOCASE);--> statement-breakpoint
ALTER TABLE `settings` ADD `sale_ceiling` integer DEFAULT 10000000 NOT NULL;