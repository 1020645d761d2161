DROP INDEX "customers_status_birthday";--> statement-breakpoint
CREATE INDEX "customers_status_birthday_day" ON "customers" USING btree ("status","birthday_month","birthday_day");--> statement-breakpoint
CREATE INDEX "customers_status_anniversary" ON "customers" USING btree ("status",substr("first_purchase_at", 6, 5),"first_purchase_at");