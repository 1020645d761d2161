import { z } from 'zod';
import {
  suppressionKinds,
  type ParsedInputOf,
  type Suppression,
  type SuppressionKind,
  type SuppressionPage,
  type SuppressionReason,
} from '../../shared/contract';
import { formatPhone, looksLikePhone, normalisePhone } from '../../shared/format/phone';
import { contactHash, recordConsent, suppress } from '../consent/service';
import { personOf, readSettings, type CoreContext } from '../context';
import { DomainError, invalid, notFound } from '../errors';
import { all, one, run, value, type Query } from '../query';

interface SuppressionRow {
  id: number;
  kind: SuppressionKind;
  value_hash: string;
  reason: SuppressionReason;
  at: string;
  shown: string | null;
  note: string | null;
  actor_id: number | null;
  actor_name: string | null;
  actor_label: string | null;
}

/** A customer who holds a contact today: erased and merged records hold none. */
interface Holder {
  id: number;
  contact: string;
}

const selectRows = `SELECT x.id, x.kind, x.value_hash, x.reason, x.at, x.shown, x.note, x.actor_id, s.name AS actor_name, x.actor_label
  FROM suppressions x LEFT JOIN staff s ON s.id = x.actor_id`;

/** What a row from before the list kept addresses shows when no customer holds its contact any more. */
export const fingerprintOnly = '(kept only as a fingerprint)';

/** Why, as the refusal of a second suppression says it. */
const reasonWords: Record<SuppressionReason, string> = {
  unsubscribed: 'unsubscribed',
  do_not_contact: 'do not contact',
  erased: 'erased',
  mailchimp: 'unsubscribed in Mailchimp',
};

const contactColumn: Record<SuppressionKind, string> = { email: 'email', phone: 'phone_e164' };
const channelOf: Record<SuppressionKind, 'email' | 'sms'> = { email: 'email', phone: 'sms' };

/** Whether a row shows its whole address: an erased customer's is masked (whatever put it on the list first), and old rows kept none. */
const keepsAddress = (row: SuppressionRow) => row.shown !== null && contactHash(row.shown) === row.value_hash;

const holderKey = (kind: SuppressionKind, hash: string) => `${kind}:${hash}`;

/**
 * The customers who hold the page's contacts, by kind and hash. A whole address is looked up as it
 * is; a contact kept only as its hash (an erased customer's, or a row from before the list kept
 * addresses) can only be found by hashing every customer's contact of that kind, so that is done only
 * when the page has one.
 */
function* holdersOf(rows: SuppressionRow[]): Query<Map<string, Holder>> {
  const holders = new Map<string, Holder>();
  for (const kind of suppressionKinds) {
    const ofKind = rows.filter((r) => r.kind === kind);
    if (ofKind.length === 0) continue;
    const column = contactColumn[kind];
    const live = `${column} IS NOT NULL AND erased_at IS NULL AND merged_into IS NULL`;
    const candidates = ofKind.every(keepsAddress)
      ? yield* all<Holder>(`SELECT id, ${column} AS contact FROM customers WHERE ${live} AND ${column} IN (${ofKind.map(() => '?').join(', ')})`, ofKind.map((r) => r.shown))
      : yield* all<Holder>(`SELECT id, ${column} AS contact FROM customers WHERE ${live}`);
    for (const c of candidates) holders.set(holderKey(kind, contactHash(c.contact)), c);
  }
  return holders;
}

function* toSuppressions(rows: SuppressionRow[]): Query<Suppression[]> {
  const holders = rows.length > 0 ? yield* holdersOf(rows) : new Map<string, Holder>();
  return rows.map((r) => {
    const holder = holders.get(holderKey(r.kind, r.value_hash));
    return {
      id: r.id,
      kind: r.kind,
      shown: r.shown ?? holder?.contact ?? fingerprintOnly,
      reason: r.reason,
      note: r.note,
      customerId: holder?.id ?? null,
      actor: personOf(r.actor_id, r.actor_name, r.actor_label),
      at: r.at,
    };
  });
}

function* getSuppression(id: number): Query<Suppression | undefined> {
  const row = yield* one<SuppressionRow>(`${selectRows} WHERE x.id = ?`, [id]);
  return row ? (yield* toSuppressions([row]))[0] : undefined;
}

/** `%`, `_` and the escape itself taken literally in a LIKE pattern (both engines: ESCAPE '\'). */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * What a search looks for: parts of the addresses as kept (a phone's digits too, with or without the
 * trunk 0 the owner types before a national number), and the hashes of the whole address typed, read
 * as the book reads a customer's (an email in any case, a phone in any format of the shop's country).
 */
function* searchOf(query: string): Query<{ parts: string[]; hashes: string[] }> {
  const parts = new Set([query]);
  const hashes: string[] = [];
  if (query.includes('@')) {
    hashes.push(contactHash(query));
  } else if (looksLikePhone(query)) {
    const digits = query.replace(/\D/g, '');
    parts.add(digits);
    if (/^0+[1-9]/.test(digits)) parts.add(digits.replace(/^0+/, ''));
    const phone = normalisePhone(query, (yield* readSettings()).phoneCountry);
    if (phone) hashes.push(contactHash(phone.e164));
  }
  return { parts: [...parts], hashes };
}

