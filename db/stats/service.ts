import { customerStatuses, UPCOMING_BIRTHDAYS_SHOWN, type Dashboard, type FrequencyTier, type Stats } from '../../shared/contract';
import { addDays, monthInZone, monthStartInZone, startOfMonthInZone, upcomingMonthDays } from '../../shared/format/time';
import { readSettings, type CoreContext } from '../context';
import { birthdayAmongSql, cutoff365, divideHalfUp, frequencyFor, fullName, recentPurchasesSql } from '../customers/rows';
import { all, one, type Query } from '../query';

/** The owner's headline numbers, exactly as the Foundation definitions give them, as of ctx.now(). */
export function* getStats(ctx: CoreContext): Query<Stats> {
  const now = ctx.now();
  const monthStart = startOfMonthInZone(now, (yield* readSettings()).timeZone).toISOString();
  // The book-wide counts and sums come from the engine's tallies (db/customers/tallies.ts); each
  // count by a time is a range of one narrow index, never a pass over the customer rows. Revenue is
  // the sum of the aggregates every sale and void keep on the customer row (a customer who never
  // bought has spent 0), so the million sales are not summed again.
  const customers = yield* ctx.tallies.book();
  const recent = (yield* one<{ active: number; new7: number; newMonth: number }>(
    `SELECT
       (SELECT count(*) FROM customers WHERE status = 'active' AND last_purchase_at >= @since90) AS active,
       (SELECT count(*) FROM customers WHERE status IN ('active', 'archived') AND created_at >= @since7 AND merged_into IS NULL) AS new7,
       (SELECT count(*) FROM customers WHERE status IN ('active', 'archived') AND created_at >= @monthStart AND merged_into IS NULL) AS "newMonth"`,
    { since90: addDays(now, -90).toISOString(), since7: addDays(now, -7).toISOString(), monthStart },
  ))!;
  const total = customers.everyone - customers.archived;
  const purchasing = total - customers.never;
  const purchasingSpent = customers.allTime - customers.archivedSpent;
  const revenue = (yield* one<{ this_month: number }>(
    'SELECT coalesce(sum(amount), 0) AS this_month FROM sales WHERE occurred_at >= @monthStart AND voided_at IS NULL',
    { monthStart },
  ))!;
  return {
    totalCustomers: total,
    activeCustomers: recent.active,
    newLast7Days: recent.new7,
    newThisMonth: recent.newMonth,
    purchasingCustomers: purchasing,
    repeatCustomers: customers.repeaters,
    repeatRate: purchasing === 0 ? 0 : customers.repeaters / purchasing,
    customerRevenue: customers.allTime,
    revenueThisMonth: revenue.this_month,
    averageLifetimeValue: divideHalfUp(purchasingSpent, purchasing),
    emailOptInRate: customers.withEmail === 0 ? 0 : customers.subscribed / customers.withEmail,
  };
}

/**
 * The owner's charts over the last `months` months (this one included), bucketed by the shop's
 * calendar months: boundaries are computed in the shop's time zone and the counting is done in SQL.
 */
