import type { CustomerStatus, ParsedInputOf } from '../../../../shared/contract';
import {
  answerTiers,
  RANK_ALL_UP_TO,
  searchCountBound,
  searchRanking,
  searchTerms,
  searchTiers,
  type ListIdPage,
  type ListQuery,
  type SearchEngine,
  type SearchRanking,
  type SearchStep,
  type SearchTerms,
} from '../../../customers/search';
import { done, one, values, type Query, type Statement } from '../../../query';
import { runOnPostgres, type Queryable } from '../run';

/**
 * Customer search on PostgreSQL: the same tiers, ranking and pages as SQLite's (db/customers/search.ts
 * decides what to run; this file only says it in PostgreSQL's SQL), answered from the indexes of
 * migrations 0003 and 0004. A term is looked for in customer_search's texts (migration 0004: folded
 * in SQLite's way when a customer is written) through their pg_trgm index, and checked in the column
 * SQLite's FTS5 query names, so a match is a match on both engines; the name tiers walk the b-tree
 * indexes in NOCASE's order.
 */

/** Only these are ever found, as only these are in SQLite's search indexes; the search indexes are partial on it. */
const searchable = 'c.merged_into IS NULL AND c.erased_at IS NULL';
/** customer_search (migration 0004) holds a row for searchable customers only, their texts folded as the checks read them. */
const withSearch = 'customers c JOIN customer_search s ON s.customer_id = c.id';
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The letters customer_search_code (migration 0008) writes for punctuation in the coded texts: a term
 * of letters and digits that has none of them is the same coded as folded.
 */
export const punctuationCodes = 'ǀǁǂǃʘʬ';
const codedAsTyped = (term: string) => /^[\p{L}\p{N}]+$/u.test(term) && ![...term].some((c) => punctuationCodes.includes(c));

/**
 * A phone search's four digits as customer_phone_grams (migration 0009) holds them, or null for any
 * other search. Four digits are a match exactly where a phone holds them as a run, so that table alone
 * answers, newest customers first.
 */
function phoneGram(terms: SearchTerms): number | null {
  const [term] = terms.terms;
  return terms.column === 'phone' && terms.kind === 'fragment' && terms.terms.length === 1 && /^[0-9]{4}$/.test(term) ? Number(term) : null;
}

/**
 * How a match condition gives PostgreSQL the typed term's folded patterns:
 * - `constants`: as expressions of the parameters, which a plan made for the term folds to constants,
 *   so the planner sees the pattern and chooses between the trigram index and a walk (a list page's
 *   statements, and a phone's first statement);
 * - `once`: each as a scalar subquery, run once when the statement runs, so that one plan serves every
 *   term (a named statement, planned once per connection) and no row calls the folding functions.
 *   Planning a statement for each term took 0.2 to 1 ms, most of what a short statement costs.
 */
type Patterns = 'constants' | 'once';

/**
 * The search's matches as a condition on `s` (customer_search), with its parameters: what SQLite's
 * FTS5 MATCH finds, in texts folded as SQLite folds them, which the trigram index narrows down.
 * A word never spans two columns in either engine, so name and email are checked apart.
 */
