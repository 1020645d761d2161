CREATE TABLE `mailchimp_deletes` (
	`email_hash` text PRIMARY KEY NOT NULL,
	`requested_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mailchimp_members` (
	`customer_id` integer PRIMARY KEY NOT NULL,
	`email_hash` text NOT NULL,
	`digest` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`status` text,
	`consent_at` text,
	`synced_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "mailchimp_members_status_check" CHECK("mailchimp_members"."status" IS NULL OR "mailchimp_members"."status" IN ('subscribed','unsubscribed','cleaned','pending','transactional','archived'))
);
--> statement-breakpoint
CREATE INDEX `mailchimp_members_hash` ON `mailchimp_members` (`email_hash`);--> statement-breakpoint
CREATE TABLE `mailchimp_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`outcome` text NOT NULL,
	`counts` text DEFAULT '{}' NOT NULL,
	`failures` text DEFAULT '[]' NOT NULL,
	`error` text,
	`actor_id` integer,
	`actor_label` text,
	FOREIGN KEY (`actor_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "mailchimp_runs_outcome_check" CHECK("mailchimp_runs"."outcome" IN ('running','done','cancelled','failed'))
);
--> statement-breakpoint
ALTER TABLE `suppressions` ADD `shown` text;--> statement-breakpoint
ALTER TABLE `suppressions` ADD `note` text;--> statement-breakpoint
ALTER TABLE `suppressions` ADD `actor_id` integer REFERENCES staff(id);--> statement-breakpoint
ALTER TABLE `suppressions` ADD `actor_label` text;--> statement-breakpoint
ALTER TABLE `settings` ADD `mailchimp_audience_id` text;--> statement-breakpoint
ALTER TABLE `settings` ADD `mailchimp_audience_name` text;--> statement-breakpoint
ALTER TABLE `settings` ADD `mailchimp_api_base` text;--> statement-breakpoint
ALTER TABLE `settings` ADD `mailchimp_key_sealed` text;--> statement-breakpoint
ALTER TABLE `settings` ADD `mailchimp_permission_id` text;--> statement-breakpoint
ALTER TABLE `settings` ADD `mailchimp_connected_at` text;--> statement-breakpoint
ALTER TABLE `settings` ADD `mailchimp_pulled_until` text;