import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { CustomerStatus, ParsedInputOf } from '../../../../shared/contract';
import {
  RANK_ALL_UP_TO,
  searchCountBound,
  searchRanking,
  searchTerms,
  searchTiers,
  type ListIdPage,
  type SearchStep,
  type SearchTerms,
} from '../../../customers/search';

/**
 * Customer search on PostgreSQL: the same tiers, ranking and pages as SQLite's (db/customers/search.ts
 * decides what to run; this file only says it in PostgreSQL's SQL), answered from the indexes of
 * migrations 0001 and 0003. A term is first looked for in customer_search_text's pg_trgm index (one
 * text of name, email and phone), then checked in the column SQLite's FTS5 query names, so a match
 * is a match on both engines; the name tiers walk the b-tree indexes in NOCASE's order.
 */

/** Anything that runs a query: the book's pool, or one of its clients inside a transaction. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

/** A statement with @named parameters, as the SQLite side writes them, turned into pg's $1, $2… once. */
interface Statement {
  name: string;
  text: string;
  order: string[];
}
const statements = new Map<string, Statement>();
function statement(sql: string): Statement {
  let known = statements.get(sql);
  if (!known) {
    const order: string[] = [];
    const text = sql.replace(/@(\w+)/g, (_, param: string) => {
      if (!order.includes(param)) order.push(param);
      return `$${order.indexOf(param) + 1}`;
    });
    // Named, so each connection plans it once: a search runs up to six of these.
    known = { name: `regulars_search_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text, order };
    statements.set(sql, known);
  }
  return known;
}

/** One statement's query config: pg prepares it by name on each connection, rows as arrays. */
export function preparedQuery(sql: string, params: Record<string, unknown>): pg.QueryArrayConfig {
  const { name, text, order } = statement(sql);
  return {
    name,
    text,
    rowMode: 'array',
    values: order.map((param) => {
      if (!(param in params)) throw new Error(`The search statement needs @${param}`);
      return params[param];
    }),
  };
}

async function ids(client: Queryable, sql: string, params: Record<string, unknown>): Promise<number[]> {
  const result = await client.query<[number]>(preparedQuery(sql, params));
  return result.rows.map((row) => row[0]);
}

/** Only these are ever found, as only these are in SQLite's search indexes; the search indexes are partial on it. */
const searchable = 'c.merged_into IS NULL AND c.erased_at IS NULL';
const searchText = 'customer_search_text(c.first_name, c.last_name, c.email, c.phone_search)';
const foldedName = "customer_search_fold_exact(c.first_name || ' ' || coalesce(c.last_name, ''))";
const foldedEmail = "customer_search_fold_exact(coalesce(c.email, ''))";
/** A word's start in a folded text, as FTS5's unicode61 tokenizer splits words (on anything not a letter or digit). */
const wordStart = (param: string, fold: string) => `('(^|[^[:alnum:]])' || ${fold}(@${param}))`;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The search's matches as a condition on `c`, with its parameters: what SQLite's FTS5 MATCH finds.
 * Each term is looked for in the one indexed text, which holds every column, in unaccent's fold (the
 * index's part, a few more candidates than SQLite's), then in the columns the FTS5 query reads, in
 * SQLite's own fold (the check): a word never spans two columns in either.
 */
function matchCondition(terms: SearchTerms): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const conditions = terms.terms.map((term, i) => {
    const t = `term${i}`;
    const pattern = `pattern${i}`;
    if (terms.column === 'phone') {
      // The digits anywhere in the phone's digit strings, or at the start of one of them.
      params[pattern] = terms.kind === 'fragment' ? `%${term}%` : `% ${term}%`;
      return `${searchText} LIKE @${pattern} AND (' ' || coalesce(c.phone_search, '')) LIKE @${pattern}`;
    }
    params[t] = term;
    if (terms.kind === 'fragment') {
      params[pattern] = escapeLike(term);
      return `${searchText} LIKE '%' || customer_search_fold(@${pattern}) || '%'
        AND (strpos(${foldedName}, customer_search_fold_exact(@${t})) > 0 OR strpos(${foldedEmail}, customer_search_fold_exact(@${t})) > 0)`;
    }
    const exactStart = wordStart(t, 'customer_search_fold_exact');
    return `${searchText} ~ ${wordStart(t, 'customer_search_fold')} AND (${foldedName} ~ ${exactStart} OR ${foldedEmail} ~ ${exactStart})`;
  });
  return { sql: conditions.map((condition) => `(${condition})`).join(' AND '), params };
}

/** SQLite's NOCASE, in its byte order (migration 0003). */
const nocase = (column: string) => `customer_search_nocase(${column}) COLLATE "C"`;
const nameOrder = `${nocase('c.first_name')}, ${nocase('c.last_name')} NULLS FIRST, c.id`;
// Never NULL: a missing last name must not move a row out of its tier.
const startsWith = "(starts_with(customer_search_nocase(c.first_name), @lo) OR coalesce(starts_with(customer_search_nocase(c.last_name), @lo), false))";

/** Every statement a search runs, for one match condition. */
function searchSql(match: string) {
  const exact = (among: string) =>
    `SELECT c.id FROM customers c WHERE (c.phone_e164 = @exactPhone OR c.email = @exactEmail)
       AND c.status = @status AND ${searchable} AND ${among} ORDER BY ${nameOrder}`;
  const nameStarts = (column: string) =>
    `${nocase(column)} >= @lo AND ${nocase(column)} < @hi AND starts_with(customer_search_nocase(${column}), @lo)`;
  const firstNames = (check: string) =>
    `SELECT c.id FROM customers c WHERE c.status = @status AND ${nameStarts('c.first_name')} AND ${searchable} ${check}
     ORDER BY ${nameOrder} LIMIT @limit`;
  const lastNames = (check: string) =>
    `SELECT c.id FROM customers c WHERE c.status = @status AND ${nameStarts('c.last_name')}
       AND NOT starts_with(customer_search_nocase(c.first_name), @lo) AND ${searchable} ${check}
     ORDER BY ${nocase('c.last_name')}, ${nocase('c.first_name')}, c.id LIMIT @limit`;
  return {
    found: `SELECT c.id FROM customers c WHERE ${searchable} AND ${match} LIMIT ${RANK_ALL_UP_TO + 1}`,
    exactAmongFound: exact('c.id = ANY (@found::integer[])'),
    exactAmongAll: exact(match),
    rankAll: `SELECT c.id FROM customers c WHERE c.id = ANY (@found::integer[]) AND c.status = @status AND c.erased_at IS NULL
              ORDER BY ${startsWith} DESC, ${nameOrder} LIMIT @limit`,
    firstNames: firstNames(''),
    firstNamesChecked: firstNames(`AND ${match}`),
    lastNames: lastNames(''),
    lastNamesChecked: lastNames(`AND ${match}`),
    rest: `SELECT c.id FROM customers c WHERE ${searchable} AND ${match} AND c.status = @status AND NOT ${startsWith}
           ORDER BY c.id DESC LIMIT @limit`,
  };
}
const searchSqlByMatch = new Map<string, ReturnType<typeof searchSql>>();
const searchSqlFor = (match: string) => searchSqlByMatch.get(match) ?? searchSqlByMatch.set(match, searchSql(match)).get(match)!;

/** What a search's statements are for one step, so the bench can run the very same ones as its floor. */
export interface SearchStatement {
  sql: string;
  params: Record<string, unknown>;
}

export interface SearchSettings {
  phoneCountry: string;
}

/**
 * customers.search on PostgreSQL: the ids of the page, in SQLite's order. `onStatement` sees each
 * statement as it runs (the bench's floor replays them).
 */
export async function searchCustomerIds(
  client: Queryable,
  input: Pick<ParsedInputOf<'customers.search'>, 'query' | 'limit'> & { status?: CustomerStatus },
  settings: SearchSettings,
  onStatement?: (statement: SearchStatement) => void,
): Promise<number[]> {
  const terms = searchTerms(input.query);
  if (!terms) return [];
  const ranking = searchRanking(input.query, settings.phoneCountry);
  const match = matchCondition(terms);
  const sql = searchSqlFor(match.sql);
  const { exactPhone, exactEmail, lo, hi } = ranking;
  const run = (text: string, params: Record<string, unknown>) => {
    onStatement?.({ sql: text, params });
    return ids(client, text, params);
  };
  const answer = (step: SearchStep): Promise<number[]> => {
    switch (step.step) {
      case 'found':
        return run(sql.found, match.params);
      case 'exact':
        return step.found
          ? run(sql.exactAmongFound, { found: step.found, status: step.status, exactPhone, exactEmail })
          : run(sql.exactAmongAll, { ...match.params, status: step.status, exactPhone, exactEmail });
      case 'rankAll':
        return run(sql.rankAll, { found: step.found, status: step.status, lo, limit: step.limit });
      case 'firstNames':
        return run(step.checked ? sql.firstNamesChecked : sql.firstNames, { ...match.params, status: step.status, lo, hi, limit: step.limit });
      case 'lastNames':
        return run(step.checked ? sql.lastNamesChecked : sql.lastNames, { ...match.params, status: step.status, lo, hi, limit: step.limit });
      case 'rest':
        return run(sql.rest, { ...match.params, status: step.status, lo, limit: step.limit });
    }
  };
  const tiers = searchTiers(terms, ranking, input);
  let next = tiers.next();
  while (!next.done) next = tiers.next(await answer(next.value));
  return next.value;
}

/** A customer list as customers.list asks for it, in PostgreSQL's SQL: conditions on `c` with @named parameters, the sort, the page. */
export interface PostgresListQuery {
  where: string[];
  params: Record<string, unknown>;
  order: string;
  limit: number;
  offset: number;
}

/** The page of a list's customers that match a search, with their count as far as SQLite's bound goes. */
export async function pageOfMatches(client: Queryable, query: string, list: PostgresListQuery): Promise<ListIdPage> {
  const terms = searchTerms(query);
  if (!terms) return { ids: [], total: 0, totalExact: true };
  const match = matchCondition(terms);
  const filter = `FROM customers c WHERE ${searchable} AND ${match.sql} AND ${list.where.join(' AND ')}`;
  const params = { ...list.params, ...match.params };
  const bound = searchCountBound(list.offset);
  const [counted] = await ids(client, `SELECT count(*)::integer FROM (SELECT 1 ${filter} LIMIT @bound) m`, { ...params, bound: bound + 1 });
  const page = await ids(client, `SELECT c.id ${filter} ORDER BY ${list.order} LIMIT @limit OFFSET @offset`, { ...params, limit: list.limit, offset: list.offset });
  return { ids: page, total: Math.min(counted, bound), totalExact: counted <= bound };
}
