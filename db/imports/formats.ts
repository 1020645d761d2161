import type { ImportField, ImportFormat } from '../../shared/contract';

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
  },
  shopify_legacy: {
    firstName: ['First Name'], lastName: ['Last Name'], email: ['Email'], phone: ['Phone'], address: ['Address1'], tags: ['Tags'], note: ['Note'],
    emailConsent: ['Accepts Marketing'],
  },
  square: {
    firstName: ['First Name'], lastName: ['Last Name'], email: ['Email Address'], phone: ['Phone Number'], address: ['Street Address 1'],
    birthday: ['Birthday'], note: ['Memo'], source: ['Creation Source'], emailConsent: ['Email Subscription Status'],
  },
  mailchimp: {
    firstName: ['First Name', 'FNAME'], lastName: ['Last Name', 'LNAME'], email: ['Email Address'], phone: ['Phone Number', 'PHONE'],
    address: ['Address', 'ADDRESS'], birthday: ['Birthday', 'BIRTHDAY'], tags: ['TAGS', 'Tags'], note: ['NOTES'],
  },
  generic: {
    firstName: ['First Name', 'FirstName', 'First', 'Given Name', 'Name'], lastName: ['Last Name', 'LastName', 'Surname', 'Family Name'],
    email: ['Email', 'Email Address', 'E-mail', 'Mail'], phone: ['Phone', 'Phone Number', 'Mobile', 'Mobile Number', 'Telephone', 'Tel'],
    address: ['Address', 'Street Address', 'Address1'], birthday: ['Birthday', 'Date of Birth', 'DOB'], tags: ['Tags', 'Labels'],
    source: ['Source', 'How they found us'], note: ['Note', 'Notes', 'Comment', 'Comments'], emailConsent: ['Email Consent', 'Accepts Email Marketing', 'Newsletter'],
    smsConsent: ['SMS Consent', 'Accepts SMS Marketing'],
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
export function readConsent(value: string | undefined): 'subscribed' | 'unsubscribed' | null {
  const v = lower(value ?? '');
  if (['yes', 'true', 'y', '1', 'subscribed'].includes(v)) return 'subscribed';
  if (['unsubscribed', 'cleaned', 'opted out', 'opted-out'].includes(v)) return 'unsubscribed';
  return null;
}

/** Mailchimp exports its subscribed, unsubscribed and cleaned contacts as separate files, told apart by their columns. */
export function mailchimpFileConsent(headers: string[]): 'subscribed' | 'unsubscribed' {
  return headers.some((h) => ['UNSUB_TIME', 'CLEAN_TIME'].includes(h.trim().toUpperCase())) ? 'unsubscribed' : 'subscribed';
}

/** Birthdays as files write them: MM-DD, YYYY-MM-DD, MM-DD-YYYY, MM/DD, MM/DD/YYYY. Returns the contract's form. */
export function readBirthday(value: string): string | null {
  const v = value.trim();
  if (v === '') return null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  m = /^(\d{1,2})[-/](\d{1,2})(?:[-/](\d{4}))?$/.exec(v);
  if (m) return `${m[3] ? `${m[3]}-` : ''}${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}`;
  return v; // left for the contract's own check to reject with its message
}
