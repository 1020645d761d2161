import { Metadata, type CountryCode } from 'libphonenumber-js';
import { customerStatuses, type Customer, type ParsedInputOf } from '../../shared/contract';
import { looksLikePhone, normalisePhone } from '../../shared/format/phone';
import { readSettings, type CoreContext } from '../context';
import { customersInOrder, cutoff365 } from './rows';
import type { SearchIndexTable } from './search-index';

/**
 * Turns what staff type into an FTS5 query over the customer search indexes.
 * Phone-like input ("024 412", "+233-24", "(0244)") searches the phone's digits; anything else
 * searches names and emails. Words of 3+ characters match anywhere (trigram index); a shorter word
 * matches the start of a word (prefix index), so one or two typed characters already help.
 */
export interface SearchPlan {
  table: SearchIndexTable;
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

/** A customer list as customers.list asks for it: conditions on `c` with their parameters, the sort, the page. */
export interface ListQuery {
  where: string[];
  params: Record<string, unknown>;
  order: string;
  limit: number;
  offset: number;
}

/** The ids of one page of a list, with how many the whole list holds (at least, unless `totalExact`). */
export interface ListIdPage {
  ids: number[];
  total: number;
  totalExact: boolean;
}

/**
 * A search's matches are counted only this far past the page asked for, in round thousands: counting
 * every one of 90,000 matches for "0" took longer than the search itself, and nobody pages through
 * them. Past it, `total` says "at least" and grows as later pages are asked for.
 */
const SEARCH_COUNT_STEP = 1000;
/** At least a step past the page's start (pages are at most 500 rows), on a round thousand. */
const searchCountBound = (offset: number) => Math.ceil((offset + SEARCH_COUNT_STEP) / SEARCH_COUNT_STEP) * SEARCH_COUNT_STEP;

/** The page of a list's customers that match a search, with their count as far as SEARCH_COUNT_STEP goes. */
export function pageOfMatches(ctx: CoreContext, plan: SearchPlan, { where, params, order, limit, offset }: ListQuery): ListIdPage {
  const conditions = where.join(' AND ');
  const withMatch = { ...params, match: plan.match };
  // Counted from the search index outwards (CROSS JOIN keeps that order): the planner would
  // otherwise walk every customer of the status and look each up in the matches, 6 ms even for none.
  const fromMatches = `FROM ${plan.table} m CROSS JOIN customers c ON c.id = m.rowid WHERE m.${plan.table} MATCH @match AND ${conditions}`;
  const bound = searchCountBound(offset);
  const counted = ctx.prepare(`SELECT count(*) FROM (SELECT 1 ${fromMatches} LIMIT @bound)`).pluck().get({ ...withMatch, bound: bound + 1 }) as number;
  const totalExact = counted <= bound;
  // A few matches are sorted as they come out of the search index; many are better found by walking
  // the sort's own index and keeping the matches, which stops as soon as the page is full.
  const filter = totalExact
    ? fromMatches
    : `FROM customers c WHERE ${conditions} AND c.id IN (SELECT rowid FROM ${plan.table} WHERE ${plan.table} MATCH @match)`;
  const ids = ctx.prepare(`SELECT c.id ${filter} ORDER BY ${order} LIMIT @limit OFFSET @offset`).pluck().all({ ...withMatch, limit, offset }) as number[];
  return { ids, total: Math.min(counted, bound), totalExact };
}

/** Up to this many full-text matches are all ranked; a search with more reads its tiers only as far as the page needs. */
export const RANK_ALL_UP_TO = 300;

/** The start of what was typed as a NOCASE range: [lower, upper) holds every text that starts with it. */
const nocaseRange = (text: string) => {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return { lo: lower, hi: `${lower}\u{10FFFF}` };
};

const nameOrder = 'c.first_name COLLATE NOCASE, c.last_name COLLATE NOCASE, c.id';
// 0 or 1, never NULL: a missing last name must not move a row out of its tier.
const startsWith = '(c.first_name LIKE @prefix OR coalesce(c.last_name LIKE @prefix, 0))';

/** Every statement a search runs, per full-text table: built once, so a search builds no SQL text. */
function buildSearchSql(table: SearchPlan['table']) {
  const fts = `SELECT rowid FROM ${table} WHERE ${table} MATCH @match`;
  const found = 'SELECT value FROM json_each(@found)';
  const exact = (matching: string) =>
    `SELECT c.id FROM customers c WHERE (c.phone_e164 = @exactPhone OR c.email = @exactEmail)
       AND c.status = @status AND c.erased_at IS NULL AND c.id IN (${matching}) ORDER BY ${nameOrder}`;
  const firstNames = (check: string) =>
    `SELECT c.id FROM customers c INDEXED BY customers_status_name_nocase
     WHERE c.status = @status AND c.first_name >= @lo COLLATE NOCASE AND c.first_name < @hi COLLATE NOCASE
       AND c.first_name LIKE @prefix AND c.erased_at IS NULL ${check}
     ORDER BY ${nameOrder} LIMIT @limit`;
  const lastNames = (check: string) =>
    `SELECT c.id FROM customers c INDEXED BY customers_status_last_name_nocase
     WHERE c.status = @status AND c.last_name >= @lo COLLATE NOCASE AND c.last_name < @hi COLLATE NOCASE
       AND c.last_name LIKE @prefix AND NOT c.first_name LIKE @prefix AND c.erased_at IS NULL ${check}
     ORDER BY c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.id LIMIT @limit`;
  const checked = `AND c.id IN (${fts})`;
  return {
    found: `${fts} LIMIT ${RANK_ALL_UP_TO + 1}`,
    exactAmongFound: exact(found),
    exactAmongAll: exact(fts),
    rankAll: `SELECT c.id FROM customers c NOT INDEXED WHERE c.id IN (${found}) AND c.status = @status AND c.erased_at IS NULL
              ORDER BY ${startsWith} DESC, ${nameOrder} LIMIT @limit`,
    firstNames: firstNames(''),
    firstNamesChecked: firstNames(checked),
    lastNames: lastNames(''),
    lastNamesChecked: lastNames(checked),
    rest: `SELECT c.id FROM ${table} f CROSS JOIN customers c ON c.id = f.rowid
           WHERE f.${table} MATCH @match AND c.status = @status AND c.erased_at IS NULL AND NOT ${startsWith}
           ORDER BY f.rowid DESC LIMIT @limit`,
  };
}
const searchSql = { customers_trigram: buildSearchSql('customers_trigram'), customers_prefix: buildSearchSql('customers_prefix') };

/** A whole phone number typed any way, as E.164; null for a few digits (most searches with digits). */
function wholePhone(ctx: CoreContext, query: string): string | null {
  const { phoneCountry } = readSettings(ctx);
  return couldBeWholePhone(query, phoneCountry) ? normalisePhone(query, phoneCountry)?.e164 ?? null : null;
}

/**
 * The quick-sale dialog picks the top match on Enter, so the order matters: active customers before
 * archived ones; then a whole phone or email typed; then names that start with the query; then names
 * and emails that merely contain it.
 *
 * Up to RANK_ALL_UP_TO matches, all of them are ranked, alphabetically within each tier. Beyond that
 * (two letters among 100,000 customers match thousands), no search ranks every match: each tier is
 * read from an index in its own order and only as far as the page needs. First names that start with
 * the query (alphabetical, from the name index), then last names that do (by last name, from the
 * last-name index), then the other matches, newest customer first (the full-text index's own order).
 */
export function searchCustomers(ctx: CoreContext, input: ParsedInputOf<'customers.search'>): Customer[] {
  const plan = planSearch(input.query);
  if (!plan) return [];
  const sql = searchSql[plan.table];
  const query = input.query.trim();
  const { limit } = input;
  // The matches, up to one more than are ever all ranked: when they are few, the ranking reads them
  // from here instead of asking the full-text index again.
  const found = ctx.prepare(sql.found).pluck().all({ match: plan.match }) as number[];
  if (found.length === 0) return [];
  const few = found.length <= RANK_ALL_UP_TO;
  const exactPhone = /\d/.test(query) ? wholePhone(ctx, query) : null;
  const exactEmail = query.includes('@') ? query.toLowerCase() : null;
  // What staff typed, as the start of a first or last name (LIKE's own wildcards taken out).
  const stripped = query.replace(/[%_]/g, '');
  const prefix = `${stripped}%`;

  const ids: number[] = [];
  const taken = new Set<number>();
  let exact = 0;
  const take = (rows: { id: number }[]) => {
    for (const { id } of rows) {
      if (ids.length >= limit) return;
      if (!taken.has(id)) (taken.add(id), ids.push(id));
    }
  };
  // The rows still wanted, plus the exact matches a later tier may find again.
  const room = () => limit - ids.length + exact;

  // In the contract's order, active first: active customers rank before archived ones.
  for (const status of input.status ? [input.status] : customerStatuses) {
    if (ids.length >= limit) break;
    const params = { match: plan.match, status, prefix, found: few ? JSON.stringify(found) : null };
    if (exactPhone || exactEmail) {
      const whole = ctx.prepare(few ? sql.exactAmongFound : sql.exactAmongAll).all({ ...params, exactPhone, exactEmail }) as { id: number }[];
      take(whole);
      exact = whole.length;
    }
    if (ids.length >= limit) break;
    if (few) {
      take(ctx.prepare(sql.rankAll).all({ ...params, limit: room() }) as { id: number }[]);
      continue;
    }
    // A phone-like query never starts a name. Otherwise a name that starts with the query matches
    // it, unless LIKE's wildcards were taken out: then the match is checked too.
    if (plan.column !== 'phone' && stripped !== '') {
      const { lo, hi } = nocaseRange(stripped);
      const check = stripped !== query;
      take(ctx.prepare(check ? sql.firstNamesChecked : sql.firstNames).all({ ...params, lo, hi, limit: room() }) as { id: number }[]);
      if (ids.length >= limit) break;
      take(ctx.prepare(check ? sql.lastNamesChecked : sql.lastNames).all({ ...params, lo, hi, limit: room() }) as { id: number }[]);
      if (ids.length >= limit) break;
    }
    // The rest, newest first, straight from the full-text index: it stops as soon as the page is full.
    take(ctx.prepare(sql.rest).all({ ...params, limit: room() }) as { id: number }[]);
  }
  if (ids.length === 0) return [];
  return customersInOrder(ctx, ids, cutoff365(ctx.now()));
}
