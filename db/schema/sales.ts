import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { paymentMethods } from '../../shared/contract/sales';
import { customers } from './customers';
import { staff } from './staff';

/** Sales are never deleted: a mistake is voided, with who, when and why. */
export const sales = sqliteTable(
  'sales',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    occurredAt: text('occurred_at').notNull(),
    /** Integer minor units. */
    amount: integer('amount').notNull(),
    items: integer('items').notNull().default(1),
    paymentMethod: text('payment_method', { enum: paymentMethods }).notNull(),
    note: text('note'),
    authorId: integer('author_id').references(() => staff.id),
    /** Who recorded it when no member of staff did ("command line (ama)"), as the audit log names them. */
    authorLabel: text('author_label'),
    createdAt: text('created_at').notNull(),
    voidedAt: text('voided_at'),
    voidedBy: integer('voided_by').references(() => staff.id),
    /** Who voided it when no member of staff did ("command line (ama)"), as the audit log names them. */
    voidedByLabel: text('voided_by_label'),
    voidReason: text('void_reason'),
    /**
     * The id the till gave the sale when it was typed: a sale kept in a till's outbox while the shared
     * book was out of reach is sent again until it is acknowledged, and the book takes it once.
     */
    ref: text('ref'),
    /** Minor units a loyalty reward took off the sale; `amount` is what was paid after it. */
    discount: integer('discount').notNull().default(0),
  },
  (t) => [
    uniqueIndex('sales_ref').on(t.ref),
    // voided_at in the index: a customer's purchases since a date (the frequency tier, read with
    // every customer) are counted from the index alone.
    index('sales_customer_occurred_voided').on(t.customerId, t.occurredAt, t.voidedAt),
    // Revenue over a period (this month, the dashboard's months) from the index alone.
    index('sales_occurred_voided_amount').on(t.occurredAt, t.voidedAt, t.amount),
    check('sales_amount_positive', sql`${t.amount} > 0`),
    check('sales_items_positive', sql`${t.items} > 0`),
  ],
);
