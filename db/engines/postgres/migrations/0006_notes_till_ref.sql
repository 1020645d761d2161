ALTER TABLE "notes" ADD COLUMN "ref" text;--> statement-breakpoint
CREATE UNIQUE INDEX "notes_ref" ON "notes" USING btree ("ref");