import { getCountries } from 'libphonenumber-js';
import { currencyOfCountry, type ComputerSetup } from '../../shared/format/country';

export interface SettingsDefaults {
  shopName: string;
  currency: string;
  phoneCountry: string;
  locale: string;
  timeZone: string;
}

export function defaultsForLocale(locale: string, timeZone: string): SettingsDefaults {
  let region: string | undefined;
  try {
    region = new Intl.Locale(locale).maximize().region;
  } catch {
    region = undefined;
  }
  const country = region && (getCountries() as string[]).includes(region) ? region : 'US';
  const currency = currencyOfCountry(country) ?? 'USD';
  return { shopName: 'My shop', currency, phoneCountry: country, locale, timeZone };
}

/** This computer's own language and clock, as the OS reports them (LANG over Intl's guess). */
export function computerSetup(): ComputerSetup {
  const resolved = Intl.DateTimeFormat().resolvedOptions();
  const envLocale = (process.env.LC_ALL || process.env.LANG || '').split('.')[0].replace('_', '-');
  let locale = resolved.locale;
  if (envLocale && envLocale !== 'C' && envLocale !== 'POSIX') {
    try {
      locale = new Intl.Locale(envLocale).toString();
    } catch {
      // An unreadable LANG leaves Intl's own choice in place.
    }
  }
  return { locale, timeZone: resolved.timeZone || 'UTC' };
}

export function defaultSettings(): SettingsDefaults {
  const computer = computerSetup();
  return defaultsForLocale(computer.locale, computer.timeZone);
}
