import type { Customer } from '../../shared/contract';
import { nowIso, type CoreContext } from '../context';
import { run, type Query } from '../query';
import { suppress } from '../consent/service';
import { queueMailchimpErasure } from '../mailchimp/service';
import { requireState } from './lifecycle';
import { getCustomer, recordEvent } from './service';

/**
 * Erasure on request, irreversible: personal details, notes, consent records and the history's
 * details go; the sales stay, anonymised, so revenue stays true; the email and phone go on the
 * suppression list as hashes so no import brings them back.
 */
export function* eraseCustomer(ctx: CoreContext, id: number): Query<Customer> {
  yield* requireState(ctx, id, 'customers.erase');
  const customer = yield* getCustomer(ctx, id);
  yield* suppress(ctx, 'email', customer.email, 'erased');
  yield* suppress(ctx, 'phone', customer.phoneE164, 'erased');
  yield* queueMailchimpErasure(ctx, id, customer.email);
  const now = nowIso(ctx);
  yield* run(
    `UPDATE customers SET first_name = 'Erased customer', last_name = NULL, phone = NULL, phone_e164 = NULL, phone_search = NULL, card_code = NULL,
       email = NULL, address = NULL, birthday_month = NULL, birthday_day = NULL, birthday_year = NULL, tags = '[]', source = NULL,
       status = 'archived', email_consent = 'unsubscribed', sms_consent = 'unsubscribed', erased_at = @now, updated_at = @now
     WHERE id = @id`,
    { id, now },
  );
  // The audit log keeps that the person was changed, by whom and when; the values it kept go (its trigger allows this only once erased_at is set).
  yield* run('DELETE FROM audit_changes WHERE customer_id = ?', [id]);
  yield* run('DELETE FROM notes WHERE customer_id = ?', [id]);
  yield* run('DELETE FROM consent_events WHERE customer_id = ?', [id]);
  yield* run('DELETE FROM timeline_events WHERE customer_id = ?', [id]);
  // A sale's free-text note may name the person; amounts, dates and voids stay.
  yield* run('UPDATE sales SET note = NULL WHERE customer_id = ?', [id]);
  // So may the reason the owner gave for adjusting their points; the points themselves stay.
  yield* run('UPDATE loyalty_entries SET reason = NULL WHERE customer_id = ?', [id]);
  yield* run(
    `UPDATE customer_preferences SET channel = NULL, best_time = NULL, do_not_contact = 1, favorite_products = '[]',
       payment_method = NULL, offers_opt_in = 0, loyalty_opt_in = 0, updated_at = ? WHERE customer_id = ?`,
    [now, id],
  );
  yield* recordEvent(ctx, id, 'erased');
  yield* ctx.search.forget(id);
  return yield* getCustomer(ctx, id);
}
