import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Text written the way a phone is: an optional leading +, then digits with spaces, brackets, dots and
 * dashes, and at least one digit. The + only in front keeps `+1+1` (a spreadsheet formula) from passing
 * for a phone; without a digit, `--` is not one.
 */
const phoneShape = /^\+?[\d ().-]*\d[\d ().-]*$/;
export const looksLikePhone = (text: string): boolean => phoneShape.test(text);

export interface NormalisedPhone {
  e164: string;
  /** Digit strings a person might type to find this number: international and national forms. */
  searchDigits: string;
}

/**
 * Reads a phone as typed at the counter. "024 412 3456", "0244-123-456" and "+233 24 412 3456"
 * are one number in Ghana. Returns null when the text cannot be a phone number.
 */
export function normalisePhone(raw: string, defaultCountry: string): NormalisedPhone | null {
  const cleaned = raw.trim().replace(/^'+/, '');
  if (!/\d/.test(cleaned)) return null;
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry as CountryCode);
  if (!parsed || !parsed.isValid()) return null;
  const international = parsed.number.slice(1);
  const national = parsed.nationalNumber;
  const withTrunk = `0${national}`;
  return { e164: parsed.number, searchDigits: [...new Set([international, withTrunk, national])].join(' ') };
}

export function formatPhone(e164: string | null, shopCountry: string): string {
  if (!e164) return '';
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === shopCountry ? parsed.formatNational() : parsed.formatInternational();
}
