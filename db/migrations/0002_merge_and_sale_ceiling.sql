ALTER TABLE `customers` ADD `merged_into` integer REFERENCES customers(id);--> statement-breakpoint
ALTER TABLE `settings` ADD `sale_ceiling` integer DEFAULT 10000000 NOT NULL;