import { z } from 'zod';
import { loyaltyMoneyFields, type LoyaltyScheme } from '../../../shared/contract';
import { parseMoney } from '../../../shared/format/money';
import * as render from '../render';
import { command, invalidFlag } from './command';
import { positional, required, shown, wholeNumber } from './flags';

/** A whole number of points that may be negative (`--points -20` takes 20 away). */
const signedPoints = shown(z.string({ error: '--points is required' }).trim().regex(/^[+-]?\d+$/, 'Expected a whole number of points, e.g. 50 or -20').transform(Number), 'N');

const schemeFlags = {
  spendPerPoint: '--points-per',
  rewardPoints: '--reward-at',
  rewardValue: '--reward-value',
  expireMonths: '--expire-months',
} as const satisfies Record<keyof LoyaltyScheme, string>;

export const loyaltyCommands = [
  command({
    name: 'loyalty set',
    summary:
      'Turn loyalty points on, or change the scheme: one point per --points-per spent (an amount, e.g. 1.00), --reward-at points make a reward of --reward-value off; points lapse after --expire-months without a purchase (left out: never). Points already earned stay as they were.',
    flags: z.object({
      'points-per': shown(required('--points-per'), 'AMOUNT'),
      'reward-at': shown(required('--reward-at').pipe(wholeNumber), 'N'),
      'reward-value': shown(required('--reward-value'), 'AMOUNT'),
      'expire-months': wholeNumber.optional(),
    }),
    fieldFlags: { ...schemeFlags, 'scheme.spendPerPoint': schemeFlags.spendPerPoint },
    run: async (ctx, f) => {
      const { currency } = await ctx.settings();
      const typed = { spendPerPoint: f['points-per'], rewardValue: f['reward-value'] };
      const amounts = {} as Record<(typeof loyaltyMoneyFields)[number], number>;
      for (const field of loyaltyMoneyFields) {
        const amount = parseMoney(typed[field], currency);
        if (!amount.ok) throw invalidFlag(schemeFlags[field], amount.message);
        amounts[field] = amount.minor;
      }
      return ctx.call('loyalty.setScheme', { scheme: { ...amounts, rewardPoints: f['reward-at'], expireMonths: f['expire-months'] ?? null } });
    },
    text: async (scheme, ctx) => `Loyalty is on: ${render.schemeLine(scheme!, await ctx.settings())}`,
  }),

  command({
    name: 'loyalty off',
    summary: 'Turn loyalty points off: nothing more is earned or used; the points customers hold stay, and count again if it is turned back on',
    flags: z.object({}),
    run: (ctx) => ctx.call('loyalty.setScheme', { scheme: null }),
    text: () => 'Loyalty is off. Customers keep the points they hold.',
  }),

  command({
    name: 'loyalty show',
    summary: 'The loyalty scheme, or that it is off',
    flags: z.object({}),
    run: (ctx) => ctx.call('loyalty.scheme', {}),
    text: async (scheme, ctx) => (scheme ? `Loyalty: ${render.schemeLine(scheme, await ctx.settings())}` : 'Loyalty is off. Turn it on with `regulars loyalty set`.'),
  }),

  command({
    name: 'loyalty history',
    summary: "A customer's points, when they lapse, and their history (earned, used, adjusted, lapsed, voided), with who and when",
    args: ['customer'],
    flags: z.object({ customer: positional('customer') }),
    run: async (ctx, f) => ctx.call('loyalty.account', { customerId: (await ctx.resolve(f.customer)).id }),
    text: async (account, ctx) => render.loyaltyText(account, await ctx.settings()),
  }),

  command({
    name: 'loyalty adjust',
    summary: "Give a customer points, or take some away (--points -20), with the reason, which the history and the audit log keep (the owner's call)",
    args: ['customer'],
    flags: z.object({
      customer: positional('customer'),
      points: signedPoints,
      reason: shown(required('--reason'), 'TEXT'),
    }),
    run: async (ctx, f) => ctx.call('loyalty.adjust', { customerId: (await ctx.resolve(f.customer)).id, points: f.points, reason: f.reason }),
    text: async (account, ctx) => `Adjusted. ${render.loyaltyText(account, await ctx.settings())}`,
  }),

  command({
    name: 'loyalty expire',
    summary: 'Lapse the points of customers whose months without a purchase have run out (the app does this as it opens the book)',
    flags: z.object({}),
    run: (ctx) => ctx.call('loyalty.expire', {}),
    text: (v) => (v.customers === 0 ? 'No points were due to lapse.' : `Lapsed ${v.points} points of ${v.customers} customer${v.customers === 1 ? '' : 's'}.`),
  }),
];
