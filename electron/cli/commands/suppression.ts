import { z } from 'zod';
import { staffConsentMethods, suppressionKinds, type Settings, type Suppression, type SuppressionReason } from '../../../shared/contract';
import { formatPhone } from '../../../shared/format/phone';
import * as render from '../render';
import { command, invalidFlag } from './command';
import { choice, positional, required, shown, text, wholeNumber } from './flags';

const reasonLabels: Record<SuppressionReason, string> = {
  unsubscribed: 'unsubscribed',
  do_not_contact: 'do not contact',
  erased: 'erased',
  mailchimp: 'Mailchimp',
};

/** A phone kept whole is shown as the shop writes its numbers; a masked one, or an email, as it is. */
const address = (s: Suppression, settings: Settings) => (s.kind === 'phone' && /^\+\d+$/.test(s.shown) ? formatPhone(s.shown, settings.phoneCountry) : s.shown);

const suppressionLine = (s: Suppression, settings: Settings) =>
  `#${s.id} ${address(s, settings)} (${s.kind}, ${reasonLabels[s.reason]}${s.customerId !== null ? `, customer ${s.customerId}` : ''})`;

export const suppressionCommands = [
  command({
    name: 'suppression list',
    summary: 'The contacts the shop must never mail or text, newest first (all of them unless --limit is given); --query finds part of an address, or a whole one typed',
    flags: z.object({
      query: shown(text, 'TEXT').optional(),
      kind: choice(suppressionKinds).optional(),
      limit: wholeNumber.pipe(z.number().min(1, 'At least 1')).optional(),
    }),
    run: (ctx, f) => {
      // The contract pages at most 500 rows; the CLI walks the pages in one snapshot, as customers list does.
      const rows: Suppression[] = [];
      const wanted = f.limit ?? Number.POSITIVE_INFINITY;
      return ctx.snapshot(async () => {
        for (;;) {
          const limit = Math.min(500, wanted - rows.length);
          const page = await ctx.call('suppression.list', { query: f.query ?? '', kind: f.kind, offset: rows.length, limit });
          rows.push(...page.rows);
          if (page.rows.length < limit || rows.length >= wanted || rows.length >= page.total) return { rows, total: Math.max(page.total, rows.length) };
        }
      });
    },
    text: async ({ rows, total }, ctx) => {
      const settings = await ctx.settings();
      if (rows.length === 0) return 'Nothing on the suppression list';
      const table = render.table(
        ['Id', 'Address', 'Kind', 'Why', 'Note', 'When', 'Who'],
        rows.map((s) => [String(s.id), address(s, settings), s.kind, reasonLabels[s.reason], s.note ?? '', render.when(s.at, settings), s.actor?.name ?? '']),
        [0],
      );
      const count = (n: number) => n.toLocaleString(settings.locale);
      return `${table}\n${rows.length === total ? count(total) : `${count(rows.length)} of ${count(total)}`} ${total === 1 ? 'address' : 'addresses'}`;
    },
    json: (list) => list.rows,
  }),

  command({
    name: 'suppression add',
    summary: 'Put an email address or a phone number on the suppression list by hand, saying why (a complaint by phone)',
    flags: z.object({
      email: shown(text, 'X').optional(),
      phone: shown(text, 'X').optional(),
      note: shown(required('--note'), 'TEXT'),
    }),
    fieldFlags: { value: '--email/--phone', kind: '--email/--phone' },
    run: (ctx, f) => {
      if (f.email !== undefined && f.phone === undefined) return ctx.call('suppression.add', { kind: 'email', value: f.email, note: f.note });
      if (f.phone !== undefined && f.email === undefined) return ctx.call('suppression.add', { kind: 'phone', value: f.phone, note: f.note });
      throw invalidFlag('--email/--phone', 'Give one address: --email or --phone');
    },
    text: async (s, ctx) => `Added ${suppressionLine(s, await ctx.settings())}`,
  }),

  command({
    name: 'suppression remove',
    summary: 'Lift a suppression on a new consent: how it was given and the words (the customer who holds the contact is subscribed)',
    args: ['id'],
    flags: z.object({
      id: positional('id').pipe(z.string().regex(/^\d+$/, 'A suppression id is a whole number')).transform(Number),
      method: required('--method').pipe(choice(staffConsentMethods)),
      wording: shown(required('--wording'), 'TEXT'),
    }),
    fieldFlags: { id: '<id>' },
    run: (ctx, f) => ctx.call('suppression.remove', { id: f.id, method: f.method, wording: f.wording }),
    text: async ({ removed, customerId }, ctx) =>
      `Removed ${suppressionLine(removed, await ctx.settings())}${customerId !== null ? `; customer ${customerId} is subscribed again` : ''}`,
  }),
];
