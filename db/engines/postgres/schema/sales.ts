import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { paymentMethods } from '../../../../shared/contract/sales';
import { oneOf, serialId } from './columns';
import { customers } from './customers';
import { staff } from './staff';

export const sales = pgTable(
  'sales',
  {
    id: serialId(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    occurredAt: text('occurred_at').notNull(),
    // bigint, so that a sum over a million sales is exact.
    amount: bigint('amount', { mode: 'number' }).notNull(),
    items: integer('items').notNull().default(1),
    paymentMethod: text('payment_method', { enum: paymentMethods }).notNull(),
    note: text('note'),
    authorId: integer('author_id').references(() => staff.id),
    authorLabel: text('author_label'),
    createdAt: text('created_at').notNull(),
    voidedAt: text('voided_at'),
    voidedBy: integer('voided_by').references(() => staff.id),
    voidedByLabel: text('voided_by_label'),
    voidReason: text('void_reason'),
    ref: text('ref'),
    discount: bigint('discount', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    uniqueIndex('sales_ref').on(t.ref),
    index('sales_customer_occurred_voided').on(t.customerId, t.occurredAt, t.voidedAt),
    index('sales_occurred_voided_amount').on(t.occurredAt, t.voidedAt, t.amount),
    check('sales_amount_positive', sql`${t.amount} > 0`),
    check('sales_items_positive', sql`${t.items} > 0`),
    oneOf('sales_payment_method_check', t.paymentMethod, paymentMethods),
  ],
);