function matchCondition(terms: SearchTerms, patterns: Patterns): { condition: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const pattern = (expression: string) => (patterns === 'once' ? `(SELECT ${expression})` : `(${expression})`);
  const parts = terms.terms.map((term, i): string => {
    const t = `term${i}`;
    const escaped = `pattern${i}`;
    if (terms.column === 'phone') {
      const gram = phoneGram(terms);
      if (gram !== null) {
        params[t] = gram;
        return `s.customer_id IN (SELECT g.customer_id FROM customer_phone_grams g WHERE g.gram = @${t})`;
      }
      // The digits anywhere in the phone's digit strings, or at the start of one of them.
      params[escaped] = terms.kind === 'fragment' ? `%${term}%` : `% ${term}%`;
      return `s.phone LIKE @${escaped}`;
    }
    params[t] = term;
    const folded = `customer_search_fold_exact(@${t})`;
    if (terms.kind === 'fragment') {
      // fold_exact leaves \\, % and _ as they are, so the term is escaped before it is folded.
      params[escaped] = escapeLike(term);
      const like = pattern(`'%' || customer_search_fold_exact(@${escaped}) || '%'`);
      // FTS5's trigram index finds nothing for fewer than 3 characters, as "yọ̀" is once its mark is folded away.
      const long = pattern(`char_length(${folded}) >= 3`);
      // The trigram index reads the coded texts (migration 0008). Letters and digits alone match a coded
      // text where they match the folded one, so they are checked there alone; a term with any other
      // character is looked for coded, where its punctuation narrows the index, and checked folded.
      if (codedAsTyped(term)) return `${long} AND (s.name_coded LIKE ${like} OR s.email_coded LIKE ${like})`;
      const coded = pattern(`'%' || customer_search_code(customer_search_fold_exact(@${escaped})) || '%'`);
      return `${long} AND ((s.name_coded LIKE ${coded} AND s.name_folded LIKE ${like}) OR (s.email_coded LIKE ${coded} AND s.email_folded LIKE ${like}))`;
    }
    // A word's start, as FTS5's unicode61 tokenizer splits words (on anything not a letter or digit; a
    // prefix term holds only letters and digits, so nothing in it needs escaping): `words` has a space
    // before every word of the name and the email, so this one LIKE is the whole check.
    return `s.words LIKE ${pattern(`'%' || customer_search_words(${folded}) || '%'`)}`;
  });
  return { condition: parts.map((part) => `(${part})`).join(' AND '), params };
}

/** SQLite's NOCASE, in its byte order (migration 0003). */
const nocase = (column: string) => `customer_search_nocase(${column}) COLLATE "C"`;
const nameOrder = `${nocase('c.first_name')}, ${nocase('c.last_name')} NULLS FIRST, c.id`;
/**
 * Whether a customer_search row's first or last name starts with what was typed, in NOCASE's fold
 * (stored by migration 0008). Never NULL: a missing last name must not move a row out of its tier.
 */
const nameStartsTyped = (lo = '@lo') => `(starts_with(s.first_nocase, ${lo}) OR coalesce(starts_with(s.last_nocase, ${lo}), false))`;

/**
 * The newest customers a phone search (of other than four digits: phoneGram) reads row by row before
 * asking the trigram index: when its digits are common ("024") enough matches among these answer at once, where the index would hand
 * over every match (tens of thousands) to be checked and sorted. The window is a LIMIT inside the
 * statement, so it costs no round trip of its own to find where the newest customers start.
 */
export const NEWEST_WINDOW = 2000;
const newest = (window: string | number) => `(SELECT * FROM customer_search ORDER BY customer_id DESC LIMIT ${window})`;

/**
 * How many of the newest customers the last tier walks before it sorts every match instead. The walk
 * reads rows in order, well under a microsecond each; the sort fetches each match from wherever it
 * lies in the table, a few microseconds each and tens where the table is not in PostgreSQL's memory.
 * At a million customers a term with thousands of matches took 40 ms sorted and a few ms walked.
 */
export const MOST_WALKED = 20_000;

/**
 * A search's first statement counts the matches among this many of the newest customers, to tell a
 * common term from a rare one before it asks the trigram index: the index reads every candidate of a
 * term (about 0.4 µs each) before it hands over the first, 10 to 20 ms for a term that 3% of a
 * million customers match, where walking the newest customers finds 301 of them in 3.
 */
export const SAMPLED = 1000;

/**
 * The matches among the SAMPLED newest customers from which the walk is the quicker way to 301 of
 * them, for a book of `customers`: walking takes 301 / share rows at about 0.3 µs each, the index
 * share × customers candidates at about 0.4 µs, so they cost the same at a share of
 * √(301 × 0.3 / 0.4 / customers), 1.5% of a million customers and 4.8% of 100,000. Never below 25 in
 * SAMPLED (2.5%), so that a walk of MOST_WALKED rows reaches 301 matches even where the newest
 * customers overstated the share by half.
 */
const walkFromSampled = (customers: string) => `greatest(25, ${SAMPLED} * sqrt(301 * 0.75 / greatest(1, ${customers})))`;

