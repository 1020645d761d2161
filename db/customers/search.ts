/**
 * Turns what staff type into an FTS5 query over the customer search indexes.
 * Phone-like input ("024 412", "+233-24", "(0244)") searches the phone's digits; anything else
 * searches names and emails. Words of 3+ characters match anywhere (trigram index); a shorter word
 * matches the start of a word (prefix index), so one or two typed characters already help.
 */
export interface SearchPlan {
  table: 'customers_trigram' | 'customers_prefix';
  match: string;
}

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;
const phoneLike = /^[\d\s\-+().\/]+$/;

export function planSearch(raw: string): SearchPlan | null {
  const query = raw.normalize('NFC').trim();
  if (query === '') return null;
  if (phoneLike.test(query) && /\d/.test(query)) {
    const digits = query.replace(/\D/g, '');
    return digits.length >= 3
      ? { table: 'customers_trigram', match: `phone : ${quote(digits)}` }
      : { table: 'customers_prefix', match: `phone : ${quote(digits)}*` };
  }
  const words = query.split(/\s+/).filter(Boolean);
  if (words.every((w) => [...w].length >= 3)) {
    return { table: 'customers_trigram', match: words.map((w) => `{name email} : ${quote(w)}`).join(' AND ') };
  }
  // The prefix index splits on punctuation as its tokenizer does, so "a.m" still finds "a.mensah@…".
  const tokens = words.flatMap((w) => w.split(/[^\p{L}\p{N}]+/u)).filter(Boolean);
  if (tokens.length === 0) return null;
  return { table: 'customers_prefix', match: tokens.map((t) => `{name email} : ${quote(t)}*`).join(' AND ') };
}
