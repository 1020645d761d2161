import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ConsentEvent, ConsentMethod, ConsentState, Customer, ParsedInputOf, SuppressionKind, SuppressionReason } from '../../shared/contract';
import { nowIso, personOf, type CoreContext } from '../context';
import { DomainError, invalid } from '../errors';
import { getCustomer } from '../customers/service';
import { requireState } from '../customers/lifecycle';
import { all, insert, one, run, type Query } from '../query';

type ContactKind = SuppressionKind;

/** Emails are stored lower-cased and phones as E.164, so a hash of the stored value identifies the contact. */
export const contactHash = (value: string): string => createHash('sha256').update(value.trim().toLowerCase()).digest('hex');

/**
 * An erased customer's address as the suppression list shows it: enough for the owner to recognise
 * it when someone asks ("j•••@example.com", "+233 •••• ••45"), too little to write to or call.
 */
export function maskContact(kind: ContactKind, value: string): string {
  const contact = value.trim();
  if (kind === 'email') {
    const at = contact.lastIndexOf('@');
    const [first = ''] = contact;
    return at > 0 ? `${first}•••${contact.slice(at).toLowerCase()}` : `${first}•••`;
  }
  const parsed = parsePhoneNumberFromString(contact);
  const lastTwo = contact.replace(/\D/g, '').slice(-2);
  return `${parsed ? `+${parsed.countryCallingCode} ` : ''}•••• ••${lastTwo}`;
}

/**
 * Puts a contact on the suppression list, with the address as the owner's list shows it, why in
 * words (`note`) and who did it. A contact already on the list keeps its first reason; erasure
 * masks the address there too, so that it is nowhere in the clear once its customer is erased.
 */
export function* suppress(ctx: CoreContext, kind: ContactKind, value: string | null, reason: SuppressionReason, note: string | null = null): Query<void> {
  if (!value) return;
  const contact = kind === 'email' ? value.trim().toLowerCase() : value.trim();
  const shown = reason === 'erased' ? maskContact(kind, contact) : contact;
  const onConflict = reason === 'erased' ? 'DO UPDATE SET shown = excluded.shown' : 'DO NOTHING';
  yield* run(
    `INSERT INTO suppressions (kind, value_hash, reason, at, shown, note, actor_id, actor_label) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (kind, value_hash) ${onConflict}`,
    [kind, contactHash(contact), reason, nowIso(ctx), shown, note, ctx.actorId, ctx.actorLabel],
  );
}

export function* isSuppressed(_ctx: CoreContext, kind: ContactKind, value: string | null): Query<boolean> {
  if (!value) return false;
  return (yield* one('SELECT 1 FROM suppressions WHERE kind = ? AND value_hash = ?', [kind, contactHash(value)])) !== undefined;
}

const unsuppress = (kind: ContactKind, value: string) => run('DELETE FROM suppressions WHERE kind = ? AND value_hash = ?', [kind, contactHash(value)]);

export function* getConsent(ctx: CoreContext, customerId: number): Query<ConsentState> {
  const customer = yield* getCustomer(ctx, customerId);
  const rows = yield* all<{
    id: number;
    customer_id: number;
    channel: ConsentEvent['channel'];
    status: ConsentEvent['status'];
    method: ConsentEvent['method'];
    wording: string;
    actor_id: number | null;
    actor_name: string | null;
    actor_label: string | null;
    at: string;
  }>(
    `SELECT e.id, e.customer_id, e.channel, e.status, e.method, e.wording, e.actor_id, s.name AS actor_name, e.actor_label, e.at
     FROM consent_events e LEFT JOIN staff s ON s.id = e.actor_id WHERE e.customer_id = ? ORDER BY e.at DESC, e.id DESC`,
    [customerId],
  );
  return {
    customerId,
    email: customer.emailConsent,
    sms: customer.smsConsent,
    history: rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      channel: r.channel,
      status: r.status,
      method: r.method,
      wording: r.wording,
      actor: personOf(r.actor_id, r.actor_name, r.actor_label),
      at: r.at,
    })),
  };
}

/**
 * Records a consent change with its proof. Unsubscribing suppresses the contact; only consent
 * recorded by staff (any method but `import`) can lift a suppression and subscribe it again.
 */
export function* setConsent(ctx: CoreContext, input: ParsedInputOf<'consent.set'>): Query<ConsentState> {
  yield* requireState(ctx, input.customerId, 'consent.set');
  const customerId = (yield* recordConsent(ctx, input)).customerId;
  return yield* getConsent(ctx, customerId);
}

/**
 * A consent to record: one staff recorded (`consent.set`, an import), or one a Mailchimp sync
 * brings home, with the time Mailchimp gives for it.
 */
export type RecordedConsent = Omit<ParsedInputOf<'consent.set'>, 'method'> & { method: ConsentMethod; at?: string };

/** Who consent is recorded for: what recordConsent reads of the customer. */
export type ConsentSubject = Pick<Customer, 'id' | 'name' | 'email' | 'phoneE164'>;

/**
 * setConsent without reading the history back: returns the event it recorded (imports record
 * thousands). `known`: the customer as the caller has just written them (an import that has
 * just created them), so that they are not read again.
 */
export function* recordConsent(
  ctx: CoreContext,
  input: RecordedConsent,
  known?: ConsentSubject,
): Query<{ customerId: number; eventId: number }> {
  const customer = known ?? (yield* getCustomer(ctx, input.customerId));
  const kind: ContactKind = input.channel === 'email' ? 'email' : 'phone';
  const contact = input.channel === 'email' ? customer.email : customer.phoneE164;
  if (!contact) {
    throw invalid('channel', input.channel === 'email' ? `${customer.name} has no email address: add one first` : `${customer.name} has no phone number: add one first`);
  }
  if (input.status === 'subscribed') {
    if (yield* isSuppressed(ctx, kind, contact)) {
      if (input.method === 'import' || input.method === 'mailchimp') {
        throw new DomainError('conflict', `${contact} opted out earlier: an import cannot subscribe it again, only consent recorded by staff`);
      }
      yield* unsuppress(kind, contact);
    }
  } else {
    yield* suppress(ctx, kind, contact, 'unsubscribed');
  }
  const eventId = yield* insert(
    'INSERT INTO consent_events (customer_id, channel, status, method, wording, actor_id, actor_label, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [customer.id, input.channel, input.status, input.method, input.wording, ctx.actorId, ctx.actorLabel, input.at ?? nowIso(ctx)],
  );
  const column = input.channel === 'email' ? 'email_consent' : 'sms_consent';
  yield* run(`UPDATE customers SET ${column} = ?, updated_at = ? WHERE id = ?`, [input.status, nowIso(ctx), customer.id]);
  return { customerId: customer.id, eventId };
}
