import { Metadata, type CountryCode } from 'libphonenumber-js';
import { looksLikePhone } from '../../shared/format/phone';

/**
 * Turns what staff type into an FTS5 query over the customer search indexes.
 * Phone-like input ("024 412", "+233-24", "(0244)") searches the phone's digits; anything else
 * searches names and emails. Words of 3+ characters match anywhere (trigram index); a shorter word
 * matches the start of a word (prefix index), so one or two typed characters already help.
 */
export interface SearchPlan {
  table: 'customers_trigram' | 'customers_prefix';
  match: string;
  /** Which columns the match reads: the phone's digits, or names and emails. */
  column: 'phone' | 'name_email';
}

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;
export function planSearch(raw: string): SearchPlan | null {
  const query = raw.normalize('NFC').trim();
  if (query === '') return null;
  if (looksLikePhone(query)) {
    const digits = query.replace(/\D/g, '');
    return digits.length >= 3
      ? { table: 'customers_trigram', match: `phone : ${quote(digits)}`, column: 'phone' }
      : { table: 'customers_prefix', match: `phone : ${quote(digits)}*`, column: 'phone' };
  }
  const words = query.split(/\s+/).filter(Boolean);
  if (words.every((w) => [...w].length >= 3)) {
    return { table: 'customers_trigram', match: words.map((w) => `{name email} : ${quote(w)}`).join(' AND '), column: 'name_email' };
  }
  // The prefix index splits on punctuation as its tokenizer does, so "a.m" still finds "a.mensah@…".
  const tokens = words.flatMap((w) => w.split(/[^\p{L}\p{N}]+/u)).filter(Boolean);
  if (tokens.length === 0) return null;
  return { table: 'customers_prefix', match: tokens.map((t) => `{name email} : ${quote(t)}*`).join(' AND '), column: 'name_email' };
}

const fewestNational = new Map<string, number>();

/**
 * Whether what was typed has digits enough to be a whole phone number, before asking libphonenumber
 * (which takes longest to say no: tens of microseconds, on every search with digits). After a "+",
 * 6 digits (country code included: the shortest international numbers); otherwise a national number
 * of the shop's country, or an international one after an exit code such as 00 (2 + 6 digits).
 */
export function couldBeWholePhone(typed: string, country: string): boolean {
  const cleaned = typed.trim().replace(/^'+/, '');
  const digits = cleaned.replace(/\D/g, '').length;
  if (cleaned.startsWith('+')) return digits >= 6;
  let fewest = fewestNational.get(country);
  if (fewest === undefined) {
    fewest = 8;
    try {
      const metadata = new Metadata();
      metadata.selectNumberingPlan(country as CountryCode);
      fewest = Math.min(fewest, ...(metadata.numberingPlan?.possibleLengths() ?? []));
    } catch {
      // An unknown country: libphonenumber itself will say no.
    }
    fewestNational.set(country, fewest);
  }
  return digits >= fewest;
}
