/**
 * A spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage return as a formula
 * (OWASP CSV injection): such cells get a leading apostrophe. A cell already starting with one is
 * left alone, so reading a file back and writing it again never doubles the escape.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
