import { z } from 'zod';
import { settingsMoneyFields, settingsPatch, type InputOf } from '../../../shared/contract';
import { countryDefaults } from '../../../shared/format/country';
import { isCountryCode, isCurrencyCode } from '../../../shared/format/locale';
import { parseMoney } from '../../../shared/format/money';
import { computerSetup } from '../../../db/settings/defaults';
import * as render from '../render';
import { CliFailure, command, invalidFlag } from './command';
import { shown, text, wholeNumber } from './flags';

// settings set: one flag per field of the contract's settings patch, so a new setting gets its flag too.
type SettingKey = keyof typeof settingsPatch.shape;
const settingKeys = Object.keys(settingsPatch.shape) as SettingKey[];
const kebabCase = (key: string) => key.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);
const isMoneySetting = (key: SettingKey) => (settingsMoneyFields as readonly SettingKey[]).includes(key);
const isWholeNumberSetting = (key: SettingKey) => !isMoneySetting(key) && settingsPatch.shape[key].unwrap() instanceof z.ZodNumber;
const settingPlaceholder = (key: SettingKey) => (isMoneySetting(key) ? 'AMOUNT' : isWholeNumberSetting(key) ? 'N' : kebabCase(key).replace(/-/g, '_').toUpperCase());

export const settingsCommands = [
  command({
    name: 'init',
    summary: "Create the customer book if needed and set the shop settings (--country sets the currency, locale and time zone that aren't given)",
    flags: z.object({
      country: shown(text, 'GH').optional(),
      'shop-name': shown(text, 'NAME').optional(),
      currency: shown(text, 'GHS').optional(),
      locale: shown(text, 'en-GH').optional(),
      'time-zone': shown(text, 'Africa/Accra').optional(),
    }),
    fieldFlags: { phoneCountry: '--country', shopName: '--shop-name', timeZone: '--time-zone' },
    run: async (ctx, f) => {
      const patch: InputOf<'settings.update'> = {};
      // The country brings the rest, as on the first-run screen: the OS's own locale and zone only where they fit it.
      if (f.country !== undefined && isCountryCode(f.country.trim().toUpperCase())) Object.assign(patch, countryDefaults(f.country, computerSetup()));
      if (f.currency !== undefined) patch.currency = f.currency;
      if (f.country !== undefined) patch.phoneCountry = f.country;
      if (f['shop-name'] !== undefined) patch.shopName = f['shop-name'];
      if (f.locale !== undefined) patch.locale = f.locale;
      if (f['time-zone'] !== undefined) patch.timeZone = f['time-zone'];
      return Object.keys(patch).length > 0 ? ctx.call('settings.update', patch) : ctx.call('settings.get', {});
    },
    text: (s, ctx) => render.settingsText(s, ctx.file),
  }),

  command({
    name: 'settings show',
    summary: "The shop's settings",
    flags: z.object({}),
    run: (ctx) => ctx.call('settings.get', {}),
    text: (s, ctx) => render.settingsText(s, ctx.file),
  }),

  command({
    name: 'settings set',
    summary:
      'Change shop settings: give only those to change. An AMOUNT is in major units of the shop\'s currency (or of --currency given with it), as people write it: 500 or 500.50. --backup-folder "" goes back to the folder beside the book.',
    flags: z.object(
      Object.fromEntries(settingKeys.map((key) => [kebabCase(key), shown(isWholeNumberSetting(key) ? wholeNumber : text, settingPlaceholder(key)).optional()])),
    ),
    run: async (ctx, f) => {
      const typedCurrency = f.currency === undefined ? undefined : String(f.currency).trim().toUpperCase();
      // An amount typed with a new currency is in that currency; a bad currency is refused by the core below.
      const currency = typedCurrency && isCurrencyCode(typedCurrency) ? typedCurrency : (await ctx.settings()).currency;
      const patch: Record<string, unknown> = {};
      for (const key of settingKeys) {
        const value = f[kebabCase(key)];
        if (value === undefined) continue;
        if (isMoneySetting(key)) {
          const amount = parseMoney(String(value), currency);
          if (!amount.ok) throw invalidFlag(`--${kebabCase(key)}`, amount.message);
          patch[key] = amount.minor;
        } else {
          patch[key] = value;
        }
      }
      if (Object.keys(patch).length === 0) throw new CliFailure({ code: 'validation', message: 'Nothing to change: give at least one flag, e.g. --shop-name' });
      return ctx.call('settings.update', patch as InputOf<'settings.update'>);
    },
    text: (s, ctx) => render.settingsText(s, ctx.file),
  }),
];
