CREATE TABLE `loyalty_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`kind` text NOT NULL,
	`points` integer NOT NULL,
	`sale_id` integer,
	`reason` text,
	`author_id` integer,
	`author_label` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "loyalty_entries_points_nonzero" CHECK("loyalty_entries"."points" <> 0),
	CONSTRAINT "loyalty_entries_kind_check" CHECK("loyalty_entries"."kind" IN ('earned','used','adjusted','expired','voided'))
);
--> statement-breakpoint
CREATE INDEX `loyalty_entries_customer` ON `loyalty_entries` (`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `loyalty_entries_sale` ON `loyalty_entries` (`sale_id`);--> statement-breakpoint
ALTER TABLE `customers` ADD `loyalty_points` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sales` ADD `discount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `loyalty_spend_per_point` integer;--> statement-breakpoint
ALTER TABLE `settings` ADD `loyalty_reward_points` integer;--> statement-breakpoint
ALTER TABLE `settings` ADD `loyalty_reward_value` integer;--> statement-breakpoint
ALTER TABLE `settings` ADD `loyalty_expire_months` integer;