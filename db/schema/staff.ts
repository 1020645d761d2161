import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const staff = sqliteTable('staff', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  role: text('role', { enum: ['owner', 'staff'] }).notNull(),
  createdAt: text('created_at').notNull(),
});

/** One row: the shop's own settings. */
export const settings = sqliteTable(
  'settings',
  {
    id: integer('id').primaryKey(),
    shopName: text('shop_name').notNull(),
    currency: text('currency').notNull(),
    phoneCountry: text('phone_country').notNull(),
    locale: text('locale').notNull(),
    timeZone: text('time_zone').notNull(),
    /** A sale above this many minor units is refused as a typing mistake. */
    saleCeiling: integer('sale_ceiling').notNull().default(10_000_000),
    /** Minor units a "high value" customer has spent; null means 1,000 in the shop's currency. */
    highValueThreshold: integer('high_value_threshold'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [check('settings_single_row', sql`${t.id} = 1`)],
);
