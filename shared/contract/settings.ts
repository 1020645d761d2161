import { z } from 'zod';
import { read, write } from './define';
import type { LoyaltyScheme } from './loyalty';
import { isCountryCode, isCurrencyCode, isTimeZone } from '../format/locale';

export interface Settings {
  shopName: string;
  /** ISO 4217. */
  currency: string;
  /** Digits after the decimal point, from Intl. */
  currencyDigits: number;
  /** ISO 3166-1 alpha-2, used to read phone numbers typed without a country code. */
  phoneCountry: string;
  /** BCP 47 locale for number and date formatting. */
  locale: string;
  /** IANA time zone: "this month" and "today" are the shop's, not UTC's. */
  timeZone: string;
  /** The largest sale amount accepted, in minor units: anything above is taken for a typing mistake. */
  saleCeiling: number;
  /** Minor units: a "high value" customer has spent at least this (default 1,000 in the currency). */
  highValueThreshold: number;
  /** The counter locks itself after this many idle minutes; 0 never locks. */
  idleLockMinutes: number;
  /** Where backups go: an absolute folder, or null for a `backups` folder beside the book. */
  backupFolder: string | null;
  /** The loyalty scheme, or null while loyalty is off: set with `loyalty.setScheme` (shared/contract/loyalty.ts). */
  loyalty: LoyaltyScheme | null;
  updatedAt: string;
}

export const settingsPatch = z
  .object({
    shopName: z.string().trim().min(1, 'The shop needs a name').max(100),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .refine(isCurrencyCode, 'Currency must be an ISO 4217 code such as GHS, EUR or USD'),
    phoneCountry: z
      .string()
      .trim()
      .toUpperCase()
      .refine(isCountryCode, 'Country must be a two-letter code such as GH, GB or US'),
    locale: z
      .string()
      .trim()
      .refine((l) => {
        try {
          return Intl.NumberFormat.supportedLocalesOf([l]).length > 0;
        } catch {
          return false;
        }
      }, 'Locale must be a language tag such as en-GH'),
    timeZone: z.string().trim().refine(isTimeZone, 'Time zone must be an IANA name such as Africa/Accra'),
    highValueThreshold: z.number().int('The threshold is in whole minor units').positive('The threshold must be more than zero').max(Number.MAX_SAFE_INTEGER),
    saleCeiling: z.number().int('The ceiling is in whole minor units').positive('The ceiling must be more than zero').max(Number.MAX_SAFE_INTEGER),
    idleLockMinutes: z.number().int('Whole minutes').min(0, 'Use 0 to never lock').max(240, 'At most 240 minutes'),
    backupFolder: z
      .string()
      .trim()
      .max(1024)
      .refine((f) => f === '' || /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(f), 'Give a full folder path, e.g. D:\\Backups or /home/shop/backups')
      .transform((f) => (f === '' ? null : f))
      .nullable(),
  })
  .partial()
  .strict();

/**
 * The settings that are amounts of money. Stored in minor units; people type them in major units
 * ("500" or "500.50"), read in the shop's currency: the Settings screen and `regulars settings set` both do.
 */
export const settingsMoneyFields = ['highValueThreshold', 'saleCeiling'] as const satisfies readonly (keyof typeof settingsPatch.shape)[];

export const settingsMethods = {
  'settings.get': read<Settings>()(z.object({}).strict().default({})),
  'settings.update': write<Settings>()(settingsPatch, 'owner'),
};
