import type { Customer, History, MergeableField, ParsedInputOf } from '../../shared/contract';
import { nowIso, parseJsonArray, type CoreContext } from '../context';
import { one, run, value, type Query } from '../query';
import { requireState } from './lifecycle';
import { getCustomer, getCustomerDetail, recordEvent } from './service';

type Row = Record<string, unknown> & { id: number; first_name: string; last_name: string | null; merged_into: number | null; tags: string };

/** Contract field -> the columns that carry it (a phone is three columns that must move together). */
const fieldColumns: Record<MergeableField, string[]> = {
  firstName: ['first_name'],
  lastName: ['last_name'],
  // Consent belongs to the contact it was given for, so it travels with it.
  phone: ['phone', 'phone_e164', 'phone_search', 'sms_consent'],
  email: ['email', 'email_consent'],
  address: ['address'],
  birthday: ['birthday_month', 'birthday_day', 'birthday_year'],
  type: ['type'],
  source: ['source'],
  tags: ['tags'],
};

function* loadForMerge(ctx: CoreContext, id: number): Query<Row> {
  yield* requireState(ctx, id, 'customers.merge');
  return (yield* one<Row>('SELECT * FROM customers WHERE id = ?', [id]))!;
}

/**
 * Merges `other` into `keep`: chosen field values, then every sale, note and timeline event move
 * to the survivor, preferences combine, and the survivor's aggregates are recomputed from its sales.
 * The other record stays, archived and marked merged, so it can never be merged again.
 */
export function* mergeCustomers(ctx: CoreContext, input: ParsedInputOf<'customers.merge'>): Query<Customer & { history: History }> {
  const keep = yield* loadForMerge(ctx, input.keepId);
  const other = yield* loadForMerge(ctx, input.otherId);
  const otherSnapshot = yield* getCustomer(ctx, other.id);
  const now = nowIso(ctx);

  const updates: Record<string, unknown> = {};
  for (const field of Object.keys(fieldColumns) as MergeableField[]) {
    const columns = fieldColumns[field];
    const choice = input.take[field];
    if (field === 'tags' && choice === undefined) {
      updates.tags = JSON.stringify([...new Set([...parseJsonArray(keep.tags), ...parseJsonArray(other.tags)])]);
      continue;
    }
    const keepEmpty = keep[columns[0]] == null;
    if (choice === 'other' || (choice === undefined && keepEmpty)) {
      for (const column of columns) updates[column] = other[column];
    }
  }
  // The other record gives up its phone, email and card first: all three are unique among customers.
  const otherCard = yield* value<string | null>('SELECT card_code FROM customers WHERE id = ?', [other.id]);
  yield* run(
    `UPDATE customers SET phone = NULL, phone_e164 = NULL, phone_search = NULL, email = NULL, card_code = NULL, status = 'archived', merged_into = ?, updated_at = ? WHERE id = ?`,
    [keep.id, now, other.id],
  );
  // Their card still finds them once merged, unless the survivor has a card of their own.
  if (otherCard) yield* run('UPDATE customers SET card_code = coalesce(card_code, ?) WHERE id = ?', [otherCard, keep.id]);
  const assignments = Object.keys(updates).map((column) => `${column} = @${column}`);
  yield* run(`UPDATE customers SET ${[...assignments, 'updated_at = @now'].join(', ')} WHERE id = @id`, { ...updates, now, id: keep.id });

  for (const table of ['sales', 'notes', 'timeline_events', 'consent_events', 'loyalty_entries']) {
    yield* run(`UPDATE ${table} SET customer_id = ? WHERE customer_id = ?`, [keep.id, other.id]);
  }
  yield* mergePreferences(keep.id, other.id, now);
  // The survivor carries both records' imported opening histories; the merged record keeps none, so no total counts it twice.
  yield* run(
    `UPDATE customers SET
       imported_purchases = imported_purchases + (SELECT imported_purchases FROM customers o WHERE o.id = @otherId),
       imported_spent = imported_spent + (SELECT imported_spent FROM customers o WHERE o.id = @otherId)
     WHERE id = @id`,
    { id: keep.id, otherId: other.id },
  );
  yield* run('UPDATE customers SET imported_purchases = 0, imported_spent = 0 WHERE id = ?', [other.id]);
  yield* run(
    `UPDATE customers SET
       purchase_count = imported_purchases + (SELECT count(*) FROM sales s WHERE s.customer_id = customers.id AND s.voided_at IS NULL),
       total_spent = imported_spent + (SELECT coalesce(sum(amount), 0) FROM sales s WHERE s.customer_id = customers.id AND s.voided_at IS NULL),
       items_bought = (SELECT coalesce(sum(items), 0) FROM sales s WHERE s.customer_id = customers.id AND s.voided_at IS NULL),
       first_purchase_at = (SELECT min(occurred_at) FROM sales s WHERE s.customer_id = customers.id AND s.voided_at IS NULL),
       last_purchase_at = (SELECT max(occurred_at) FROM sales s WHERE s.customer_id = customers.id AND s.voided_at IS NULL),
       loyalty_points = (SELECT coalesce(sum(points), 0) FROM loyalty_entries e WHERE e.customer_id = customers.id)
     WHERE id IN (@id, @otherId)`,
    { id: keep.id, otherId: other.id },
  );

  yield* recordEvent(ctx, keep.id, 'merged', {
    otherId: other.id,
    otherName: otherSnapshot.name,
    other: { phone: otherSnapshot.phone, email: otherSnapshot.email, createdAt: otherSnapshot.createdAt },
    took: input.take,
  });
  yield* recordEvent(ctx, other.id, 'merged', { into: keep.id });
  yield* ctx.search.forget(other.id);
  return yield* getCustomerDetail(ctx, keep.id);
}

/**
 * Favourite products are pooled; a "do not contact" from either side wins; the survivor's choices
 * stand where it has them. Offers opt-in is consent, which is not carried over from another record.
 */
function* mergePreferences(keepId: number, otherId: number, now: string): Query<void> {
  type Prefs = { channel: string | null; best_time: string | null; do_not_contact: number; favorite_products: string; payment_method: string | null; offers_opt_in: number; loyalty_opt_in: number };
  const read = function* (id: number): Query<Prefs> {
    return (yield* one<Prefs>('SELECT * FROM customer_preferences WHERE customer_id = ?', [id]))!;
  };
  const keep = yield* read(keepId);
  const other = yield* read(otherId);
  yield* run(
    `UPDATE customer_preferences SET channel = @channel, best_time = @bestTime, do_not_contact = @doNotContact,
       favorite_products = @favorites, payment_method = @payment, offers_opt_in = @offers, loyalty_opt_in = @loyalty, updated_at = @now
     WHERE customer_id = @id`,
    {
      id: keepId,
      channel: keep.channel ?? other.channel,
      bestTime: keep.best_time ?? other.best_time,
      doNotContact: keep.do_not_contact || other.do_not_contact ? 1 : 0,
      favorites: JSON.stringify([...new Set([...parseJsonArray(keep.favorite_products), ...parseJsonArray(other.favorite_products)])]),
      payment: keep.payment_method ?? other.payment_method,
      offers: keep.offers_opt_in,
      loyalty: keep.loyalty_opt_in || other.loyalty_opt_in ? 1 : 0,
      now,
    },
  );
}
