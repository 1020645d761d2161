import type { CustomerStatus } from '../../../../shared/contract';
import {
  answerTiers,
  RANK_ALL_UP_TO,
  searchCountBound,
  searchTerms,
  searchTiers,
  type ListIdPage,
  type ListQuery,
  type SearchEngine,
  type SearchRanking,
  type SearchTerms,
} from '../../../customers/search';
import { deferredSearchIndex, searchIndexTables, type SearchIndexTable } from '../../../customers/search-index';
import { run, value, values, type Query } from '../../../query';

/**
 * Customer search on SQLite: the tiers of db/customers/search.ts answered from migration 0006's FTS5
 * tables (trigram for fragments, prefix for the start of words) and the NOCASE name indexes.
 */

/** The terms as an FTS5 query over the customer search indexes: trigram for fragments, prefix for the rest. */
export interface SearchPlan {
  table: SearchIndexTable;
  match: string;
  /** Which columns the match reads: the phone's digits, or names and emails. */
  column: 'phone' | 'name_email';
}

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;
export function planSearch(raw: string): SearchPlan | null {
  const terms = searchTerms(raw);
  return terms && planTerms(terms);
}

function planTerms(terms: SearchTerms): SearchPlan {
  const { kind, column } = terms;
  const columns = column === 'phone' ? 'phone' : '{name email}';
  const star = kind === 'prefix' ? '*' : '';
  const table = kind === 'fragment' ? 'customers_trigram' : 'customers_prefix';
  return { table, match: terms.terms.map((t) => `${columns} : ${quote(t)}${star}`).join(' AND '), column };
}

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
  // The name tiers read customers, not the full-text index: a merged record (archived, its name
  // kept) must be left out here too, as the index leaves it out.
  const firstNames = (check: string) =>
    `SELECT c.id FROM customers c INDEXED BY customers_status_name_nocase
     WHERE c.status = @status AND c.first_name >= @lo COLLATE NOCASE AND c.first_name < @hi COLLATE NOCASE
       AND c.first_name LIKE @prefix AND c.erased_at IS NULL AND c.merged_into IS NULL ${check}
     ORDER BY ${nameOrder} LIMIT @limit`;
  const lastNames = (check: string) =>
    `SELECT c.id FROM customers c INDEXED BY customers_status_last_name_nocase
     WHERE c.status = @status AND c.last_name >= @lo COLLATE NOCASE AND c.last_name < @hi COLLATE NOCASE
       AND c.last_name LIKE @prefix AND NOT c.first_name LIKE @prefix AND c.erased_at IS NULL AND c.merged_into IS NULL ${check}
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


/** The page of a list's customers that match a search, with their count as far as searchCountBound goes. */
function* pageOfMatches(plan: SearchPlan, { where, params, order, limit, offset }: ListQuery): Query<ListIdPage> {
  const conditions = where.join(' AND ');
  const withMatch = { ...params, match: plan.match };
  // Counted from the search index outwards (CROSS JOIN keeps that order): the planner would
  // otherwise walk every customer of the status and look each up in the matches, 6 ms even for none.
  const fromMatches = `FROM ${plan.table} m CROSS JOIN customers c ON c.id = m.rowid WHERE m.${plan.table} MATCH @match AND ${conditions}`;
  const bound = searchCountBound(offset);
  const counted = (yield* value<number>(`SELECT count(*) FROM (SELECT 1 ${fromMatches} LIMIT @bound)`, { ...withMatch, bound: bound + 1 }))!;
  const totalExact = counted <= bound;
  // A few matches are sorted as they come out of the search index; many are better found by walking
  // the sort's own index and keeping the matches, which stops as soon as the page is full.
  const filter = totalExact
    ? fromMatches
    : `FROM customers c WHERE ${conditions} AND c.id IN (SELECT rowid FROM ${plan.table} WHERE ${plan.table} MATCH @match)`;
  const ids = yield* values<number>(`SELECT c.id ${filter} ORDER BY ${order} LIMIT @limit OFFSET @offset`, { ...withMatch, limit, offset });
  return { ids, total: Math.min(counted, bound), totalExact };
}

function ids(terms: SearchTerms, ranking: SearchRanking, input: { limit: number; status?: CustomerStatus }): Query<number[]> {
  const plan = planTerms(terms);
  const sql = searchSql[plan.table];
  const { exactPhone, exactEmail, prefix, lo, hi } = ranking;
  const common = { match: plan.match, prefix };
  return answerTiers(searchTiers(terms, ranking, input), (step) => {
    switch (step.step) {
      case 'found':
        return values<number>(sql.found, { match: plan.match });
      case 'exact':
        return values<number>(step.found ? sql.exactAmongFound : sql.exactAmongAll, {
          ...common,
          status: step.status,
          found: step.found && JSON.stringify(step.found),
          exactPhone,
          exactEmail,
        });
      case 'rankAll':
        return values<number>(sql.rankAll, { ...common, status: step.status, found: JSON.stringify(step.found), limit: step.limit });
      case 'firstNames':
      case 'lastNames': {
        const statement = step.step === 'firstNames' ? (step.checked ? sql.firstNamesChecked : sql.firstNames) : step.checked ? sql.lastNamesChecked : sql.lastNames;
        return values<number>(statement, { ...common, status: step.status, lo, hi, limit: step.limit });
      }
      case 'rest':
        return values<number>(sql.rest, { ...common, status: step.status, limit: step.limit });
    }
  });
}

export const sqliteSearch: SearchEngine = {
  ids,
  *pageOfMatches(query, list) {
    const plan = planSearch(query);
    if (!plan) return { ids: [], total: 0, totalExact: true };
    return yield* pageOfMatches(plan, list);
  },
  // The update trigger puts a row back whenever its name, email or phone change, so this runs last.
  *forget(id) {
    for (const table of searchIndexTables) yield* run(`DELETE FROM ${table} WHERE rowid = ?`, [id]);
  },
  bulk: deferredSearchIndex,
};
