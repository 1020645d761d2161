CREATE TABLE `customers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text,
	`phone` text,
	`phone_e164` text,
	`phone_search` text,
	`email` text,
	`address` text,
	`birthday_month` integer,
	`birthday_day` integer,
	`birthday_year` integer,
	`type` text DEFAULT 'walk_in' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`source` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text NOT NULL,
	`created_by` integer,
	`updated_at` text NOT NULL,
	`purchase_count` integer DEFAULT 0 NOT NULL,
	`total_spent` integer DEFAULT 0 NOT NULL,
	`items_bought` integer DEFAULT 0 NOT NULL,
	`first_purchase_at` text,
	`last_purchase_at` text,
	FOREIGN KEY (`created_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "customers_type_check" CHECK("customers"."type" IN ('walk_in','regular','vip','wholesale')),
	CONSTRAINT "customers_status_check" CHECK("customers"."status" IN ('active','archived')),
	CONSTRAINT "customers_aggregates_check" CHECK("customers"."purchase_count" >= 0 AND "customers"."total_spent" >= 0 AND "customers"."items_bought" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_phone_e164_unique` ON `customers` (`phone_e164`);--> statement-breakpoint
CREATE UNIQUE INDEX `customers_email_unique` ON `customers` (`email`);--> statement-breakpoint
CREATE INDEX `customers_status_name` ON `customers` (`status`,`first_name`,`last_name`);--> statement-breakpoint
CREATE INDEX `customers_status_spent` ON `customers` (`status`,`total_spent`);--> statement-breakpoint
CREATE INDEX `customers_status_last_purchase` ON `customers` (`status`,`last_purchase_at`);--> statement-breakpoint
CREATE INDEX `customers_status_created` ON `customers` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `customer_preferences` (
	`customer_id` integer PRIMARY KEY NOT NULL,
	`channel` text,
	`best_time` text,
	`do_not_contact` integer DEFAULT false NOT NULL,
	`favorite_products` text DEFAULT '[]' NOT NULL,
	`payment_method` text,
	`offers_opt_in` integer DEFAULT false NOT NULL,
	`loyalty_opt_in` integer DEFAULT false NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `timeline_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`kind` text NOT NULL,
	`at` text NOT NULL,
	`actor_id` integer,
	`data` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `timeline_customer_at` ON `timeline_events` (`customer_id`,`at`);--> statement-breakpoint
CREATE TABLE `notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`type` text NOT NULL,
	`text` text NOT NULL,
	`author_id` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notes_customer_created` ON `notes` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sales` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`occurred_at` text NOT NULL,
	`amount` integer NOT NULL,
	`items` integer DEFAULT 1 NOT NULL,
	`payment_method` text NOT NULL,
	`note` text,
	`author_id` integer,
	`created_at` text NOT NULL,
	`voided_at` text,
	`voided_by` integer,
	`void_reason` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voided_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sales_amount_positive" CHECK("sales"."amount" > 0),
	CONSTRAINT "sales_items_positive" CHECK("sales"."items" > 0)
);
--> statement-breakpoint
CREATE INDEX `sales_customer_occurred` ON `sales` (`customer_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `sales_occurred` ON `sales` (`occurred_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_name` text NOT NULL,
	`currency` text NOT NULL,
	`phone_country` text NOT NULL,
	`locale` text NOT NULL,
	`time_zone` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "settings_single_row" CHECK("settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`created_at` text NOT NULL
);
