import { z } from 'zod';
import { contactChannels, paymentMethods, type InputOf } from '../../../shared/contract';
import * as render from '../render';
import { command } from './command';
import { clearableChoice, list, positional, shown, text, yesNo } from './flags';

export const preferenceCommands = [
  command({
    name: 'prefs set',
    summary: "Set a customer's contact and buying preferences",
    args: ['customer'],
    flags: z.object({
      customer: positional('customer'),
      channel: clearableChoice(contactChannels).optional(),
      'do-not-contact': yesNo.optional(),
      'best-time': shown(text, 'T').optional(),
      'favorite-products': list.optional(),
      payment: clearableChoice(paymentMethods).optional(),
      offers: yesNo.optional(),
      loyalty: yesNo.optional(),
    }),
    fieldFlags: { paymentMethod: '--payment', offersOptIn: '--offers', loyaltyOptIn: '--loyalty' },
    run: async (ctx, f) => {
      const { id } = await ctx.resolve(f.customer);
      const patch: InputOf<'preferences.update'>['patch'] = {};
      if (f.channel !== undefined) patch.channel = f.channel;
      if (f['do-not-contact'] !== undefined) patch.doNotContact = f['do-not-contact'];
      if (f['best-time'] !== undefined) patch.bestTime = f['best-time'];
      if (f['favorite-products'] !== undefined) patch.favoriteProducts = f['favorite-products'];
      if (f.payment !== undefined) patch.paymentMethod = f.payment;
      if (f.offers !== undefined) patch.offersOptIn = f.offers;
      if (f.loyalty !== undefined) patch.loyaltyOptIn = f.loyalty;
      if (Object.keys(patch).length === 0) return ctx.call('preferences.get', { customerId: id });
      return ctx.call('preferences.update', { customerId: id, patch });
    },
    text: (p) => render.preferencesText(p),
  }),
];
