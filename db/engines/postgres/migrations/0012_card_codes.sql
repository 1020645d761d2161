ALTER TABLE "customers" ADD COLUMN "card_code" text;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_card_code_unique" ON "customers" USING btree ("card_code");