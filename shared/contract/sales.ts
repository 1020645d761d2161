import { z } from 'zod';
import { id, isoDateTime, optionalText, type Person } from './common';
import { createCustomerInput, type Customer } from './customers';
import { keptWrite, read, write, type QueuedWrite } from './define';

export const paymentMethods = ['cash', 'card', 'mobile_money', 'other'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

export interface Sale {
  id: number;
  customerId: number;
  occurredAt: string;
  /** Integer minor units of the shop's currency: what the customer paid, after any reward. */
  amount: number;
  /** What a loyalty reward took off the sale, in minor units (0 for none). */
  discount: number;
  items: number;
  paymentMethod: PaymentMethod;
  note: string | null;
  author: Person | null;
  createdAt: string;
  voidedAt: string | null;
  voidedBy: Person | null;
  voidReason: string | null;
}

const saleFields = {
  amount: z
    .number({ error: 'Amount must be a number of minor units' })
    .int('Amount must be whole minor units')
    .positive('Amount must be more than zero'),
  items: z.number().int().min(1, 'At least one item').max(10_000).default(1),
  paymentMethod: z.enum(paymentMethods, { error: `Payment must be one of ${paymentMethods.join(', ')}` }).default('cash'),
  occurredAt: isoDateTime.optional(),
  note: optionalText(1000),
  /**
   * The id the till gave the sale as it was typed. A till whose shared book is out of reach keeps the
   * sale in its outbox and sends it again until it is acknowledged: the book takes a ref once, and
   * refuses it again as a conflict on `ref`.
   */
  ref: z.uuid('A sale reference is a UUID').optional(),
  /**
   * Use one of the customer's loyalty rewards on this sale: `amount` is then the price before it, and
   * the sale records what the customer paid, the reward's value less.
   */
  redeem: z.boolean().optional(),
};

/** A sale names an existing customer, or brings a new one to create in the same transaction. */
export const recordSaleInput = z.union([
  z.object({ customerId: id, ...saleFields }).strict(),
  z.object({ newCustomer: createCustomerInput, ...saleFields }).strict(),
]);

/** A sale as the book recorded it, with its customer's totals (and points) after it, and the points it earned and used. */
export type RecordedSale = Sale & { customer: Customer; points: { earned: number; used: number } };
/** A sale a till kept while the shared book was out of reach: safe on that PC, sent when the book is back. */
export type QueuedSale = QueuedWrite<'sale'>;

export const saleMethods = {
  'sales.record': keptWrite<RecordedSale>()('sale', recordSaleInput),
  'sales.void': write<Sale>()(
    z.object({ id, reason: z.string().trim().min(1, 'Say why the sale is voided').max(500) }).strict(),
  ),
  'sales.list': read<Sale[]>()(z.object({ customerId: id }).strict()),
};