/**
 * The walk for the last tier, from the share of customers that match: `found` holds more than
 * RANK_ALL_UP_TO matches, each read from one end of the table (the trigram index hands them over in
 * the table's order, which is the order customers came in, give or take the ones changed since; a
 * walk, from the newest), so their spread of ids says about how many customers hold that many
 * matches. (Told from the names, they are spread over the whole book and the guess is low; the name
 * tiers then fill a page themselves.) `sampled`, the matches among the SAMPLED newest customers where
 * the first statement counted them, says what the walk will meet: the oldest customers' share
 * overstated it for terms whose matches cluster ("ma.1" among emails numbered by when they were
 * made), and a walk that ended short was followed by the sort anyway. The lower of the two is taken.
 * Twice the rows the page needs at that share, so that a tier of one status still fills it; 0, for
 * no walk, where that would be longer than MOST_WALKED. Only the time depends on this guess: the
 * statement's answer does not.
 */
export function restWalk(found: readonly number[], limit: number, sampled?: number): number {
  let lowest = Infinity;
  let highest = -Infinity;
  for (const id of found) (lowest = Math.min(lowest, id), highest = Math.max(highest, id));
  const share = Math.min(found.length / (highest - lowest + 1), sampled === undefined ? Infinity : sampled / SAMPLED);
  const rows = Math.ceil((2 * limit) / share);
  return rows > MOST_WALKED ? 0 : Math.max(NEWEST_WINDOW, rows);
}

/**
 * `SELECT s.customer_id FROM customer_search s WHERE …` fenced by OFFSET 0, so that the planner
 * chooses its plan for every match rather than for the first few a LIMIT outside asks: that is the
 * trigram index (in a plan for any term, always). Planned for the first few, a term whose share the
 * planner overrated (LIKE's estimate is a guess) walked a quarter of the table to find them.
 */
const everyMatch = (where: string) => `(SELECT s.customer_id FROM customer_search s WHERE ${where} OFFSET 0) m`;

/**
 * Up to RANK_ALL_UP_TO + 1 matches (`ids`), of every status: the first 301 walking from the newest
 * customers when the SAMPLED newest say the term is common, else (or when the walk ended short of
 * them) from the trigram index. Either way all the matches when they are no more than RANK_ALL_UP_TO.
 * And how many of the SAMPLED newest matched (`sampled`, for restWalk).
 */
const sampledMatches = (match: string) =>
  `WITH sample AS MATERIALIZED (SELECT count(*) AS n FROM ${newest(SAMPLED)} s WHERE ${match}),
        walked AS MATERIALIZED (SELECT s.customer_id FROM ${newest(MOST_WALKED)} s WHERE ${match}
          AND (SELECT n FROM sample) >= ${walkFromSampled('(SELECT max(customer_id) FROM customer_search)')} LIMIT ${RANK_ALL_UP_TO + 1})
   SELECT ARRAY(SELECT customer_id FROM walked WHERE (SELECT count(*) FROM walked) > ${RANK_ALL_UP_TO}
                UNION ALL
                (SELECT customer_id FROM ${everyMatch(match)} WHERE (SELECT count(*) FROM walked) <= ${RANK_ALL_UP_TO} LIMIT ${RANK_ALL_UP_TO + 1})) AS ids,
          (SELECT n FROM sample)::integer AS sampled`;

/**
 * What was typed (lo, hi), the status and the limit, each as a scalar subquery computed once per run,
 * for the name tiers and the last tier. PostgreSQL keeps a named statement's plan for any values only
 * while it costs no more than the plans it made for the values it was given; a plan made for a name's
 * range, a walk's length and a limit of 20 always looked cheaper, so these statements were planned
 * afresh on every run (0.3 to 0.7 ms each, for statements that read a few index pages or walk a few
 * thousand rows). Given as subqueries, the values are hidden from every plan alike, and the plan is kept.
 */
const bounds = { lo: '(SELECT @lo::text)', hi: '(SELECT @hi::text)', status: '(SELECT @status::text)', limit: '(SELECT @limit::integer)' };

/**
 * Every statement a search runs, for one match condition: `match` gives its patterns once per run,
 * `matchAsConstants` for a statement planned for each term (patterns).
 */
