ALTER TABLE "sales" ADD COLUMN "ref" text;--> statement-breakpoint
CREATE UNIQUE INDEX "sales_ref" ON "sales" USING btree ("ref");