import { birthday as birthdaySchema, dateOrderLabels, type DateOrder, type ImportField, type ImportFormat, type SettableConsentStatus } from '../../shared/contract';
import { currencyDigits, parseMoney } from '../../shared/format/money';

const lower = (s: string) => s.trim().toLowerCase();

export function detectFormat(headers: string[]): ImportFormat {
  const has = (name: string) => headers.some((h) => lower(h) === lower(name));
  if (has('Customer ID') && has('Accepts Email Marketing')) return 'shopify';
  if (has('Accepts Marketing') && has('Total Orders')) return 'shopify_legacy';
  if (has('Square Customer ID') || has('Email Subscription Status')) return 'square';
  if (has('Email Address') && ['MEMBER_RATING', 'OPTIN_TIME', 'LEID', 'EUID', 'UNSUB_TIME', 'CLEAN_TIME'].some(has)) return 'mailchimp';
  return 'generic';
}

/** The headers each format uses for our fields, best first; a generic sheet is matched by common names. */
const candidates: Record<ImportFormat, Partial<Record<ImportField, string[]>>> = {
  shopify: {
    firstName: ['First Name'], lastName: ['Last Name'], email: ['Email'], phone: ['Phone', 'Default Address Phone'],
    address: ['Default Address Address1'], tags: ['Tags'], note: ['Note'], emailConsent: ['Accepts Email Marketing'], smsConsent: ['Accepts SMS Marketing'],
    openingPurchases: ['Total Orders'], openingSpent: ['Total Spent'],
  },
  shopify_legacy: {
    firstName: ['First Name'], lastName: ['Last Name'], email: ['Email'], phone: ['Phone'], address: ['Address1'], tags: ['Tags'], note: ['Note'],
    emailConsent: ['Accepts Marketing'], openingPurchases: ['Total Orders'], openingSpent: ['Total Spent'],
  },
  square: {
    firstName: ['First Name'], lastName: ['Last Name'], email: ['Email Address'], phone: ['Phone Number'], address: ['Street Address 1'],
    birthday: ['Birthday'], note: ['Memo'], source: ['Creation Source'], emailConsent: ['Email Subscription Status'], openingPurchases: ['Transaction Count'],
  },
  mailchimp: {
    firstName: ['First Name', 'FNAME'], lastName: ['Last Name', 'LNAME'], email: ['Email Address'], phone: ['Phone Number', 'PHONE'],
    address: ['Address', 'ADDRESS'], birthday: ['Birthday', 'BIRTHDAY'], tags: ['TAGS', 'Tags'], note: ['NOTES'],
  },
  generic: {
    firstName: ['First Name', 'FirstName', 'First', 'Given Name'], lastName: ['Last Name', 'LastName', 'Surname', 'Family Name'],
    name: ['Name', 'Full Name', 'Customer Name', 'Customer'],
    email: ['Email', 'Email Address', 'E-mail', 'Mail'], phone: ['Phone', 'Phone Number', 'Mobile', 'Mobile Number', 'Telephone', 'Tel'],
    address: ['Address', 'Street Address', 'Address1'], birthday: ['Birthday', 'Date of Birth', 'DOB'], tags: ['Tags', 'Labels'],
    source: ['Source', 'How they found us'], note: ['Note', 'Notes', 'Comment', 'Comments'], emailConsent: ['Email Consent', 'Accepts Email Marketing', 'Newsletter'],
    smsConsent: ['SMS Consent', 'Accepts SMS Marketing'],
    openingPurchases: ['Total Orders', 'Orders', 'Purchases', 'Transaction Count'], openingSpent: ['Total Spent', 'Total Spend', 'Spent', 'Lifetime Value'],
  },
};

/** More address columns joined after the first, in order, when the format has them. */
export const addressParts: Partial<Record<ImportFormat, string[]>> = {
  shopify: ['Default Address Address2', 'Default Address City', 'Default Address Province Code', 'Default Address Zip', 'Default Address Country Code'],
  shopify_legacy: ['Address2', 'City', 'Province', 'Zip', 'Country'],
  square: ['Street Address 2', 'City', 'State', 'Postal Code'],
};

