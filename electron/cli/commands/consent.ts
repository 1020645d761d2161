import { z } from 'zod';
import { consentChannels, staffConsentMethods, settableConsentStatuses } from '../../../shared/contract';
import * as render from '../render';
import { command } from './command';
import { choice, positional, required, shown } from './flags';

export const consentCommands = [
  command({
    name: 'consent set',
    summary: 'Record email or SMS consent, with how it was given and the words shown',
    args: ['customer'],
    flags: z.object({
      customer: positional('customer'),
      channel: required('--channel').pipe(choice(consentChannels)),
      status: required('--status').pipe(choice(settableConsentStatuses)),
      method: required('--method').pipe(choice(staffConsentMethods)),
      wording: shown(required('--wording'), 'TEXT'),
    }),
    run: async (ctx, f) =>
      ctx.call('consent.set', { customerId: (await ctx.resolve(f.customer)).id, channel: f.channel, status: f.status, method: f.method, wording: f.wording }),
    text: async (c, ctx) => render.consentText(c, await ctx.settings()),
  }),

  command({
    name: 'consent show',
    summary: "A customer's consent on each channel, with its history",
    args: ['customer'],
    flags: z.object({ customer: positional('customer') }),
    run: async (ctx, f) => ctx.call('consent.get', { customerId: (await ctx.resolve(f.customer)).id }),
    text: async (c, ctx) => render.consentText(c, await ctx.settings()),
  }),
];
