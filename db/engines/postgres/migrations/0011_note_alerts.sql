ALTER TABLE "notes" ADD COLUMN "alert" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "notes" ADD COLUMN "alert_cleared_at" text;--> statement-breakpoint
ALTER TABLE "notes" ADD COLUMN "alert_cleared_by" integer;--> statement-breakpoint
ALTER TABLE "notes" ADD COLUMN "alert_cleared_by_label" text;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_alert_cleared_by_staff_id_fk" FOREIGN KEY ("alert_cleared_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_alert_check" CHECK ("notes"."alert" IN (0, 1));