export function defaultMapping(format: ImportFormat, headers: string[]): Partial<Record<ImportField, string>> {
  const mapping: Partial<Record<ImportField, string>> = {};
  for (const [field, names] of Object.entries(candidates[format]) as [ImportField, string[]][]) {
    const found = names.map((name) => headers.find((h) => lower(h) === lower(name))).find(Boolean);
    if (found) mapping[field] = found;
  }
  return mapping;
}

/**
 * Consent as a file proves it. A "no" in an accepts-marketing column is only the default (never
 * asked), not an opt-out; only an explicit unsubscribe counts as one. Blank, "unknown" and
 * "pending" prove nothing.
 */
export function readConsent(value: string | undefined): SettableConsentStatus | null {
  const v = lower(value ?? '');
  if (['yes', 'true', 'y', '1', 'subscribed'].includes(v)) return 'subscribed';
  if (['unsubscribed', 'cleaned', 'opted out', 'opted-out'].includes(v)) return 'unsubscribed';
  return null;
}

/** Mailchimp exports its subscribed, unsubscribed and cleaned contacts as separate files, told apart by their columns. */
export function mailchimpFileConsent(headers: string[]): SettableConsentStatus {
  return headers.some((h) => ['UNSUB_TIME', 'CLEAN_TIME'].includes(h.trim().toUpperCase())) ? 'unsubscribed' : 'subscribed';
}

/** A whole name as one cell: the last word is the last name; a single word is a first name. */
export function splitName(name: string): { firstName: string; lastName: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { firstName: words[0] ?? '', lastName: '' };
  return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1] };
}

/** Square documents its birthdays month first (MM-DD, MM-DD-YYYY), and Mailchimp its BIRTHDAY as MM/DD. */
const documentedDateOrder: Partial<Record<ImportFormat, DateOrder>> = { square: 'mdy', mailchimp: 'mdy' };

const orderByPlace = new Map<string, DateOrder | null>();

/** The order of day, month and year in a locale's short numeric date, as Intl formats it; null when Intl has no data of its own for that locale. */
function dateOrderOfLocale(locale: string): DateOrder | null {
  if (orderByPlace.has(locale)) return orderByPlace.get(locale)!;
  let order: DateOrder | null = null;
  try {
    const format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' });
    if (format.resolvedOptions().locale === locale) {
      const parts = format.formatToParts(new Date(Date.UTC(2001, 10, 22))).map((p) => p.type).filter((t) => t === 'day' || t === 'month' || t === 'year');
      order = parts[0] === 'year' ? 'ymd' : parts[0] === 'day' ? 'dmy' : 'mdy';
    }
  } catch {
    order = null;
  }
  orderByPlace.set(locale, order);
  return order;
}

/**
 * How people in the shop's country write dates: the shop's language as written there (en-GB, en-GH:
 * day first; en-US: month first), else the country's most likely language (zh-CN: year first). A
 * country Intl knows nothing about gets year first, under which a date such as 03/04/1990, which
 * reads both ways, is refused instead of guessed.
 */
export function dateOrderForCountry(country: string, locale: string): DateOrder {
  const candidates: string[] = [];
  try {
    candidates.push(`${new Intl.Locale(locale).language}-${country}`);
  } catch {
    // a locale Intl cannot read: only the country's own language is tried
  }
  try {
    candidates.push(`${new Intl.Locale('und', { region: country }).maximize().language}-${country}`);
  } catch {
    // not a region Intl knows
  }
  for (const candidate of candidates) {
    const order = dateOrderOfLocale(candidate);
    if (order) return order;
  }
  return 'ymd';
}

export function dateOrderFor(format: ImportFormat, chosen: DateOrder | 'auto', country: string, locale: string): DateOrder {
  if (chosen !== 'auto') return chosen;
  return documentedDateOrder[format] ?? dateOrderForCountry(country, locale);
}