export function* getDashboard(ctx: CoreContext, months: number): Query<Dashboard> {
  const now = ctx.now();
  const d = ctx.dialect;
  const { timeZone } = yield* readSettings();
  const current = monthInZone(now, timeZone);
  const buckets = Array.from({ length: months }, (_, i) => {
    const offset = i - (months - 1);
    const start = monthStartInZone(current.year, current.month + offset, timeZone);
    const end = monthStartInZone(current.year, current.month + offset + 1, timeZone);
    const { year, month } = monthInZone(start, timeZone);
    return { key: `${year}-${String(month).padStart(2, '0')}`, start: start.toISOString(), end: end.toISOString() };
  });
  function* perMonth(sql: string): Query<{ month: string; value: number }[]> {
    const rows = yield* all<{ key: string; value: number }>(sql, { buckets: JSON.stringify(buckets) });
    return rows.map((r) => ({ month: r.key, value: r.value }));
  }
  const monthsFrom = `(SELECT ${d.jsonText('b.value', 'key')} AS key, ${d.jsonText('b.value', 'start')} AS start, ${d.jsonText('b.value', 'end')} AS end FROM ${d.jsonTexts('@buckets', 'b')}) m`;
  // Every customer, whatever their status, named status by status so that each month is a range of
  // the (status, created_at) index for each: without the status, every month was a pass over every
  // customer (at 100k customers, a third of the dashboard's time: 570 -> 385 ms for 12 months).
  const everyStatus = customerStatuses.map((status) => `'${status}'`).join(', ');
  const newCustomersByMonth = yield* perMonth(
    `SELECT m.key, (SELECT count(*) FROM customers c WHERE c.status IN (${everyStatus}) AND c.created_at >= m.start AND c.created_at < m.end) AS value FROM ${monthsFrom} ORDER BY m.key`,
  );
  const revenueByMonth = yield* perMonth(
    `SELECT m.key, (SELECT coalesce(sum(amount), 0) FROM sales s WHERE s.voided_at IS NULL AND s.occurred_at >= m.start AND s.occurred_at < m.end) AS value FROM ${monthsFrom} ORDER BY m.key`,
  );
  const tiers = yield* all<{ recent: number; n: number }>(
    `SELECT recent, count(*) AS n FROM (
       SELECT ${recentPurchasesSql()} AS recent
       FROM customers c WHERE c.status = 'active') AS r
     GROUP BY recent`,
    { cutoff365: cutoff365(now) },
  );
  const customersByTier = { inactive: 0, one_time: 0, occasional: 0, regular: 0, frequent: 0 } as Record<FrequencyTier, number>;
  for (const { recent, n } of tiers) customersByTier[frequencyFor(recent)] += n;
  // NULLS FIRST is SQLite's own order for ASC, said aloud for PostgreSQL (which puts them last).
  const sources = yield* all<{ source: string | null; customers: number; revenue: number; repeaters: number; purchasing: number }>(
    `SELECT min(c.source) AS source, count(*) AS customers, coalesce(sum(c.total_spent), 0) AS revenue,
       count(*) FILTER (WHERE c.purchase_count >= 2) AS repeaters, count(*) FILTER (WHERE c.purchase_count >= 1) AS purchasing
     FROM customers c WHERE c.status = 'active' GROUP BY lower(c.source) ORDER BY customers DESC, source NULLS FIRST`,
  );
  const bySource = sources.map((r) => ({ source: r.source, customers: r.customers, revenue: r.revenue, repeatRate: r.purchasing === 0 ? 0 : r.repeaters / r.purchasing }));
  const week = upcomingMonthDays(now, timeZone, 7);
  const inDays = new Map(week.map((day) => [day.monthDay, day.inDays]));
  const birthdays = yield* all<{ id: number; first_name: string; last_name: string | null; birthday_month: number; birthday_day: number }>(
    `SELECT c.id, c.first_name, c.last_name, c.birthday_month, c.birthday_day FROM customers c
     WHERE c.status = 'active' AND ${birthdayAmongSql(d, '@week')}`,
    { week: JSON.stringify(week.map((day) => day.monthDay)) },
  );
  const pad = (n: number) => String(n).padStart(2, '0');
  const upcomingBirthdays = birthdays
    .map((r) => ({
      customerId: r.id,
      name: fullName(r.first_name, r.last_name),
      birthday: `${pad(r.birthday_month)}-${pad(r.birthday_day)}`,
      inDays: inDays.get(r.birthday_month * 100 + r.birthday_day)!,
    }))
    .sort((a, b) => a.inDays - b.inDays || a.name.localeCompare(b.name) || a.customerId - b.customerId)
    .slice(0, UPCOMING_BIRTHDAYS_SHOWN);
  return {
    stats: yield* getStats(ctx),
    upcomingBirthdays,
    newCustomersByMonth,
    revenueByMonth,
    customersByTier,
    bySource,
  };
}
