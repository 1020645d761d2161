import { getTableColumns } from 'drizzle-orm';
import type { ParsedInputOf, Preferences } from '../../shared/contract';
import { nowIso, parseJsonArray, type CoreContext } from '../context';
import { notFound } from '../errors';
import { suppress } from '../consent/service';
import { getCustomer, recordEvent } from '../customers/service';
import { requireState } from '../customers/lifecycle';
import { one, run, type Query } from '../query';
import { preferences } from '../schema';
import type { SqlRowOf } from '../sql-row';

type PreferencesRow = SqlRowOf<typeof preferences>;

/** A flag as stored (0/1 on both engines), read as drizzle's boolean mode reads it. */
const flag = (stored: unknown): boolean => Number(stored) === 1;

export function* getPreferences(ctx: CoreContext, customerId: number): Query<Preferences> {
  const row = yield* one<PreferencesRow>('SELECT * FROM customer_preferences WHERE customer_id = ?', [customerId]);
  if (!row) throw notFound(`Customer ${customerId}`);
  return {
    customerId: row.customer_id,
    channel: row.channel,
    bestTime: row.best_time,
    doNotContact: flag(row.do_not_contact),
    favoriteProducts: parseJsonArray(row.favorite_products),
    paymentMethod: row.payment_method,
    offersOptIn: flag(row.offers_opt_in),
    loyaltyOptIn: flag(row.loyalty_opt_in),
    updatedAt: row.updated_at,
  };
}

export function* updatePreferences(ctx: CoreContext, { customerId, patch }: ParsedInputOf<'preferences.update'>): Query<Preferences> {
  yield* requireState(ctx, customerId, 'preferences.update');
  const before = yield* getPreferences(ctx, customerId);
  const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter(
    (key) => JSON.stringify(patch[key] ?? null) !== JSON.stringify(before[key] ?? null),
  );
  if (changed.length === 0) return before;
  const { favoriteProducts, ...rest } = patch;
  // Flags are stored 0/1, the favourites as a JSON array; a field the patch leaves out stays as it was.
  const set = Object.entries({ ...rest, ...(favoriteProducts && { favoriteProducts: JSON.stringify(favoriteProducts) }), updatedAt: nowIso(ctx) })
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => [key, typeof v === 'boolean' ? (v ? 1 : 0) : v] as const);
  const columns = getTableColumns(preferences);
  const assignments = set.map(([key]) => `${columns[key as keyof typeof columns].name} = @${key}`);
  yield* run(`UPDATE customer_preferences SET ${assignments.join(', ')} WHERE customer_id = @customerId`, { ...Object.fromEntries(set), customerId });
  if (patch.doNotContact && !before.doNotContact) {
    const customer = yield* getCustomer(ctx, customerId);
    yield* suppress(ctx, 'email', customer.email, 'do_not_contact');
    yield* suppress(ctx, 'phone', customer.phoneE164, 'do_not_contact');
  }
  yield* recordEvent(ctx, customerId, 'updated', { fields: changed.map((f) => `preferences.${f}`) });
  return yield* getPreferences(ctx, customerId);
}
