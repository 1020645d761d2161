import { eq } from 'drizzle-orm';
import type { ParsedInputOf, Preferences } from '../../shared/contract';
import { nowIso, parseJsonArray, type CoreContext } from '../context';
import { notFound } from '../errors';
import { suppress } from '../consent/service';
import { getCustomer, recordEvent } from '../customers/service';
import { requireState } from '../customers/lifecycle';
import { preferences } from '../schema';

export function getPreferences(ctx: CoreContext, customerId: number): Preferences {
  const row = ctx.db.select().from(preferences).where(eq(preferences.customerId, customerId)).get();
  if (!row) throw notFound(`Customer ${customerId}`);
  return {
    customerId: row.customerId,
    channel: row.channel,
    bestTime: row.bestTime,
    doNotContact: row.doNotContact,
    favoriteProducts: parseJsonArray(row.favoriteProducts),
    paymentMethod: row.paymentMethod,
    offersOptIn: row.offersOptIn,
    loyaltyOptIn: row.loyaltyOptIn,
    updatedAt: row.updatedAt,
  };
}

export function updatePreferences(ctx: CoreContext, { customerId, patch }: ParsedInputOf<'preferences.update'>): Preferences {
  requireState(ctx, customerId, 'preferences.update');
  const before = getPreferences(ctx, customerId);
  const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter(
    (key) => JSON.stringify(patch[key] ?? null) !== JSON.stringify(before[key] ?? null),
  );
  if (changed.length === 0) return before;
  const { favoriteProducts, ...rest } = patch;
  ctx.db
    .update(preferences)
    .set({ ...rest, ...(favoriteProducts && { favoriteProducts: JSON.stringify(favoriteProducts) }), updatedAt: nowIso(ctx) })
    .where(eq(preferences.customerId, customerId))
    .run();
  if (patch.doNotContact && !before.doNotContact) {
    const customer = getCustomer(ctx, customerId);
    ctx.runNow(suppress(ctx, 'email', customer.email, 'do_not_contact'));
    ctx.runNow(suppress(ctx, 'phone', customer.phoneE164, 'do_not_contact'));
  }
  recordEvent(ctx, customerId, 'updated', { fields: changed.map((f) => `preferences.${f}`) });
  return getPreferences(ctx, customerId);
}
