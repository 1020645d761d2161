ALTER TABLE `notes` ADD `ref` text;--> statement-breakpoint
CREATE UNIQUE INDEX `notes_ref` ON `notes` (`ref`);