DROP INDEX "customers_status_type_spent";--> statement-breakpoint
DROP INDEX "customers_status_type_last_purchase";--> statement-breakpoint
CREATE INDEX "customers_directory_type_spent" ON "customers" USING btree ("status","type","total_spent","id") WHERE "customers"."erased_at" IS NULL;--> statement-breakpoint
CREATE INDEX "customers_directory_type_last_purchase" ON "customers" USING btree ("status","type","last_purchase_at" DESC NULLS LAST,"id" DESC NULLS FIRST) WHERE "customers"."erased_at" IS NULL;