function searchSql(match: string, matchAsConstants: string) {
  const exact = (from: string, among: string) =>
    `SELECT c.id FROM ${from} WHERE (c.phone_e164 = @exactPhone OR c.email = @exactEmail)
       AND c.status = @status AND ${searchable} AND ${among} ORDER BY ${nameOrder}`;
  const nameStarts = (column: string) =>
    `${nocase(column)} >= ${bounds.lo} AND ${nocase(column)} < ${bounds.hi} AND starts_with(customer_search_nocase(${column}), ${bounds.lo})`;
  const firstNames = (check: string) =>
    `SELECT c.id FROM ${check ? withSearch : 'customers c'} WHERE c.status = ${bounds.status} AND ${nameStarts('c.first_name')} AND ${searchable} ${check}
     ORDER BY ${nameOrder} LIMIT ${bounds.limit}`;
  const lastNames = (check: string) =>
    `SELECT c.id FROM ${check ? withSearch : 'customers c'} WHERE c.status = ${bounds.status} AND ${nameStarts('c.last_name')}
       AND NOT starts_with(customer_search_nocase(c.first_name), ${bounds.lo}) AND ${searchable} ${check}
     ORDER BY ${nocase('c.last_name')}, ${nocase('c.first_name')}, c.id LIMIT ${bounds.limit}`;
  // The matches of the tier's status whose names do not start with what was typed. customer_search
  // holds searchable customers only, with their status and names folded (migration 0008), so the tier
  // reads that one table, never a join through customers for every match.
  const restOf = `${match} AND s.status = ${bounds.status} AND NOT ${nameStartsTyped(bounds.lo)}`;
  const walk = '(SELECT @walk::integer)';
  return {
    // A phone's first digits are shared by a large share of customers ("024"), so the newest are read
    // first: enough matches among them say "many" at once; otherwise the index finds them all. One
    // statement either way, planned for the digits. A name's or an email's term is sampled instead.
    foundPhone: `WITH recent AS MATERIALIZED (SELECT s.customer_id FROM ${newest(NEWEST_WINDOW)} s WHERE ${matchAsConstants} LIMIT ${RANK_ALL_UP_TO + 1})
                 SELECT customer_id FROM recent WHERE (SELECT count(*) FROM recent) > ${RANK_ALL_UP_TO}
                 UNION ALL
                 (SELECT customer_id FROM ${everyMatch(matchAsConstants)} WHERE (SELECT count(*) FROM recent) <= ${RANK_ALL_UP_TO} LIMIT ${RANK_ALL_UP_TO + 1})`,
    found: sampledMatches(match),
    // Four digits (phoneGram): the newest 301 matches straight off customer_phone_grams' index.
    foundGram: `SELECT customer_id FROM customer_phone_grams WHERE gram = @term0 ORDER BY customer_id DESC LIMIT ${RANK_ALL_UP_TO + 1}`,
    // The customers of one status whose first, then last names start with what was typed (NamesRead),
    // in one round trip, with one plan per connection (bounds).
    names: `SELECT ARRAY(${firstNames('')}) AS first_names, ARRAY(${lastNames('')}) AS last_names`,
    exactAmongFound: exact('customers c', 'c.id = ANY (@found::integer[])'),
    exactAmongAll: exact(withSearch, match),
    // From customer_search, which holds the status and both names folded (migration 0008) for the
    // searchable customers only: no row of customers is read, and no name folded again, to rank them.
    rankAll: `SELECT s.customer_id FROM customer_search s WHERE s.customer_id = ANY (@found::integer[]) AND s.status = @status
              ORDER BY ${nameStartsTyped()} DESC,
                       s.first_nocase COLLATE "C", s.last_nocase COLLATE "C" NULLS FIRST, s.customer_id LIMIT @limit`,
    firstNamesChecked: firstNames(`AND ${match}`),
    lastNamesChecked: lastNames(`AND ${match}`),
    // Newest first: from a walk of the newest customers (restWalk) when they hold a page of them, else
    // from every match, sorted. Planned for the page alone, the walk from the newest was the planner's
    // choice whenever it overrated a term's share, and some took milliseconds to fill a page.
    rest: `WITH recent AS MATERIALIZED (SELECT s.customer_id FROM ${newest(walk)} s WHERE ${restOf} ORDER BY s.customer_id DESC LIMIT ${bounds.limit})
           SELECT customer_id FROM recent WHERE (SELECT count(*) FROM recent) >= ${bounds.limit}
           UNION ALL
           (SELECT customer_id FROM ${everyMatch(restOf)} WHERE (SELECT count(*) FROM recent) < ${bounds.limit} ORDER BY customer_id DESC LIMIT ${bounds.limit})
           ORDER BY customer_id DESC`,
    // Four digits: their matches come newest first off the index, each checked in customer_search until a page is full.
    restGram: `SELECT g.customer_id FROM customer_phone_grams g JOIN customer_search s ON s.customer_id = g.customer_id
               WHERE g.gram = @term0 AND s.status = @status AND NOT ${nameStartsTyped()} ORDER BY g.customer_id DESC LIMIT @limit`,
  };
}

