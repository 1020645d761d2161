import { getCountries } from 'libphonenumber-js';

const currencies = new Set(Intl.supportedValuesOf('currency'));
const countries = new Set<string>(getCountries());

export const isCurrencyCode = (code: string): boolean => currencies.has(code);
export const isCountryCode = (code: string): boolean => countries.has(code);
export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
