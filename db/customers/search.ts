import { Metadata, type CountryCode } from 'libphonenumber-js';
import { customerStatuses, type Customer, type CustomerStatus, type ParsedInputOf } from '../../shared/contract';
import { looksLikePhone, normalisePhone } from '../../shared/format/phone';
import { readSettings, type CoreContext } from '../context';
import { customersInOrder, cutoff365 } from './rows';
import type { Query } from '../query';

/**
 * What staff typed, as a search: engine-neutral, so that SQLite's FTS5 query and PostgreSQL's
 * pg_trgm and prefix conditions are made from one decision.
 * Phone-like input ("024 412", "+233-24", "(0244)") searches the phone's digits; anything else
 * searches names and emails. Words of 3+ characters match anywhere (`fragment`); a shorter word
 * matches the start of a word (`prefix`), so one or two typed characters already help. Every term
 * must match (AND).
 */
export interface SearchTerms {
  kind: 'fragment' | 'prefix';
  /** Which columns the terms are looked for in: the phone's digits, or names and emails. */
  column: 'phone' | 'name_email';
  terms: string[];
}

export function searchTerms(raw: string): SearchTerms | null {
  const query = raw.normalize('NFC').trim();
  if (query === '') return null;
  if (looksLikePhone(query)) {
    const digits = query.replace(/\D/g, '');
    return { kind: digits.length >= 3 ? 'fragment' : 'prefix', column: 'phone', terms: [digits] };
  }
  const words = query.split(/\s+/).filter(Boolean);
  if (words.every((w) => [...w].length >= 3)) return { kind: 'fragment', column: 'name_email', terms: words };
  // A prefix is looked for at the start of each word as FTS5's tokenizer splits them, on punctuation
  // too, so "a.m" still finds "a.mensah@…".
  const tokens = words.flatMap((w) => w.split(/[^\p{L}\p{N}]+/u)).filter(Boolean);
  if (tokens.length === 0) return null;
  return { kind: 'prefix', column: 'name_email', terms: tokens };
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
export const searchCountBound = (offset: number) => Math.ceil((offset + SEARCH_COUNT_STEP) / SEARCH_COUNT_STEP) * SEARCH_COUNT_STEP;

/** Up to this many full-text matches are all ranked; a search with more reads its tiers only as far as the page needs. */
export const RANK_ALL_UP_TO = 300;

/** The start of what was typed as a NOCASE range: [lower, upper) holds every text that starts with it. */
const nocaseRange = (text: string) => {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return { lo: lower, hi: `${lower}\u{10FFFF}` };
};

/** A whole phone number typed any way, as E.164; null for a few digits (most searches with digits). */
function wholePhone(query: string, phoneCountry: string): string | null {
  return couldBeWholePhone(query, phoneCountry) ? normalisePhone(query, phoneCountry)?.e164 ?? null : null;
}

/** What a search's ranking compares the customers with, from what was typed: the same on every engine. */
export interface SearchRanking {
  /** A whole phone number or email typed, which ranks its customer first. */
  exactPhone: string | null;
  exactEmail: string | null;
  /** What was typed without LIKE's wildcards, as the start of a first or last name; `prefix` is its LIKE pattern. */
  stripped: string;
  prefix: string;
  /** Whether `stripped` lost wildcards: then a name starting with it need not match the search. */
  wildcardsRemoved: boolean;
  /** `stripped` in NOCASE's fold: [lo, hi) holds every text that starts with it. */
  lo: string;
  hi: string;
}

/** `phoneCountry` may be null when what was typed has no digits: no whole phone number is looked for then. */
export function searchRanking(query: string, phoneCountry: string | null): SearchRanking {
  const trimmed = query.trim();
  const stripped = trimmed.replace(/[%_]/g, '');
  return {
    exactPhone: phoneCountry !== null && /\d/.test(trimmed) ? wholePhone(trimmed, phoneCountry) : null,
    exactEmail: trimmed.includes('@') ? trimmed.toLowerCase() : null,
    stripped,
    prefix: `${stripped}%`,
    wildcardsRemoved: stripped !== trimmed,
    ...nocaseRange(stripped),
  };
}

/**
 * One statement of a search, as the tiers ask for it; each engine answers it with its own SQL and
 * gives back the ids in the statement's order.
 * - found: the matches (every status), up to RANK_ALL_UP_TO + 1;
 * - exact: the customers of `status` whose whole phone or email was typed, by name (only when one was);
 * - rankAll: the few matches of `status`, names that start with the query first, then by name;
 * - firstNames / lastNames: customers of `status` whose first (last) name starts with the query, by that
 *   name, also checked against the matches when `checked`;
 * - rest: the matches of `status` whose names do not start with the query, newest first.
 * `found` is set when the statement may read the matches from `found`'s answer instead of the index.
 */
export type SearchStep =
  | { step: 'found' }
  | { step: 'exact'; status: CustomerStatus; found: number[] | null }
  | { step: 'rankAll'; status: CustomerStatus; found: number[]; limit: number }
  | { step: 'firstNames' | 'lastNames'; status: CustomerStatus; checked: boolean; limit: number }
  | { step: 'rest'; status: CustomerStatus; limit: number };

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
 *
 * Written once for both engines as a generator: it yields each statement it needs and is sent back
 * that statement's ids, so SQLite answers synchronously and PostgreSQL with an await.
 */
export function* searchTiers(
  terms: SearchTerms,
  ranking: SearchRanking,
  input: { limit: number; status?: CustomerStatus },
): Generator<SearchStep, number[], number[]> {
  const { limit } = input;
  // The matches, up to one more than are ever all ranked: when they are few, the ranking reads them
  // from here instead of asking the full-text index again.
  const found = yield { step: 'found' };
  if (found.length === 0) return [];
  const few = found.length <= RANK_ALL_UP_TO;
  const { exactPhone, exactEmail, stripped } = ranking;

  const ids: number[] = [];
  const taken = new Set<number>();
  let exact = 0;
  const take = (rows: number[]) => {
    for (const id of rows) {
      if (ids.length >= limit) return;
      if (!taken.has(id)) (taken.add(id), ids.push(id));
    }
  };
  // The rows still wanted, plus the exact matches a later tier may find again.
  const room = () => limit - ids.length + exact;

  // In the contract's order, active first: active customers rank before archived ones.
  for (const status of input.status ? [input.status] : customerStatuses) {
    if (ids.length >= limit) break;
    if (exactPhone || exactEmail) {
      const whole = yield { step: 'exact', status, found: few ? found : null };
      take(whole);
      exact = whole.length;
    }
    if (ids.length >= limit) break;
    if (few) {
      take(yield { step: 'rankAll', status, found, limit: room() });
      continue;
    }
    // A phone-like query never starts a name. Otherwise a name that starts with the query matches
    // it, unless LIKE's wildcards were taken out: then the match is checked too.
    if (terms.column !== 'phone' && stripped !== '') {
      const checked = ranking.wildcardsRemoved;
      take(yield { step: 'firstNames', status, checked, limit: room() });
      if (ids.length >= limit) break;
      take(yield { step: 'lastNames', status, checked, limit: room() });
      if (ids.length >= limit) break;
    }
    // The rest, newest first, straight from the full-text index: it stops as soon as the page is full.
    take(yield { step: 'rest', status, limit: room() });
  }
  return ids;
}

/**
 * How an engine searches: its statements for each step of the tiers, for a list page's matches, and
 * for keeping its search index in step. SQLite's are in db/engines/sqlite/customers/search.ts
 * (FTS5), PostgreSQL's in db/engines/postgres/customers/search.ts (pg_trgm and b-tree indexes).
 */
export interface SearchEngine {
  /** The ids of a search's page, in the tiers' order. */
  ids(terms: SearchTerms, ranking: SearchRanking, input: { limit: number; status?: CustomerStatus }): Query<number[]>;
  /** The page of a list's customers whose texts match `query`, with their count as far as searchCountBound goes. */
  pageOfMatches(query: string, list: ListQuery): Query<ListIdPage>;
  /** Takes a merged or erased record out of the search: it must never be found again. */
  forget(id: number): Query<void>;
  /** Runs `insert`, which adds many customers at once (an import), with the search index written in bulk. */
  bulk<T>(insert: () => Query<T>): Query<T>;
}

/** Runs the tiers, each statement's ids given by the engine's `answer`. */
export function* answerTiers(
  tiers: Generator<SearchStep, number[], number[]>,
  answer: (step: SearchStep) => Query<number[]>,
): Query<number[]> {
  let next = tiers.next();
  while (!next.done) next = tiers.next(yield* answer(next.value));
  return next.value;
}

export function* searchCustomers(ctx: CoreContext, input: ParsedInputOf<'customers.search'>): Query<Customer[]> {
  const terms = searchTerms(input.query);
  if (!terms) return [];
  // The shop's country is read only to tell a whole phone number, so only for what has digits: a name
  // or an email is searched without it (on PostgreSQL, one round trip to the server fewer).
  const phoneCountry = /\d/.test(input.query) ? (yield* readSettings()).phoneCountry : null;
  const ranking = searchRanking(input.query, phoneCountry);
  const ids = yield* ctx.search.ids(terms, ranking, input);
  if (ids.length === 0) return [];
  return yield* customersInOrder(ctx, ids, cutoff365(ctx.now()));
}
