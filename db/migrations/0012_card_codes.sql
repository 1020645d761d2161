ALTER TABLE `customers` ADD `card_code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `customers_card_code_unique` ON `customers` (`card_code`);