import { describe, expect, it } from 'vitest';
import { createCore } from '../../../db/core';
import { RANK_ALL_UP_TO } from '../../../db/customers/search';
import { planSearch } from '../../../db/engines/sqlite/customers/search';
import { normalisePhone } from '../../../shared/format/phone';
import { Dataset, random } from '../../../scripts/bench/dataset';
import { loadBulk } from '../../../scripts/bench/load';
import { tempDatabase, value } from '../helpers';

/**
 * customers.search ranks every match only when there are at most RANK_ALL_UP_TO (see searchCustomers); beyond
 * that it reads each tier from its own index, only as far as a page needs. On a book big enough for
 * both, its pages must be exactly these orders, computed here the slow way over every match:
 * - up to RANK_ALL_UP_TO matches: archived last, then a whole phone or email typed, then names that start with
 *   the query, then the rest, alphabetically within each;
 * - more: the same tiers, but first names that start with the query (by first name), then last names
 *   that do (by last name), then the rest newest first.
 * (Ranking every match used to put customers without a last name after everyone else among "the
 * rest", a NULL in the ORDER BY; they are ranked as 0 now.)
 */
const exactFirst = "c.status = 'archived', coalesce(c.phone_e164 = @exactPhone OR c.email = @exactEmail, 0) DESC";
const rankAll = (table: string, statusClause: string) => `
  SELECT c.id FROM customers c
  WHERE c.id IN (SELECT rowid FROM ${table} WHERE ${table} MATCH @match) AND c.erased_at IS NULL ${statusClause}
  ORDER BY ${exactFirst},
    (c.first_name LIKE @prefix OR coalesce(c.last_name LIKE @prefix, 0)) DESC,
    c.first_name COLLATE NOCASE, c.last_name COLLATE NOCASE, c.id
  LIMIT @limit`;
const tiered = (table: string, statusClause: string) => `
  WITH m AS (
    SELECT c.*, CASE WHEN @phone THEN 2 WHEN c.first_name LIKE @prefix THEN 0 WHEN coalesce(c.last_name LIKE @prefix, 0) THEN 1 ELSE 2 END AS tier
    FROM customers c
    WHERE c.id IN (SELECT rowid FROM ${table} WHERE ${table} MATCH @match) AND c.erased_at IS NULL ${statusClause})
  SELECT c.id FROM m c
  ORDER BY ${exactFirst}, c.tier,
    CASE c.tier WHEN 0 THEN c.first_name WHEN 1 THEN c.last_name END COLLATE NOCASE,
    CASE c.tier WHEN 0 THEN c.last_name WHEN 1 THEN c.first_name END COLLATE NOCASE,
    CASE c.tier WHEN 2 THEN -c.id ELSE c.id END
  LIMIT @limit`;

describe('customer search at scale', () => {
  it('gives the pages its definition gives, for names, fragments, phones and emails, over few and many matches', () => {
    const db = tempDatabase();
    db.sqlite.pragma('synchronous = OFF');
    const end = new Date('2026-06-01T12:00:00.000Z');
    loadBulk(db, new Dataset({ customers: 6_000, sales: 0, notes: 0, seed: 3, end, archivedShare: 0.05 }));
    const core = createCore(db, { now: () => end });
    for (const id of [5, 77, 1234]) value(core.call('customers.erase', { id, confirm: true }));

    const people = db.sqlite.prepare('SELECT first_name, last_name, phone_e164, email FROM customers WHERE id % 37 = 0').all() as {
      first_name: string;
      last_name: string | null;
      phone_e164: string | null;
      email: string | null;
    }[];
    const next = random(11);
    const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
    const cut = (text: string, from: number, length: number) => [...text].slice(from, from + length).join('');
    const queries = new Set<string>(['a', 'k', 'am', 'Kw', 'men', 'ensa', 'ama men', "o'b", 'an_e', 'a%', '@example', 'example.com', 'É', 'zzz', '02', '024', '0244', '+233 24']);
    for (const p of people.slice(0, 60)) {
      const name = next() < 0.5 && p.last_name ? p.last_name : p.first_name;
      queries.add(cut(name, 0, 1 + Math.floor(next() * 4)));
      queries.add(cut(name, 1, 3 + Math.floor(next() * 2)));
      if (p.phone_e164) {
        const digits = `0${p.phone_e164.slice(4)}`;
        const from = Math.floor(next() * 5);
        queries.add(digits.slice(from, from + 2 + Math.floor(next() * 6)));
        if (next() < 0.2) queries.add(p.phone_e164);
      }
      if (p.email) {
        queries.add(cut(p.email, Math.floor(next() * 4), 4 + Math.floor(next() * 4)));
        if (next() < 0.2) queries.add(p.email);
      }
      if (p.last_name && next() < 0.2) queries.add(`${cut(p.first_name, 0, 3)} ${cut(p.last_name, 0, 2)}`);
    }

    let compared = 0;
    let large = 0;
    for (const query of queries) {
      const plan = planSearch(query);
      if (!plan) continue;
      const matches = (db.sqlite.prepare(`SELECT count(*) AS n FROM ${plan.table} WHERE ${plan.table} MATCH ?`).get(plan.match) as { n: number }).n;
      if (matches > RANK_ALL_UP_TO) large++;
      for (const status of [undefined, 'active', 'archived'] as const) {
        const limit = pick([20, 20, 5, 100]);
        const got = value(core.call('customers.search', { query, limit, ...(status && { status }) })).map((c) => c.id);
        const trimmed = query.trim();
        const want = (
          db.sqlite.prepare((matches > RANK_ALL_UP_TO ? tiered : rankAll)(plan.table, status ? 'AND c.status = @status' : '')).all({
            phone: plan.column === 'phone' ? 1 : 0,
            match: plan.match,
            status: status ?? null,
            limit,
            exactPhone: /\d/.test(trimmed) ? normalisePhone(trimmed, 'GH')?.e164 ?? null : null,
            exactEmail: trimmed.toLowerCase(),
            prefix: `${trimmed.replace(/[%_]/g, '')}%`,
          }) as { id: number }[]
        ).map((r) => r.id);
        expect(got, `${JSON.stringify(query)} ${status ?? 'any status'} limit ${limit}`).toEqual(want);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(300);
    // Both ways were exercised: searches with more matches than are ever sorted, and fewer.
    expect(large).toBeGreaterThan(10);
    expect(queries.size - large).toBeGreaterThan(10);
  });
});
