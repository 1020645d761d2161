import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { loyaltyEntryKinds } from '../../shared/contract/loyalty';
import { customers, sqlValues } from './customers';
import { sales } from './sales';
import { staff } from './staff';

/**
 * A customer's points history, never rewritten: customers.loyalty_points is its sum, kept in the
 * same transaction as each entry (db/loyalty/service.ts).
 */
export const loyaltyEntries = sqliteTable(
  'loyalty_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind', { enum: loyaltyEntryKinds }).notNull(),
    /** Signed: what the entry added to the balance, or took from it. */
    points: integer('points').notNull(),
    saleId: integer('sale_id').references(() => sales.id),
    /** Why the owner adjusted the points: personal data, blanked when the customer is erased. */
    reason: text('reason'),
    authorId: integer('author_id').references(() => staff.id),
    /** Who wrote it when no member of staff did ("command line (ama)"), as the audit log names them. */
    authorLabel: text('author_label'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('loyalty_entries_customer').on(t.customerId, t.id),
    index('loyalty_entries_sale').on(t.saleId),
    check('loyalty_entries_points_nonzero', sql`${t.points} <> 0`),
    check('loyalty_entries_kind_check', sql`${t.kind} IN (${sqlValues(loyaltyEntryKinds)})`),
  ],
);
