import { describe, expect, it } from 'vitest';
import { upcomingMonthDays } from '../../../shared/format/time';
import { birthdayAmongSql } from '../../../db/customers/rows';
import { createCore } from '../../../db/core';
import { sqliteDialect } from '../../../db/engines/sqlite/dialect';
import { builtInSegments } from '../../../shared/contract';
import { traced } from '../../../scripts/bench/trace';
import { describeEngines, openTestBook } from '../../support/engines';
import { tempDatabase, value } from '../helpers';

describe("the shop's coming days, as birthdays are matched", () => {
  it('runs over the end of the year, keeps 29 February birthdays on the 28th in a year without one, and counts in the shop’s zone', () => {
    expect(upcomingMonthDays(new Date('2026-12-29T12:00:00Z'), 'UTC', 5)).toEqual([
      { monthDay: 1229, inDays: 0 },
      { monthDay: 1230, inDays: 1 },
      { monthDay: 1231, inDays: 2 },
      { monthDay: 101, inDays: 3 },
      { monthDay: 102, inDays: 4 },
    ]);
    expect(upcomingMonthDays(new Date('2027-02-27T12:00:00Z'), 'UTC', 3).map((d) => d.monthDay)).toEqual([227, 228, 229, 301]);
    expect(upcomingMonthDays(new Date('2028-02-27T12:00:00Z'), 'UTC', 3).map((d) => d.monthDay)).toEqual([227, 228, 229]);
    // 23:30 UTC on 1 March is already the 2nd in Auckland.
    expect(upcomingMonthDays(new Date('2026-03-01T23:30:00Z'), 'Pacific/Auckland', 1)).toEqual([{ monthDay: 302, inDays: 0 }]);
  });
});

describe('the coming days, as SQLite finds them (0015)', () => {
  const planOf = (sql: string, params: Record<string, string>) =>
    (tempDatabase().sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((step) => step.detail).join(' | ');

  it("counts a week's birthdays from the (status, month, day) index alone, a month or two of it, not by working out every birthday", () => {
    const plan = planOf(`SELECT count(*) FROM customers c WHERE c.status = 'active' AND ${birthdayAmongSql(sqliteDialect, '@days')}`, {
      days: JSON.stringify([1229, 1230, 1231, 101, 102]),
    });
    expect(plan).toMatch(/SEARCH c USING COVERING INDEX customers_status_birthday_day \(status=\? AND birthday_month=\?\)/);
  });

  it('counts every built-in segment (birthdays, first purchases a year ago this week) from an index, never reading every customer', () => {
    const database = tempDatabase();
    const tracer = traced(database);
    const core = createCore(tracer.database, { now: () => new Date('2026-12-29T09:00:00.000Z') });
    const { statements } = tracer.record(() => value(core.call('segments.list', {})));
    const counts = statements.filter((s) => /^SELECT count\(\*\) AS n FROM customers c/.test(s.sql));
    expect(counts).toHaveLength(builtInSegments.length);
    for (const count of counts) {
      const plan = (database.sqlite.prepare(`EXPLAIN QUERY PLAN ${count.sql}`).all(...count.args) as { detail: string }[]).map((step) => step.detail).join(' | ');
      // An index narrowed past the status: "(status=?)" alone would read every active customer.
      expect(plan, count.sql).toMatch(/^SEARCH c USING (COVERING )?INDEX \w+ \(status=\? AND /);
      if (count.sql.includes('first_purchase_at, 6, 5')) expect(plan).toMatch(/customers_status_anniversary/);
    }
  });
});

describeEngines('birthdays and anniversaries coming up', (engine) => {
  it('finds the next 7 days’ birthdays (with or without a year), first visits a year or more ago this week, and lists the birthdays on the dashboard', async () => {
    const book = await openTestBook(engine, { now: () => new Date('2026-12-29T09:00:00.000Z') });
    const add = async (firstName: string, birthday?: string) => value(await book.call('customers.create', { firstName, ...(birthday ? { birthday } : {}) }));
    const today = await add('Esi', '12-29');
    const newYear = await add('Kofi', '1990-01-01');
    const lastOfWeek = await add('Adwoa', '01-04');
    await add('Yaw', '01-05'); // a day too late
    await add('Ama', '12-28'); // yesterday
    await add('Kwame'); // no birthday
    const archived = await add('Abena', '12-30');
    value(await book.call('customers.archive', { id: archived.id }));

    const builtIn = async (key: string) => value(await book.call('segments.list', {})).find((s) => s.key === key)?.count;
    expect(await builtIn('birthdays_next_7')).toBe(3);
    expect(value(await book.call('segments.count', { conditions: { birthdayWithinDays: 1 } }))).toBe(1);
    expect(value(await book.call('segments.count', { conditions: { birthdayWithinDays: 4 } }))).toBe(2);
    expect(value(await book.call('segments.count', { conditions: { birthdayWithinDays: 366 } }))).toBe(5);
    const birthdays = value(await book.call('stats.dashboard', {})).upcomingBirthdays;
    expect(birthdays).toEqual([
      { customerId: today.id, name: 'Esi', birthday: '12-29', inDays: 0 },
      { customerId: newYear.id, name: 'Kofi', birthday: '01-01', inDays: 3 },
      { customerId: lastOfWeek.id, name: 'Adwoa', birthday: '01-04', inDays: 6 },
    ]);

    // First purchases: a year ago on the 31st, three years ago on 2 January, this morning (no anniversary yet), and on a day outside the week.
    for (const [firstName, at] of [
      ['Efua', '2025-12-31T15:00:00.000Z'],
      ['Kojo', '2024-01-02T10:00:00.000Z'],
      ['Akua', '2026-12-29T08:00:00.000Z'],
      ['Mensah', '2025-12-20T10:00:00.000Z'],
    ] as const) {
      const customer = await add(firstName);
      value(await book.call('sales.record', { customerId: customer.id, amount: 1000, occurredAt: at }));
    }
    expect(await builtIn('anniversary_this_week')).toBe(2);
  });
});