const searchSqlByMatch = new Map<string, ReturnType<typeof searchSql>>();
function searchSqlFor(match: string, matchAsConstants: string) {
  let sql = searchSqlByMatch.get(match);
  if (!sql) {
    sql = searchSql(match, matchAsConstants);
    searchSqlByMatch.set(match, sql);
  }
  return sql;
}

/**
 * The statement whose best plan depends on the term and is planned for each: whether a phone's digits
 * are common ("024") or rare decides between a walk and the trigram index, and the planner sees
 * them. Every other statement is named, so each connection plans it once: its patterns are computed
 * once per run (Patterns), and where a walk or the index is quicker is decided as it runs, from what
 * the newest customers hold.
 */
const plannedForEachTerm: ReadonlySet<keyof ReturnType<typeof searchSql>> = new Set(['foundPhone'] as const);

export interface SearchSettings {
  phoneCountry: string;
}

/**
 * Whether a search reads its active customers' names before the trigram index: a name that starts
 * with what was typed is a match (the name tiers say so already), so a few hundred of them say
 * "many" from the b-tree name indexes at once, where the index would read every match's trigrams
 * (tens of thousands for "Kw" among a million customers: 10 ms and more). Only for what could start a
 * name, with no wildcards taken out; with few matches, the names were read for nothing (one statement
 * of two index ranges, a few tenths of a millisecond).
 */
