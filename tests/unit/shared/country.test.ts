import { describe, expect, it } from 'vitest';
import { countryDefaults, countryOptions, currencyOfCountry } from '../../../shared/format/country';
import { isCountryCode, isCurrencyCode, isTimeZone } from '../../../shared/format/locale';
import { defaultsForLocale } from '../../../db/settings/defaults';

const pc = (timeZone: string, locale: string) => ({ timeZone, locale });

describe('what a shop in a country starts with', () => {
  it('Ghana: cedis, Ghanaian phone numbers, English as written in Ghana, Accra time', () => {
    expect(countryDefaults('GH', pc('UTC', 'en-US'))).toEqual({ currency: 'GHS', phoneCountry: 'GH', locale: 'en-GH', timeZone: 'Africa/Accra' });
  });

  it('the United Kingdom from a PC set to UTC and American English: British dates and London time', () => {
    expect(countryDefaults('GB', pc('UTC', 'en-US'))).toEqual({ currency: 'GBP', phoneCountry: 'GB', locale: 'en-GB', timeZone: 'Europe/London' });
  });

  it("keeps the PC's own zone when it lies in the country, and the country's main zone when it does not", () => {
    expect(countryDefaults('US', pc('America/Chicago', 'en-US')).timeZone).toBe('America/Chicago');
    expect(countryDefaults('US', pc('Europe/London', 'en-GB')).timeZone).toBe('America/New_York');
    expect(countryDefaults('CA', pc('UTC', 'en-US')).timeZone).toBe('America/Toronto');
    expect(countryDefaults('AU', pc('UTC', 'en-US')).timeZone).toBe('Australia/Sydney');
    // An old name the OS may still report is the same place.
    expect(countryDefaults('IN', pc('Asia/Calcutta', 'en-IN')).timeZone).toBe('Asia/Calcutta');
  });

  it("keeps the PC's language where it is spoken in the country, otherwise the country's own", () => {
    expect(countryDefaults('CM', pc('UTC', 'fr-FR')).locale).toBe('fr-CM');
    expect(countryDefaults('CM', pc('UTC', 'en-US')).locale).toBe('en-CM');
    expect(countryDefaults('DE', pc('UTC', 'en-US')).locale).toBe('de-DE');
    expect(countryDefaults('CH', pc('Europe/Zurich', 'fr-CH'))).toEqual({ currency: 'CHF', phoneCountry: 'CH', locale: 'fr-CH', timeZone: 'Europe/Zurich' });
    expect(countryDefaults('CI', pc('UTC', 'en-GB'))).toEqual({ currency: 'XOF', phoneCountry: 'CI', locale: 'fr-CI', timeZone: 'Africa/Abidjan' });
  });

  it('gives a valid currency, locale and time zone for every country a phone number can belong to', () => {
    for (const { code } of countryOptions('en')) {
      const d = countryDefaults(code, pc('UTC', 'en-US'));
      expect(isCurrencyCode(d.currency), `${code} ${d.currency}`).toBe(true);
      expect(isCountryCode(d.phoneCountry), code).toBe(true);
      expect(isTimeZone(d.timeZone), `${code} ${d.timeZone}`).toBe(true);
      expect(Intl.NumberFormat.supportedLocalesOf([d.locale]), `${code} ${d.locale}`).toHaveLength(1);
    }
  });

  it('lists countries by their names in the given language', () => {
    const options = countryOptions('en');
    expect(options.find((o) => o.code === 'GH')).toEqual({ code: 'GH', name: 'Ghana' });
    expect(options.map((o) => o.name)).toEqual([...options.map((o) => o.name)].sort((a, b) => a.localeCompare(b, 'en')));
    expect(countryOptions('fr').find((o) => o.code === 'DE')?.name).toBe('Allemagne');
  });

  it("the first open's defaults come from the same source: a PC in Ghana starts in cedis", () => {
    expect(currencyOfCountry('GH')).toBe('GHS');
    expect(defaultsForLocale('en-GH', 'Africa/Accra')).toMatchObject({ currency: 'GHS', phoneCountry: 'GH' });
    expect(defaultsForLocale('ja-JP', 'Asia/Tokyo')).toMatchObject({ currency: 'JPY', phoneCountry: 'JP' });
    // A region the old hand-kept table did not list.
    expect(defaultsForLocale('en-BW', 'Africa/Gaborone')).toMatchObject({ currency: 'BWP', phoneCountry: 'BW' });
  });
});
