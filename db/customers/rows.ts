import { frequencyTierPurchases, frequencyTiers, type Customer, type FrequencyTier, type History } from '../../shared/contract';
import { addDays, wholeDaysBetween } from '../../shared/format/time';
import { parseJsonArray, personOf, type CoreContext } from '../context';
import type { Dialect } from '../dialect';
import type { customers } from '../schema';
import { all, type Query } from '../query';
import type { SqlRowOf } from '../sql-row';

/**
 * A customer's purchases (not voided) since a cutoff bound to `@<param>`: the input of the frequency
 * tier, which changes as days pass and so is never stored. An imported opening history has no dates,
 * so it counts as recent: a customer with 14 orders elsewhere does not start here as inactive.
 */
export const recentPurchasesSql = (param = 'cutoff365'): string =>
  `(c.imported_purchases + (SELECT count(*) FROM sales s WHERE s.customer_id = c.id AND s.voided_at IS NULL AND s.occurred_at >= @${param}))`;

/**
 * The customer columns every read shares, with the frequency inputs computed as of `@cutoff365`
 * (the tier changes as days pass, so it is never stored).
 */
export const customerSelect = `
  c.id, c.first_name, c.last_name, c.phone, c.phone_e164, c.email, c.address,
  c.birthday_month, c.birthday_day, c.birthday_year, c.type, c.tags, c.source, c.status, c.merged_into, c.erased_at, c.email_consent, c.sms_consent,
  c.created_at, c.created_by, cb.name AS created_by_name, c.created_by_label, c.updated_at,
  c.purchase_count, c.total_spent, c.items_bought, c.first_purchase_at, c.last_purchase_at, c.imported_purchases, c.imported_spent, c.loyalty_points, c.card_code,
  ${recentPurchasesSql()} AS recent_purchases`;

export const customerFrom = 'customers c LEFT JOIN staff cb ON cb.id = c.created_by';

/** A row of customerSelect: every column but the search digits, with the creator's name and the tier's input. */
export type CustomerRow = Omit<SqlRowOf<typeof customers>, 'phone_search'> & {
  created_by_name: string | null;
  /** Purchases in the last 365 days, imported ones included. */
  recent_purchases: number;
};

/**
 * Whether `c`'s birthday is among the days the JSON array at `@param` holds (month × 100 + day). The
 * months are asked for first, so that the (status, birthday_month) index hands over a month or two
 * of customers, rather than every customer's birthday being worked out: 1.3 s at a million
 * customers, 38 ms this way.
 */
export const birthdayAmongSql = (dialect: Dialect, param: string): string =>
  `c.birthday_month IN (SELECT CAST(bm.value AS INTEGER) / 100 FROM ${dialect.jsonTexts(param, 'bm')})
   AND (c.birthday_month * 100 + c.birthday_day) IN (SELECT CAST(bd.value AS INTEGER) FROM ${dialect.jsonTexts(param, 'bd')})`;

export const cutoff365 = (now: Date): string => addDays(now, -365).toISOString();

/** Purchase counts in the last 365 days that make up each tier, for filtering in SQL. */
export const tierRange = Object.fromEntries(
  frequencyTiers.map((tier) => [tier, [frequencyTierPurchases[tier].fewest, frequencyTierPurchases[tier].most ?? Number.MAX_SAFE_INTEGER]]),
) as Record<FrequencyTier, [number, number]>;

export function frequencyFor(purchasesLast365Days: number): FrequencyTier {
  return frequencyTiers.find((tier) => purchasesLast365Days <= tierRange[tier][1]) ?? 'frequent';
}

const pad = (n: number) => String(n).padStart(2, '0');

export function formatBirthday(row: Pick<CustomerRow, 'birthday_month' | 'birthday_day' | 'birthday_year'>): string | null {
  if (row.birthday_month == null || row.birthday_day == null) return null;
  const monthDay = `${pad(row.birthday_month)}-${pad(row.birthday_day)}`;
  return row.birthday_year ? `${row.birthday_year}-${monthDay}` : monthDay;
}

export const fullName = (first: string, last: string | null): string => (last ? `${first} ${last}` : first);

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    name: fullName(row.first_name, row.last_name),
    phone: row.phone,
    phoneE164: row.phone_e164,
    email: row.email,
    address: row.address,
    birthday: formatBirthday(row),
    type: row.type,
    tags: parseJsonArray(row.tags),
    source: row.source,
    status: row.status,
    emailConsent: row.email_consent,
    smsConsent: row.sms_consent,
    mergedInto: row.merged_into,
    erasedAt: row.erased_at,
    createdAt: row.created_at,
    createdBy: personOf(row.created_by, row.created_by_name, row.created_by_label),
    updatedAt: row.updated_at,
    purchases: row.purchase_count,
    totalSpent: row.total_spent,
    lastPurchaseAt: row.last_purchase_at,
    loyaltyPoints: Number(row.loyalty_points),
    cardCode: row.card_code,
    frequency: frequencyFor(row.recent_purchases),
  };
}

/**
 * The customers with these ids, in the order given: a list or a search finds a page's ids first and
 * reads the full rows for them only. `cutoff` is cutoff365 as of the call, for the tier.
 */
export function* customersInOrder(ctx: Pick<CoreContext, 'dialect'>, ids: number[], cutoff: string): Query<Customer[]> {
  const rows = yield* all<CustomerRow>(
    `SELECT ${customerSelect} FROM ${customerFrom} WHERE c.id IN (SELECT CAST(i.value AS INTEGER) FROM ${ctx.dialect.jsonTexts('@ids', 'i')})`,
    { ids: JSON.stringify(ids), cutoff365: cutoff },
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => toCustomer(byId.get(id)!));
}

/** Half-up rounding of a non-negative integer ratio, in integers so no float ever rounds money. */
export const divideHalfUp = (numerator: number, denominator: number): number =>
  denominator === 0 ? 0 : Math.floor((2 * numerator + denominator) / (2 * denominator));

export function toHistory(row: CustomerRow, now: Date): History {
  return {
    purchases: row.purchase_count,
    totalSpent: row.total_spent,
    itemsBought: row.items_bought,
    averageSale: divideHalfUp(row.total_spent, row.purchase_count),
    firstPurchaseAt: row.first_purchase_at,
    lastPurchaseAt: row.last_purchase_at,
    daysSinceLastPurchase: row.last_purchase_at ? wholeDaysBetween(new Date(row.last_purchase_at), now) : null,
    isRepeat: row.purchase_count >= 2,
    frequency: frequencyFor(row.recent_purchases),
    lifetimeValue: row.total_spent,
    importedPurchases: row.imported_purchases,
    importedSpent: row.imported_spent,
  };
}
