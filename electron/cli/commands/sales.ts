import { z } from 'zod';
import { paymentMethods } from '../../../shared/contract';
import { parseMoney } from '../../../shared/format/money';
import * as render from '../render';
import { command, invalidFlag } from './command';
import { choice, positional, required, shown, text, wholeNumber } from './flags';

export const saleCommands = [
  command({
    name: 'sales add',
    summary: 'Record a sale to a customer (amount in major units, e.g. 12.50)',
    args: ['customer'],
    flags: z.object({
      customer: positional('customer'),
      amount: shown(required('--amount'), '12.50'),
      items: wholeNumber.optional(),
      payment: choice(paymentMethods).optional(),
      at: shown(text, 'ISO').optional(),
      note: shown(text, 'T').optional(),
      redeem: z.boolean().optional(),
    }),
    fieldFlags: { paymentMethod: '--payment', occurredAt: '--at' },
    run: async (ctx, f) => {
      const { currency } = await ctx.settings();
      const amount = parseMoney(f.amount, currency);
      if (!amount.ok) throw invalidFlag('--amount', amount.message);
      const { id } = await ctx.resolve(f.customer);
      return ctx.call('sales.record', {
        customerId: id,
        amount: amount.minor,
        items: f.items,
        paymentMethod: f.payment,
        occurredAt: f.at,
        note: f.note,
        redeem: f.redeem,
      });
    },
    text: async (sale, ctx) => {
      const s = await ctx.settings();
      const points = sale.points.earned || sale.points.used ? `\n  Points: +${sale.points.earned}${sale.points.used ? `, ${sale.points.used} used` : ''}; ${render.balanceLine(sale.customer.loyaltyPoints, s.loyalty)}` : '';
      return `Recorded ${render.saleText(sale, s, sale.customer.name)}${points}`;
    },
  }),

  command({
    name: 'sales void',
    summary: 'Void a sale recorded by mistake (it stays on record, marked void)',
    args: ['saleId'],
    flags: z.object({
      saleId: positional('saleId').pipe(z.string().regex(/^\d+$/, 'A sale id is a whole number')).transform(Number),
      reason: shown(required('--reason'), 'TEXT'),
    }),
    fieldFlags: { id: '<saleId>' },
    run: (ctx, f) => ctx.call('sales.void', { id: f.saleId, reason: f.reason }),
    text: async (sale, ctx) => `Voided ${render.saleText(sale, await ctx.settings())}`,
  }),

  command({
    name: 'sales list',
    summary: "List a customer's sales, newest first (voided ones included, marked)",
    args: ['customer'],
    flags: z.object({ customer: positional('customer') }),
    run: async (ctx, f) => ctx.call('sales.list', { customerId: (await ctx.resolve(f.customer)).id }),
    text: async (sales, ctx) => render.salesTable(sales, await ctx.settings()),
  }),
];
