import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { loyaltyEntryKinds } from '../../../../shared/contract/loyalty';
import { oneOf, serialId } from './columns';
import { customers } from './customers';
import { sales } from './sales';
import { staff } from './staff';

export const loyaltyEntries = pgTable(
  'loyalty_entries',
  {
    id: serialId(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind', { enum: loyaltyEntryKinds }).notNull(),
    // bigint, as SQLite's integer is: a shop whose point costs 0.01 earns as many points as a big sale has minor units.
    points: bigint('points', { mode: 'number' }).notNull(),
    saleId: integer('sale_id').references(() => sales.id),
    reason: text('reason'),
    authorId: integer('author_id').references(() => staff.id),
    authorLabel: text('author_label'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('loyalty_entries_customer').on(t.customerId, t.id),
    index('loyalty_entries_sale').on(t.saleId),
    check('loyalty_entries_points_nonzero', sql`${t.points} <> 0`),
    oneOf('loyalty_entries_kind_check', t.kind, loyaltyEntryKinds),
  ],
);
