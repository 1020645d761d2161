import type { Stats } from '../../shared/contract';
import { addDays, startOfMonthInZone } from '../../shared/format/time';
import { readSettings, type CoreContext } from '../context';
import { divideHalfUp } from '../customers/rows';

/** The owner's headline numbers, exactly as the Foundation definitions give them, as of ctx.now(). */
export function getStats(ctx: CoreContext): Stats {
  const now = ctx.now();
  const monthStart = startOfMonthInZone(now, readSettings(ctx).timeZone).toISOString();
  const customers = ctx
    .prepare(
      `SELECT
         count(*) FILTER (WHERE status = 'active') AS total,
         count(*) FILTER (WHERE status = 'active' AND last_purchase_at >= @since90) AS active,
         count(*) FILTER (WHERE created_at >= @since7) AS new7,
         count(*) FILTER (WHERE created_at >= @monthStart) AS newMonth,
         count(*) FILTER (WHERE status = 'active' AND purchase_count >= 1) AS purchasing,
         count(*) FILTER (WHERE status = 'active' AND purchase_count >= 2) AS repeaters,
         coalesce(sum(total_spent) FILTER (WHERE status = 'active' AND purchase_count >= 1), 0) AS purchasingSpent
       FROM customers`,
    )
    .get({ since90: addDays(now, -90).toISOString(), since7: addDays(now, -7).toISOString(), monthStart }) as {
    total: number;
    active: number;
    new7: number;
    newMonth: number;
    purchasing: number;
    repeaters: number;
    purchasingSpent: number;
  };
  const revenue = ctx
    .prepare(
      `SELECT coalesce(sum(amount), 0) AS all_time,
              coalesce(sum(amount) FILTER (WHERE occurred_at >= @monthStart), 0) AS this_month
       FROM sales WHERE voided_at IS NULL`,
    )
    .get({ monthStart }) as { all_time: number; this_month: number };
  return {
    totalCustomers: customers.total,
    activeCustomers: customers.active,
    newLast7Days: customers.new7,
    newThisMonth: customers.newMonth,
    purchasingCustomers: customers.purchasing,
    repeatCustomers: customers.repeaters,
    repeatRate: customers.purchasing === 0 ? 0 : customers.repeaters / customers.purchasing,
    customerRevenue: revenue.all_time,
    revenueThisMonth: revenue.this_month,
    averageLifetimeValue: divideHalfUp(customers.purchasingSpent, customers.purchasing),
  };
}