/** The whole list, newest first; `query` finds a part of an address as shown, or a whole one typed in any format. */
export function* listSuppressions(_ctx: CoreContext, input: ParsedInputOf<'suppression.list'>): Query<SuppressionPage> {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (input.kind) {
    where.push('x.kind = @kind');
    params.kind = input.kind;
  }
  if (input.query) {
    const { parts, hashes } = yield* searchOf(input.query);
    const matches = parts.map((part, i) => {
      params[`part${i}`] = `%${escapeLike(part)}%`;
      return `LOWER(x.shown) LIKE LOWER(@part${i}) ESCAPE '\\'`;
    });
    hashes.forEach((hash, i) => {
      params[`hash${i}`] = hash;
      matches.push(`x.value_hash = @hash${i}`);
    });
    where.push(`(${matches.join(' OR ')})`);
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = yield* all<SuppressionRow>(`${selectRows} ${filter} ORDER BY x.at DESC, x.id DESC LIMIT @limit OFFSET @offset`, {
    ...params,
    limit: input.limit,
    offset: input.offset,
  });
  const total = yield* value<number | string>(`SELECT count(*) FROM suppressions x ${filter}`, params);
  return { rows: yield* toSuppressions(rows), total: Number(total ?? 0) };
}

const emailAddress = z.email();

/** The contact as the book keeps a customer's: an email lower-cased, a phone as E.164 read with the shop's country. */
function* normaliseContact(kind: SuppressionKind, typed: string): Query<string> {
  if (kind === 'email') {
    const email = typed.trim().toLowerCase();
    if (!emailAddress.safeParse(email).success) {
      throw invalid('value', looksLikePhone(email) ? `"${typed}" is a phone number: choose Phone as the kind` : `"${typed}" is not an email address, e.g. ama@example.com`);
    }
    return email;
  }
  if (typed.includes('@')) throw invalid('value', `"${typed}" is an email address: choose Email as the kind`);
  const { phoneCountry } = yield* readSettings();
  const phone = normalisePhone(typed, phoneCountry);
  if (!phone) throw invalid('value', `"${typed}" is not a phone number we can read (shop country ${phoneCountry})`);
  return phone.e164;
}

function* holderOf(kind: SuppressionKind, contact: string): Query<{ id: number; consent: string } | undefined> {
  const column = contactColumn[kind];
  const consent = kind === 'email' ? 'email_consent' : 'sms_consent';
  return yield* one<{ id: number; consent: string }>(
    `SELECT id, ${consent} AS consent FROM customers WHERE ${column} = ? AND erased_at IS NULL AND merged_into IS NULL`,
    [contact],
  );
}

/**
 * An address the shop must never contact, added by the owner with a note. A customer who holds it
 * and had agreed to offers on that channel is unsubscribed, with the note as their words, so that
 * their profile says what the list says.
 */
export function* addSuppression(ctx: CoreContext, input: ParsedInputOf<'suppression.add'>): Query<Suppression> {
  const contact = yield* normaliseContact(input.kind, input.value);
  const existing = yield* one<{ reason: SuppressionReason }>('SELECT reason FROM suppressions WHERE kind = ? AND value_hash = ?', [input.kind, contactHash(contact)]);
  if (existing) {
    const shown = input.kind === 'phone' ? formatPhone(contact, (yield* readSettings()).phoneCountry) : contact;
    throw new DomainError('conflict', `${shown} is already on the suppression list (${reasonWords[existing.reason]})`, { fields: { value: 'Already on the suppression list' } });
  }
  // On the list first, with the owner's note: the unsubscribe below then finds it there and keeps it as it is.
  yield* suppress(ctx, input.kind, contact, 'do_not_contact', input.note);
  const holder = yield* holderOf(input.kind, contact);
  if (holder?.consent === 'subscribed') {
    yield* recordConsent(ctx, { customerId: holder.id, channel: channelOf[input.kind], status: 'unsubscribed', method: 'customer_request', wording: input.note });
  }
  const id = (yield* value<number>('SELECT id FROM suppressions WHERE kind = ? AND value_hash = ?', [input.kind, contactHash(contact)]))!;
  return (yield* getSuppression(id))!;
}

/**
 * Lifts a suppression on a new consent only. When a customer holds the contact, the consent is
 * recorded as theirs (which lifts it, and their history keeps the proof); otherwise the row goes,
 * and the audit log keeps the method and the words.
 */
export function* removeSuppression(ctx: CoreContext, input: ParsedInputOf<'suppression.remove'>): Query<{ removed: Suppression; customerId: number | null }> {
  const removed = yield* getSuppression(input.id);
  if (!removed) throw notFound(`Suppression #${input.id}`);
  if (input.method === 'import') throw invalid('method', 'An import cannot lift a suppression: say how the person agreed again');
  if (removed.customerId !== null) {
    yield* recordConsent(ctx, { customerId: removed.customerId, channel: channelOf[removed.kind], status: 'subscribed', method: input.method, wording: input.wording });
  } else {
    yield* run('DELETE FROM suppressions WHERE id = ?', [input.id]);
  }
  return { removed, customerId: removed.customerId };
}