const realDate = (text: string) => birthdaySchema.safeParse(text).success;
const pad = (n: string) => n.padStart(2, '0');

/**
 * A birthday as files write it, in the contract's form (MM-DD or YYYY-MM-DD). Year-first dates
 * (1990-04-03, 1990/04/03) are read as such whatever the order; dates such as 03/04/1990 or 03/04 in
 * the order given. Under year first there is no rule for those, so one is read only when it has a
 * single reading (25/12/1985), and refused when it reads both ways.
 */
export function readDate(value: string, order: DateOrder): { ok: true; birthday: string | null } | { ok: false; message: string } {
  const v = value.trim();
  if (v === '') return { ok: true, birthday: null };
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v);
  if (iso) {
    const birthday = `${iso[1]}-${pad(iso[2])}-${pad(iso[3])}`;
    return realDate(birthday) ? { ok: true, birthday } : { ok: false, message: `birthday: "${v}" is not a real date` };
  }
  // MM-DD with a dash and no year is how Regulars writes a birthday without a year (its customers
  // export, its command line): read as that in every country, so a shop's own export comes back right.
  const monthDay = /^(\d{1,2})-(\d{1,2})$/.exec(v);
  if (monthDay) {
    const birthday = `${pad(monthDay[1])}-${pad(monthDay[2])}`;
    return realDate(birthday) ? { ok: true, birthday } : { ok: false, message: `birthday: "${v}" is not a real date as month-day (MM-DD); write it as DD/MM or MM/DD as the file's other dates are, or as YYYY-MM-DD` };
  }
  const short = /^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{4}))?$/.exec(v);
  if (!short) return { ok: false, message: `birthday: "${v}" is not a date we can read; write it as YYYY-MM-DD` };
  const [, first, second, year] = short;
  const as = (month: string, day: string) => `${year ? `${year}-` : ''}${pad(month)}-${pad(day)}`;
  if (order !== 'ymd') {
    const birthday = order === 'dmy' ? as(second, first) : as(first, second);
    if (realDate(birthday)) return { ok: true, birthday };
    return { ok: false, message: `birthday: "${v}" is not a date read as ${dateOrderLabels[order]}; if the file writes dates another way, choose its date order` };
  }
  const readings = [...new Set([as(second, first), as(first, second)].filter(realDate))];
  if (readings.length === 1) return { ok: true, birthday: readings[0] };
  if (readings.length === 0) return { ok: false, message: `birthday: "${v}" is not a real date` };
  return { ok: false, message: `birthday: "${v}" can be read day first or month first; choose the date order the file uses, or write it as YYYY-MM-DD` };
}

/** A count of purchases as a file gives it: a whole number, nothing else. Null for an empty cell. */
export function readCount(value: string, label: string): { ok: true; count: number | null } | { ok: false; message: string } {
  const v = value.trim().replace(/[\s,]/g, '');
  if (v === '') return { ok: true, count: null };
  if (!/^\d{1,9}$/.test(v)) return { ok: false, message: `${label}: "${value.trim()}" is not a whole number` };
  return { ok: true, count: Number(v) };
}

/**
 * An amount as a file gives it, read as decimal text into integer minor units of the shop's currency
 * (never through a float). Zeros past the currency's digits are allowed (1200.00 yen); anything else
 * past them is refused rather than rounded. Null for an empty cell.
 */
export function readAmount(value: string, currency: string, label: string): { ok: true; minor: number | null } | { ok: false; message: string } {
  const v = value.trim();
  if (v === '') return { ok: true, minor: null };
  const digits = currencyDigits(currency);
  const trimmed = v.replace(new RegExp(`^([^.]*\\.\\d{${digits}})0+$`), '$1').replace(/\.$/, '');
  const parsed = parseMoney(trimmed, currency);
  if (!parsed.ok) return { ok: false, message: `${label}: "${v}" is not an amount we can read (${parsed.message})` };
  return { ok: true, minor: parsed.minor };
}