function readsNamesFirst(terms: SearchTerms, ranking: SearchRanking, input: { status?: CustomerStatus }): boolean {
  return terms.column !== 'phone' && !ranking.wildcardsRemoved && /^[\p{L}' -]+$/u.test(ranking.stripped) && (input.status ?? 'active') === 'active';
}

/**
 * The customers of one status whose first, then last names start with what was typed, read in one
 * statement: ahead of the tiers (readsNamesFirst), or when the first name tier asks, so that the last
 * name tier after it costs no round trip of its own.
 */
class NamesRead {
  constructor(
    readonly status: CustomerStatus,
    /** As many of each as were asked for. */
    readonly limit: number,
    readonly firstNames: number[],
    readonly lastNames: number[],
  ) {}

  matches(): number[] {
    return [...this.firstNames, ...this.lastNames];
  }

  /** Whether a name tier's answer is the start of what was read: the same status, and no more rows than were read, unless they were all. */
  answers(step: SearchStep & { step: 'firstNames' | 'lastNames' }): boolean {
    const rows = this.rows(step);
    return step.status === this.status && (rows.length < this.limit || step.limit <= this.limit);
  }

  page(step: SearchStep & { step: 'firstNames' | 'lastNames' }): number[] {
    return this.rows(step).slice(0, step.limit);
  }

  private rows(step: SearchStep & { step: 'firstNames' | 'lastNames' }): number[] {
    return step.step === 'firstNames' ? this.firstNames : this.lastNames;
  }
}

/** The ids of a search's page, in SQLite's order; `onStatement` sees each statement as it runs (the bench's floor replays them). */
function ids(
  terms: SearchTerms,
  ranking: SearchRanking,
  input: { limit: number; status?: CustomerStatus },
  onStatement?: (statement: Statement) => void,
): Query<number[]> {
  const match = matchCondition(terms, 'once');
  const sql = searchSqlFor(match.condition, matchCondition(terms, 'constants').condition);
  const { exactPhone, exactEmail, lo, hi } = ranking;
  const gram = phoneGram(terms);
  const run = (which: keyof typeof sql, params: Record<string, unknown>) => {
    const statement: Statement = { kind: 'values', sql: sql[which], params, planEachRun: plannedForEachTerm.has(which) };
    onStatement?.(statement);
    return values<number>(statement.sql, statement.params, statement);
  };
  const runOne = function* <Row>(which: 'names' | 'found', params: Record<string, unknown>): Query<Row> {
    const statement: Statement = { kind: 'one', sql: sql[which], params };
    onStatement?.(statement);
    return (yield* one<Row>(statement.sql, statement.params, statement))!;
  };
  let found: number[] = [];
  // How many of the newest customers matched, where the first statement sampled them (restWalk).
  let sampled: number | undefined;
  let names: NamesRead | null = null;
  const readNames = function* (status: CustomerStatus, limit: number): Query<NamesRead> {
    const read = yield* runOne<{ first_names: number[]; last_names: number[] }>('names', { status, lo, hi, limit });
    return new NamesRead(status, limit, read.first_names, read.last_names);
  };
  const answer = function* (step: SearchStep): Query<number[]> {
    switch (step.step) {
      case 'found':
        if (readsNamesFirst(terms, ranking, input)) {
          // One more than are ever all ranked: more than RANK_ALL_UP_TO of them are "many" matches.
          names = yield* readNames('active', RANK_ALL_UP_TO + 1);
          if (names.matches().length > RANK_ALL_UP_TO) return (found = names.matches());
        }
        if (terms.column === 'phone') return (found = yield* run(gram !== null ? 'foundGram' : 'foundPhone', match.params));
        ({ ids: found, sampled } = yield* runOne<{ ids: number[]; sampled: number }>('found', match.params));
        return found;
      case 'exact':
        return step.found
          ? yield* run('exactAmongFound', { found: step.found, status: step.status, exactPhone, exactEmail })
          : yield* run('exactAmongAll', { ...match.params, status: step.status, exactPhone, exactEmail });
      case 'rankAll':
        return yield* run('rankAll', { found: step.found, status: step.status, lo, limit: step.limit });
      case 'firstNames':
      case 'lastNames':
        if (step.checked) {
          return yield* run(`${step.step}Checked`, { ...match.params, status: step.status, lo, hi, limit: step.limit });
        }
        // The first name tier reads both (or finds them read ahead); the last name tier after it reads what is left of them.
        if (!names?.answers(step)) names = yield* readNames(step.status, step.limit);
        return names.page(step);
      case 'rest':
        // The tiers ask for the rest only when the matches are many: `found` holds more than RANK_ALL_UP_TO.
        if (gram !== null) return yield* run('restGram', { ...match.params, status: step.status, lo, limit: step.limit });
        return yield* run('rest', { ...match.params, status: step.status, lo, limit: step.limit, walk: restWalk(found, step.limit, sampled) });
    }
  };
  return answerTiers(searchTiers(terms, ranking, input), answer);
}

/**
 * customers.search's ids on PostgreSQL straight through `client`, for the bench's floor and the
 * parity tests, which compare them with SQLite's.
 */
export function searchCustomerIds(
  client: Queryable,
  input: Pick<ParsedInputOf<'customers.search'>, 'query' | 'limit'> & { status?: CustomerStatus },
  settings: SearchSettings,
  onStatement?: (statement: Statement) => void,
): Promise<number[]> {
  const terms = searchTerms(input.query);
  if (!terms) return Promise.resolve([]);
  return runOnPostgres(ids(terms, searchRanking(input.query, settings.phoneCountry), input, onStatement), client);
}

/** The page of a list's customers that match a search, with their count as far as SQLite's bound goes. */
export function* pageOfMatches(query: string, list: ListQuery): Query<ListIdPage> {
  const terms = searchTerms(query);
  if (!terms) return { ids: [], total: 0, totalExact: true };
  const match = matchCondition(terms, 'constants');
  const filter = `FROM ${withSearch} WHERE ${searchable} AND ${match.condition} AND ${list.where.join(' AND ')}`;
  const params = { ...list.params, ...match.params };
  const bound = searchCountBound(list.offset);
  const [counted] = yield* values<number>(`SELECT count(*)::integer FROM (SELECT 1 ${filter} LIMIT @bound) m`, { ...params, bound: bound + 1 }, { planEachRun: true });
  const page = yield* values<number>(`SELECT c.id ${filter} ORDER BY ${list.order} LIMIT @limit OFFSET @offset`, { ...params, limit: list.limit, offset: list.offset }, { planEachRun: true });
  return { ids: page, total: Math.min(counted, bound), totalExact: counted <= bound };
}

export const postgresSearch: SearchEngine = {
  ids: (terms, ranking, input) => ids(terms, ranking, input),
  pageOfMatches: (query, list) => pageOfMatches(query, list),
  // customer_search is kept by trigger (migration 0004): a merged or erased record leaves it there.
  forget: () => done(undefined),
  // The trigger writes customer_search row by row; PostgreSQL has no FTS segments to merge.
  bulk: (insert) => insert(),
};
