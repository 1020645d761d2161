DROP INDEX `customers_status_birthday`;--> statement-breakpoint
CREATE INDEX `customers_status_birthday_day` ON `customers` (`status`,`birthday_month`,`birthday_day`);--> statement-breakpoint
CREATE INDEX `customers_status_anniversary` ON `customers` (`status`,substr(`first_purchase_at`, 6, 5),`first_purchase_at`);