ALTER TABLE `sales` ADD `ref` text;--> statement-breakpoint
CREATE UNIQUE INDEX `sales_ref` ON `sales` (`ref`);