const digitsByCurrency = new Map<string, number>();

/** Digits after the decimal point for a currency, as Intl knows them (GHS 2, JPY 0, BHD 3). */
export function currencyDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    // Building a NumberFormat is slow next to a sale insert, and the answer never changes.
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

export type MoneyParse = { ok: true; minor: number } | { ok: false; message: string };

/**
 * Reads an amount typed in major units ("12.50", "1,200", "12") into integer minor units,
 * by string arithmetic so that 0.1 + 0.2 style float errors never reach the books.
 */
export function parseMoney(text: string, currency: string): MoneyParse {
  const digits = currencyDigits(currency);
  const cleaned = text.trim().replace(/[\s,_]/g, '');
  if (cleaned === '') return { ok: false, message: 'Enter an amount' };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return { ok: false, message: `"${text.trim()}" is not an amount, e.g. 12.50` };
  const [, whole, fraction = ''] = match;
  if (fraction.length > digits) {
    return { ok: false, message: digits === 0 ? `${currency} has no minor unit: enter a whole amount` : `At most ${digits} digits after the point` };
  }
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { ok: false, message: 'That amount is too large' };
  return { ok: true, minor };
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(minor: number, currency: string, locale?: string): string {
  const digits = currencyDigits(currency);
  // One formatter per locale and currency: building one costs far more than formatting (a screen of rows formats hundreds).
  const key = `${locale ?? ''}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    moneyFormats.set(key, format);
  }
  return format.format(minor / 10 ** digits);
}

/** Minor units as a plain major-unit string for machine output ("12.50"). */
export function minorToMajorString(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const scale = 10 ** digits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, '0')}`;
}
