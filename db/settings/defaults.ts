import { getCountries } from 'libphonenumber-js';
import { isCurrencyCode } from '../../shared/format/locale';

export interface SettingsDefaults {
  shopName: string;
  currency: string;
  phoneCountry: string;
  locale: string;
  timeZone: string;
}

/**
 * The currency most shops in a region take. Intl knows currencies but not which one a region uses,
 * so the common regions are listed here; any other region falls back to USD until the owner picks.
 */
const regionCurrency: Record<string, string> = {
  GH: 'GHS', NG: 'NGN', KE: 'KES', ZA: 'ZAR', UG: 'UGX', TZ: 'TZS', RW: 'RWF', CI: 'XOF', SN: 'XOF', CM: 'XAF',
  EG: 'EGP', MA: 'MAD', GB: 'GBP', IE: 'EUR', FR: 'EUR', DE: 'EUR', ES: 'EUR', IT: 'EUR', NL: 'EUR', BE: 'EUR',
  PT: 'EUR', AT: 'EUR', FI: 'EUR', GR: 'EUR', CH: 'CHF', SE: 'SEK', NO: 'NOK', DK: 'DKK', PL: 'PLN', CZ: 'CZK',
  US: 'USD', CA: 'CAD', MX: 'MXN', BR: 'BRL', AR: 'ARS', AU: 'AUD', NZ: 'NZD', IN: 'INR', PK: 'PKR', BD: 'BDT',
  JP: 'JPY', CN: 'CNY', KR: 'KRW', SG: 'SGD', MY: 'MYR', ID: 'IDR', PH: 'PHP', TH: 'THB', VN: 'VND', AE: 'AED',
  SA: 'SAR', TR: 'TRY', IL: 'ILS', JM: 'JMD', TT: 'TTD',
};

export function defaultsForLocale(locale: string, timeZone: string): SettingsDefaults {
  let region: string | undefined;
  try {
    region = new Intl.Locale(locale).maximize().region;
  } catch {
    region = undefined;
  }
  const country = region && (getCountries() as string[]).includes(region) ? region : 'US';
  const currency = regionCurrency[country] && isCurrencyCode(regionCurrency[country]) ? regionCurrency[country] : 'USD';
  return { shopName: 'My shop', currency, phoneCountry: country, locale, timeZone };
}

export function defaultSettings(): SettingsDefaults {
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
  return defaultsForLocale(locale, resolved.timeZone || 'UTC');
}
