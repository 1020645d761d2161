/**
 * Only a phone number: an optional leading +, then digits with spaces, brackets, dots and dashes.
 * A spreadsheet cannot run such a cell (no function, no reference), and Mailchimp reads an
 * apostrophe in front of it as part of the number, so it is written as it is.
 */
const phoneOnly = /^\+?[\d ().-]*\d[\d ().-]*$/;

/**
 * A spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage return as a formula
 * (OWASP CSV injection): such cells get a leading apostrophe, unless they are only a phone number.
 * A cell already starting with one is left alone, so reading a file back and writing it again never
 * doubles the escape.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !phoneOnly.test(value) ? `'${value}` : value;
}
