import { describe, expect, it } from 'vitest';
import { createCore } from '../../../db/core';
import { planSearch } from '../../../db/engines/sqlite/customers/search';
import type { Customer } from '../../../shared/contract';
import { describeEngines, openTestBook, type Engine } from '../../support/engines';
import { tempDatabase, value } from '../helpers';

async function seed(call: (firstName: string, lastName: string, extra: { phone?: string; email?: string }) => unknown) {
  await call('Ama', 'Ménsah', { phone: '024 412 3456', email: 'ama.mensah@example.com' });
  await call('Kofi', 'Boateng', { phone: '+233 20 123 4567', email: 'kboateng@shopmail.gh' });
  await call('Zoë', 'Adjei', { email: 'zoe@example.org' });
}

async function shop(engine: Engine) {
  const core = await openTestBook(engine);
  await seed(async (firstName, lastName, extra) => value(await core.call('customers.create', { firstName, lastName, ...extra })));
  const names = async (query: string) => value(await core.call('customers.search', { query })).map((c) => c.firstName);
  return { core, names };
}

describeEngines('customer search', (engine) => {
  it('finds by any part of the name, ignoring case and accents', async () => {
    const { names } = await shop(engine);
    expect(await names('mens')).toEqual(['Ama']);
    expect(await names('MÉNS')).toEqual(['Ama']);
    expect(await names('ensa')).toEqual(['Ama']);
    expect(await names('zoe')).toEqual(['Zoë']);
    expect(await names('ama mens')).toEqual(['Ama']);
    expect(await names('boat kofi')).toEqual(['Kofi']);
  });

  it('finds by 4 digits of the phone, typed any way', async () => {
    const { names } = await shop(engine);
    for (const typed of ['4123', '412 3', '41-23', '0244', '+233 24 412', '233244123456', '(024) 412-3456']) {
      expect(await names(typed), typed).toEqual(['Ama']);
    }
    expect(await names('1234567')).toEqual(['Kofi']);
  });

  it('finds by an email fragment', async () => {
    const { names } = await shop(engine);
    expect(await names('shopmail')).toEqual(['Kofi']);
    expect(await names('@example')).toEqual(['Ama', 'Zoë']);
    expect(await names('example.org')).toEqual(['Zoë']);
  });

  it('answers one or two typed characters by word prefix', async () => {
    const { names } = await shop(engine);
    expect(await names('a')).toEqual(['Ama', 'Zoë']); // Ama, Adjei
    expect(await names('ko')).toEqual(['Kofi']);
    expect(await names('bo')).toEqual(['Kofi']);
    expect(await names('02')).toEqual(['Ama', 'Kofi']);
    expect(await names('')).toEqual([]);
    expect(await names('zzz')).toEqual([]);
  });

  it('survives FTS syntax typed as text', async () => {
    const { names } = await shop(engine);
    for (const odd of ['"', 'ama"', 'NEAR(', 'a OR b', '*', 'kofi AND', '-', "o'brien"]) {
      expect(Array.isArray(await names(odd)), odd).toBe(true);
    }
  });

  it('follows edits: a changed name or phone is found by the new value only', async () => {
    const { core, names } = await shop(engine);
    const [ama] = value(await core.call('customers.search', { query: 'mens' }));
    value(await core.call('customers.update', { id: ama.id, patch: { lastName: 'Owusu', email: 'ama.owusu@example.com', phone: '055 123 4567' } }));
    expect(await names('mens')).toEqual([]);
    expect(await names('owus')).toEqual(['Ama']);
    expect(await names('4123')).toEqual([]);
    expect(await names('5512')).toEqual(['Ama']);
  });

  it('puts a whole phone or email typed first, then names starting with the query', async () => {
    const { core, names } = await shop(engine);
    value(await core.call('customers.create', { firstName: 'Aaron', lastName: 'Akofi', phone: '024 412 9999' }));
    expect(await names('kofi')).toEqual(['Kofi', 'Aaron']); // "Kofi" starts with it; "Akofi" only contains it
    expect(await names('0244129999')).toEqual(['Aaron']);
    expect((await names('024 412'))[0]).toBe('Aaron'); // both match; alphabetical when neither is whole
    expect(await names('0244123456')).toEqual(['Ama']);
    expect(await names('kboateng@shopmail.gh')).toEqual(['Kofi']);
  });

  it('counts a search a thousand past the page asked for, and its pages together are every match, in order', async () => {
    const core = await openTestBook(engine);
    const firstNames = ['Yaw', 'abena', 'Kojo', 'ama', 'Efua', 'kwame', 'Adwoa'];
    const customers = Array.from({ length: 2600 }, (_, i) => ({
      firstName: firstNames[(i * 5) % firstNames.length],
      lastName: i % 26 < 21 ? `Mensah${String.fromCharCode(97 + (i % 26))}` : 'Owusu',
    }));
    value(await core.call('customers.bulkCreate', { customers }));
    const archived = value(await core.call('customers.list', { search: 'mensah', limit: 1 })).rows[0];
    value(await core.call('customers.archive', { id: archived.id }));
    const page = async (search: string, offset: number, limit: number) => value(await core.call('customers.list', { search, sort: 'name', offset, limit }));
    const byName = (a: { firstName: string; lastName: string | null; id: number }, b: typeof a) =>
      a.firstName.toLowerCase().localeCompare(b.firstName.toLowerCase()) || (a.lastName ?? '').localeCompare(b.lastName ?? '') || a.id - b.id;
    const all = value(await core.call('customers.list', { status: 'active', sort: 'name', limit: 500 })).total;
    expect(all).toBe(2599);

    // 2,099 active Mensahs: a page near the top says "at least 1,000", one further down "at least 2,000",
    // and one whose thousand-ahead reaches the end knows them all.
    expect(await page('mensah', 0, 100)).toMatchObject({ total: 1000, totalExact: false });
    expect(await page('mensah', 900, 100)).toMatchObject({ total: 2000, totalExact: false });
    expect(await page('mensah', 1500, 100)).toMatchObject({ total: 2099, totalExact: true });

    const walked: Customer[] = [];
    for (let offset = 0; ; offset += 500) {
      const { rows } = await page('mensah', offset, 500);
      walked.push(...rows);
      if (rows.length < 500) break;
    }
    expect(walked).toHaveLength(2099);
    expect(new Set(walked.map((c) => c.id)).size).toBe(2099);
    expect(walked.every((c) => c.lastName?.startsWith('Mensah') && c.status === 'active')).toBe(true);
    expect(walked.map((c) => c.id)).toEqual([...walked].sort(byName).map((c) => c.id));

    // A search with few matches is counted exactly, and sorted the same way.
    const owusu = await page('owusu', 0, 500);
    expect(owusu).toMatchObject({ total: 500, totalExact: true });
    expect(owusu.rows.map((c) => c.id)).toEqual([...owusu.rows].sort(byName).map((c) => c.id));
    expect(value(await core.call('customers.list', { search: 'owusu', sort: 'spent', offset: 498, limit: 5 })).rows).toHaveLength(2);
    // Without a search the count is always exact.
    expect(value(await core.call('customers.list', { limit: 1 }))).toMatchObject({ total: 2599, totalExact: true });
  });

  it('never finds a merged record, also in a search with too many matches to rank them all', async () => {
    const core = await openTestBook(engine);
    // Over RANK_ALL_UP_TO matches for "ab": the name tiers are read from the name indexes.
    value(await core.call('customers.bulkCreate', { customers: Array.from({ length: 320 }, (_, i) => ({ firstName: 'Abena', lastName: `Owusu${i}` })) }));
    const keep = value(await core.call('customers.create', { firstName: 'Abla', lastName: 'Kept', phone: '024 555 0101' }));
    const other = value(await core.call('customers.create', { firstName: 'Abla', lastName: 'Merged', email: 'abla@example.com' }));
    const archived = value(await core.call('customers.create', { firstName: 'Abigail', lastName: 'Archived' }));
    value(await core.call('customers.archive', { id: archived.id }));
    value(await core.call('customers.merge', { keepId: keep.id, otherId: other.id }));
    const found = async (input: { query: string; status?: 'active' | 'archived'; limit: number }) =>
      value(await core.call('customers.search', input)).map((c) => c.id);
    expect(await found({ query: 'ab', status: 'archived', limit: 50 })).toEqual([archived.id]);
    expect(await found({ query: 'abla', limit: 50 })).toEqual([keep.id]);
    expect(await found({ query: 'ab', limit: 100 })).not.toContain(other.id);
    expect(await found({ query: 'ab', status: 'archived', limit: 100 })).not.toContain(other.id);
    expect(value(await core.call('customers.list', { search: 'ab', status: 'archived', limit: 50 })).rows.map((c) => c.id)).toEqual([archived.id]);
  });
});

// SQLite's own search: the FTS5 tables and SQLite's query plan (PostgreSQL's is tests/unit/postgres/search.test.ts).
describe('customer search on SQLite', () => {
  it('is answered from the full-text indexes, never by scanning customers', async () => {
    const db = tempDatabase();
    const core = createCore(db);
    await seed((firstName, lastName, extra) => value(core.call('customers.create', { firstName, lastName, ...extra })));
    for (const query of ['mens', 'a', '4123', '02']) {
      const plan = planSearch(query)!;
      const steps = db.sqlite
        .prepare(`EXPLAIN QUERY PLAN SELECT c.id FROM customers c WHERE c.id IN (SELECT rowid FROM ${plan.table} WHERE ${plan.table} MATCH ?)`)
        .all(plan.match) as { detail: string }[];
      const details = steps.map((s) => s.detail).join(' | ');
      expect(details, query).toMatch(/VIRTUAL TABLE INDEX/);
      expect(details, query).not.toMatch(/SCAN c\b(?! USING)/);
    }
  });
});
