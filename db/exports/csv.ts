import { looksLikePhone } from '../../shared/format/phone';

/**
 * A spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage return as a formula
 * (OWASP CSV injection): such cells get a leading apostrophe, unless they are only a phone number
 * (looksLikePhone): a spreadsheet cannot run one, and Mailchimp would read the apostrophe as part of it.
 * A cell already starting with one is left alone, so reading a file back and writing it again never
 * doubles the escape.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !looksLikePhone(value) ? `'${value}` : value;
}
