import { z } from 'zod';
import { id, optionalText } from './common';
import { read, write } from './define';
import { paymentMethods } from './sales';

export const contactChannels = ['sms', 'email', 'call'] as const;
export type ContactChannel = (typeof contactChannels)[number];

export interface Preferences {
  customerId: number;
  channel: ContactChannel | null;
  bestTime: string | null;
  doNotContact: boolean;
  favoriteProducts: string[];
  paymentMethod: (typeof paymentMethods)[number] | null;
  offersOptIn: boolean;
  loyaltyOptIn: boolean;
  updatedAt: string;
}

export const preferencesPatch = z
  .object({
    channel: z.enum(contactChannels).nullable(),
    bestTime: optionalText(100),
    doNotContact: z.boolean(),
    favoriteProducts: z.array(z.string().trim().min(1).max(100)).max(30, 'At most 30 favourite products'),
    paymentMethod: z.enum(paymentMethods).nullable(),
    offersOptIn: z.boolean(),
    loyaltyOptIn: z.boolean(),
  })
  .partial()
  .strict();

export const preferenceMethods = {
  'preferences.get': read<Preferences>()(z.object({ customerId: id }).strict()),
  'preferences.update': write<Preferences>()(z.object({ customerId: id, patch: preferencesPatch }).strict()),
};
