import { createHash } from 'node:crypto';
import {
  type MailchimpConnection,
  type MailchimpCounts,
  type MailchimpLeaving,
  type MailchimpMemberStatus,
  type MailchimpOutgoing,
  type MailchimpPlan,
  type MailchimpRun,
  type MailchimpStatus,
  type ParsedInputOf,
} from '../../shared/contract';
import { nowIso, parseJsonArray, personOf, type CoreContext } from '../context';
import { recordConsent, suppress } from '../consent/service';
import { DomainError, notFound } from '../errors';
import { audienceMembers } from '../exports/mailchimp';
import { all, insert, one, run, value, values, type Query } from '../query';

/** Mailchimp's name for a member: the MD5 of the lower-cased address. */
export const subscriberHash = (email: string): string => createHash('md5').update(email.trim().toLowerCase()).digest('hex');

/** A run still "running" after this long was left by an app or command line that closed mid-run. */
const RUN_STALE_MS = 15 * 60_000;

/** How many runs the sync log shows. */
const RUNS_SHOWN = 20;

export const noCounts = (): MailchimpCounts => ({ added: 0, updated: 0, unchanged: 0, unsubscribedThere: 0, deleted: 0, leftOut: 0, failed: 0 });

interface ConnectionRow {
  mailchimp_audience_id: string | null;
  mailchimp_audience_name: string | null;
  mailchimp_api_base: string | null;
  mailchimp_key_sealed: string | null;
  mailchimp_permission_id: string | null;
  mailchimp_connected_at: string | null;
  mailchimp_pulled_until: string | null;
}

function* connectionRow(): Query<ConnectionRow> {
  return (yield* one<ConnectionRow>(
    `SELECT mailchimp_audience_id, mailchimp_audience_name, mailchimp_api_base, mailchimp_key_sealed, mailchimp_permission_id,
       mailchimp_connected_at, mailchimp_pulled_until FROM settings WHERE id = 1`,
  ))!;
}

const connectionOf = (row: ConnectionRow): (MailchimpConnection & { sealedKey: string }) | null =>
  row.mailchimp_audience_id && row.mailchimp_api_base && row.mailchimp_key_sealed
    ? {
        audienceId: row.mailchimp_audience_id,
        audienceName: row.mailchimp_audience_name ?? row.mailchimp_audience_id,
        apiBase: row.mailchimp_api_base,
        dataCentre: dataCentreOf(row.mailchimp_api_base),
        permissionId: row.mailchimp_permission_id,
        connectedAt: row.mailchimp_connected_at ?? '',
        sealedKey: row.mailchimp_key_sealed,
      }
    : null;

/** `us12` from `https://us12.api.mailchimp.com/3.0`; the host itself for another base (a proxy, the tests' fake). */
function dataCentreOf(apiBase: string): string {
  const host = new URL(apiBase).hostname;
  const match = /^([a-z]{2,4}\d{1,3})\.api\.mailchimp\.com$/.exec(host);
  return match ? match[1] : host;
}

function* requireConnection(): Query<MailchimpConnection & { sealedKey: string }> {
  const connection = connectionOf(yield* connectionRow());
  if (!connection) throw new DomainError('conflict', 'Regulars is not connected to Mailchimp: connect in Settings → Mailchimp, or `regulars mailchimp connect`');
  return connection;
}

interface RunRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  outcome: MailchimpRun['outcome'];
  counts: string;
  failures: string;
  error: string | null;
  actor_id: number | null;
  actor_name: string | null;
  actor_label: string | null;
}

const runOf = (row: RunRow): MailchimpRun => ({
  id: row.id,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  outcome: row.outcome,
  counts: { ...noCounts(), ...(JSON.parse(row.counts) as Partial<MailchimpCounts>) },
  failures: JSON.parse(row.failures) as MailchimpRun['failures'],
  error: row.error,
  actor: personOf(row.actor_id, row.actor_name, row.actor_label),
});

const runSelect = `SELECT r.id, r.started_at, r.finished_at, r.outcome, r.counts, r.failures, r.error, r.actor_id, s.name AS actor_name, r.actor_label
  FROM mailchimp_runs r LEFT JOIN staff s ON s.id = r.actor_id`;

function* readRun(id: number): Query<MailchimpRun> {
  const row = yield* one<RunRow>(`${runSelect} WHERE r.id = ?`, [id]);
  if (!row) throw notFound(`Sync run ${id}`);
  return runOf(row);
}

/** The connection (without its key), the sync log and the erasures waiting; the host adds the run under way. */
export function* mailchimpStatus(_ctx: CoreContext): Query<MailchimpStatus> {
  const connection = connectionOf(yield* connectionRow());
  const runs = (yield* all<RunRow>(`${runSelect} ORDER BY r.id DESC LIMIT ${RUNS_SHOWN}`)).map(runOf);
  const lastSyncAt = (yield* value<string | null>("SELECT MAX(finished_at) FROM mailchimp_runs WHERE outcome = 'done'")) ?? null;
  const pendingDeletes = Number((yield* value<number>('SELECT COUNT(*) FROM mailchimp_deletes')) ?? 0);
  let shown: MailchimpConnection | null = null;
  if (connection) {
    const { sealedKey: _sealed, ...rest } = connection;
    shown = rest;
  }
  return { connection: shown, lastSyncAt, pendingDeletes, running: null, runs };
}

/**
 * Keeps the connection the host has checked with Mailchimp (the key sealed by the host), or forgets
 * it. Another audience than before starts afresh: what the book knew of the old one's members is
 * no guide to the new one's.
 */
export function* saveConnection(ctx: CoreContext, { connection }: ParsedInputOf<'mailchimp.saveConnection'>): Query<MailchimpStatus> {
  const before = yield* connectionRow();
  if (!connection) {
    // The audience id stays: connecting to it again goes on from what the book knows of its members
    // (who left here since must still be unsubscribed there).
    yield* run(
      `UPDATE settings SET mailchimp_api_base = NULL, mailchimp_key_sealed = NULL, mailchimp_permission_id = NULL, mailchimp_connected_at = NULL, updated_at = ? WHERE id = 1`,
      [nowIso(ctx)],
    );
    return yield* mailchimpStatus(ctx);
  }
  if (before.mailchimp_audience_id !== connection.audienceId) {
    yield* run('DELETE FROM mailchimp_members');
    yield* run('UPDATE settings SET mailchimp_pulled_until = NULL WHERE id = 1');
  }
  yield* run(
    `UPDATE settings SET mailchimp_audience_id = @audienceId, mailchimp_audience_name = @audienceName, mailchimp_api_base = @apiBase,
       mailchimp_key_sealed = @sealedKey, mailchimp_permission_id = @permissionId, mailchimp_connected_at = @now, updated_at = @now WHERE id = 1`,
    { ...connection, now: nowIso(ctx) },
  );
  return yield* mailchimpStatus(ctx);
}

interface MemberState {
  customer_id: number;
  email_hash: string;
  digest: string | null;
  tags: string;
  status: MailchimpMemberStatus | null;
  consent_at: string | null;
}

/** What Mailchimp says of a member who left there: never subscribed again by a sync, only asked again. */
const leftThere = new Set<MailchimpMemberStatus>(['unsubscribed', 'cleaned', 'pending']);

const digestOf = (fields: unknown): string => createHash('sha256').update(JSON.stringify(fields)).digest('hex');

/**
 * What a sync must send, as the book stands: every member of the audience (the CSV export's
 * customers) whose fields or tags changed since they were last accepted, with a status only when
 * consent changed here since it was last sent; a member known there who has left the audience here
 * (unsubscribed, do-not-contact, archived) is sent as unsubscribed, once. A member Mailchimp says
 * unsubscribed or cleaned is asked again only as `pending` (a double opt-in email), and only after
 * a consent recorded here since.
 */
export function* planSync(ctx: CoreContext, { after, limit }: ParsedInputOf<'mailchimp.plan'>): Query<MailchimpPlan> {
  const connection = yield* requireConnection();
  const slice = limit === undefined ? undefined : { after: after ?? 0, limit };
  const { members: audience, leftOut, next } = yield* audienceMembers(ctx, { slice });
  // The customers this slice covers, members or not: after `after`, up to the last one it read (to the end when it is the last slice).
  const covered = next === null ? { where: 'customer_id > @after', params: { after: slice?.after ?? 0 } } : { where: 'customer_id > @after AND customer_id <= @upTo', params: { after: slice!.after, upTo: next } };
  const states = new Map(
    (yield* all<MemberState>(`SELECT customer_id, email_hash, digest, tags, status, consent_at FROM mailchimp_members WHERE ${covered.where}`, covered.params)).map((s) => [
      s.customer_id,
      s,
    ]),
  );
  const consentAt = new Map(
    (yield* all<{ customer_id: number; at: string }>(
      `SELECT customer_id, MAX(at) AS at FROM consent_events WHERE channel = 'email' AND ${covered.where} GROUP BY customer_id`,
      covered.params,
    )).map((r) => [r.customer_id, r.at]),
  );
  const members: MailchimpOutgoing[] = [];
  let unchanged = 0;
  const inAudience = new Set<number>();
  for (const m of audience) {
    inAudience.add(m.customerId);
    const hash = subscriberHash(m.email);
    const mergeFields: Record<string, string> = { FNAME: m.firstName, LNAME: m.lastName, PHONE: m.phone, BIRTHDAY: m.birthday };
    const digest = digestOf({ email: m.email, mergeFields, tags: m.tags });
    const known = states.get(m.customerId);
    const latestConsent = consentAt.get(m.customerId) ?? null;
    const consentChanged = known !== undefined && latestConsent !== null && (known.consent_at === null || latestConsent > known.consent_at);
    // Once Mailchimp has said unsubscribed or cleaned, only a double opt-in (pending) asks again, until Mailchimp itself says subscribed.
    const status: MailchimpOutgoing['status'] = !consentChanged ? null : known.status !== null && leftThere.has(known.status) ? 'pending' : 'subscribed';
    if (known && known.email_hash === hash && status === null && known.digest === digest) {
      unchanged++;
      continue;
    }
    const sentTags = known ? parseJsonArray(known.tags) : [];
    members.push({
      customerId: m.customerId,
      email: m.email,
      hash,
      previousHash: known && known.email_hash !== hash ? known.email_hash : null,
      mergeFields,
      tags: m.tags,
      removedTags: sentTags.filter((tag) => !m.tags.includes(tag)),
      status,
      digest,
      consentAt: latestConsent,
      isNew: known === undefined,
    });
  }
  // Known there as subscribed, and no longer in the audience here: unsubscribed there, by the name Mailchimp knows them by, once.
  const leaving: MailchimpLeaving[] = [...states.values()]
    .filter((s) => !inAudience.has(s.customer_id) && (s.status === 'subscribed' || s.status === 'pending'))
    .map((s) => ({ customerId: s.customer_id, hash: s.email_hash, tags: parseJsonArray(s.tags), consentAt: consentAt.get(s.customer_id) ?? null }));
  const deletes = yield* values<string>('SELECT email_hash FROM mailchimp_deletes ORDER BY email_hash');
  const knownLeft = [...states.values()].filter((s) => s.status === 'unsubscribed' || s.status === 'cleaned').map((s) => s.email_hash);
  return { connection, members, leaving, knownLeft, unchanged, leftOut, deletes, pulledUntil: (yield* connectionRow()).mailchimp_pulled_until, next };
}

export function* syncConnection(): Query<Pick<MailchimpPlan, 'connection' | 'pulledUntil'>> {
  const connection = yield* requireConnection();
  return { connection, pulledUntil: (yield* connectionRow()).mailchimp_pulled_until };
}

/**
 * A run begins. One left `running` by an app that closed mid-run is marked as stopped: its work is
 * kept (each batch was recorded as it was accepted), and this run takes up what is left.
 */
export function* startRun(ctx: CoreContext): Query<MailchimpRun> {
  yield* requireConnection();
  const now = nowIso(ctx);
  const stale = new Date(ctx.now().getTime() - RUN_STALE_MS).toISOString();
  // Another sync (this PC's app, the command line, another PC on a shared book) under way: one at a time.
  const other = yield* one<{ started_at: string }>("SELECT started_at FROM mailchimp_runs WHERE outcome = 'running' AND started_at > ? ORDER BY id DESC LIMIT 1", [stale]);
  if (other) throw new DomainError('conflict', `A sync started at ${other.started_at} is still running (here or on another PC): wait for it to finish`);
  yield* run("UPDATE mailchimp_runs SET outcome = 'failed', finished_at = ?, error = ? WHERE outcome = 'running'", [
    now,
    'Stopped before it finished (the app or the command line closed); the next sync took up where it stopped',
  ]);
  const id = yield* insert('INSERT INTO mailchimp_runs (started_at, outcome, actor_id, actor_label) VALUES (?, ?, ?, ?)', [
    now,
    'running',
    ctx.actorId,
    ctx.actorLabel,
  ]);
  return yield* readRun(id);
}

// Mailchimp's own phrases (its detail begins with the address, which must not be what matches).
const complianceAnswer = /member in compliance state|is in a compliance state due to unsubscribe, bounce, or compliance review/i;
const forgottenAnswer = /forgotten email not subscribed|was permanently deleted and cannot be re-imported/i;

/** Why Mailchimp refused a member for good, if it did: they unsubscribed, bounced or were reported there, or were deleted for good there. */
export function refusedForGood(error: { title: string; detail: string }): 'compliance' | 'forgotten' | null {
  const texts = [error.title, error.detail];
  if (texts.some((text) => forgottenAnswer.test(text))) return 'forgotten';
  if (texts.some((text) => complianceAnswer.test(text))) return 'compliance';
  return null;
}

const refusalWording = {
  compliance: 'Refused by Mailchimp: the address unsubscribed, bounced or was reported there',
  forgotten: 'Refused by Mailchimp: the address was deleted for good there',
} as const;

/**
 * Brings home that a member is not to be mailed: an unsubscribed consent with Mailchimp's time and
 * words, and a suppression with the reason, unless a consent recorded here is newer than
 * `newerThan` (then that consent stands, the address is not suppressed, and the next sync asks the
 * member for a double opt-in). An address no customer holds is suppressed all the same, so that no
 * import brings it in as subscribed. Answers how many customers' consent changed.
 */
function* unsubscribeHere(ctx: CoreContext, email: string, at: string, newerThan: string, wording: string, note: string): Query<number> {
  const address = email.trim().toLowerCase();
  // Emails are kept lower-cased (and unique), so the index finds the holder.
  const holders = yield* all<{ id: number; name: string; email: string; phone_e164: string | null; email_consent: string; latest: string | null }>(
    `SELECT c.id, c.first_name AS name, c.email, c.phone_e164, c.email_consent,
       (SELECT MAX(e.at) FROM consent_events e WHERE e.customer_id = c.id AND e.channel = 'email') AS latest
     FROM customers c WHERE c.email = ? AND c.erased_at IS NULL`,
    [address],
  );
  const standing = holders.filter((holder) => holder.latest !== null && holder.latest > newerThan && holder.email_consent !== 'unsubscribed');
  if (standing.length > 0) return 0;
  yield* suppress(ctx, 'email', address, 'mailchimp', note);
  let changed = 0;
  for (const holder of holders) {
    if (holder.email_consent === 'unsubscribed') continue;
    yield* recordConsent(
      ctx,
      { customerId: holder.id, channel: 'email', status: 'unsubscribed', method: 'mailchimp', wording, at },
      { id: holder.id, name: holder.name, email: holder.email, phoneE164: holder.phone_e164 },
    );
    changed++;
  }
  return changed;
}

/** What Mailchimp answered for one batch: accepted members remembered as sent, refusals for good brought home. */
export function* recordPush(ctx: CoreContext, { results }: ParsedInputOf<'mailchimp.recordPush'>): Query<{ unsubscribed: number }> {
  const now = nowIso(ctx);
  let unsubscribed = 0;
  for (const result of results) {
    const refusal = result.error ? refusedForGood(result.error) : null;
    if (refusal) {
      const email = yield* value<string | null>('SELECT email FROM customers WHERE id = ? AND erased_at IS NULL', [result.customerId]);
      if (email && subscriberHash(email) === result.hash) {
        // A consent recorded here after the one this batch sent stands; the refusal is about the one sent.
        unsubscribed += yield* unsubscribeHere(ctx, email, now, result.consentAt ?? now, refusalWording[refusal], result.error!.detail);
        yield* upsertState(ctx, result.customerId, result.hash, null, [], refusal === 'forgotten' ? 'archived' : 'unsubscribed', result.consentAt);
      }
      continue;
    }
    // Refused for now (a field Mailchimp did not take): nothing is remembered, so the next sync sends it again.
    if (result.error) continue;
    // Erased while the batch was on its way: nothing of them is kept here, and the erasure deletes them there.
    if (yield* one('SELECT 1 FROM customers WHERE id = ? AND erased_at IS NOT NULL', [result.customerId])) continue;
    yield* upsertState(ctx, result.customerId, result.hash, result.digest, result.tags, result.status, result.consentAt);
  }
  return { unsubscribed };
}

function* upsertState(
  ctx: CoreContext,
  customerId: number,
  hash: string,
  digest: string | null,
  tags: string[],
  status: MailchimpMemberStatus | null,
  consentAt: string | null,
): Query<void> {
  yield* run(
    `INSERT INTO mailchimp_members (customer_id, email_hash, digest, tags, status, consent_at, synced_at)
     VALUES (@customerId, @hash, @digest, @tags, @status, @consentAt, @now)
     ON CONFLICT (customer_id) DO UPDATE SET email_hash = excluded.email_hash, digest = excluded.digest, tags = excluded.tags,
       status = COALESCE(excluded.status, mailchimp_members.status), consent_at = COALESCE(excluded.consent_at, mailchimp_members.consent_at),
       synced_at = excluded.synced_at`,
    { customerId, hash, digest, tags: JSON.stringify(tags), status, consentAt, now: nowIso(ctx) },
  );
}

const pulledWording: Partial<Record<MailchimpMemberStatus, string>> = {
  unsubscribed: 'Unsubscribed in Mailchimp',
  cleaned: 'Cleaned in Mailchimp: the address bounced',
  archived: 'Archived in Mailchimp',
};

/**
 * Members who unsubscribed or were cleaned in Mailchimp: consent records (method mailchimp, the
 * time Mailchimp gives) and suppressions here. `until`: the pull is complete up to that time, so
 * the next one asks only for later changes.
 */
export function* recordPull(ctx: CoreContext, { members, until }: ParsedInputOf<'mailchimp.recordPull'>): Query<{ unsubscribed: number }> {
  yield* requireConnection();
  let unsubscribed = 0;
  for (const member of members) {
    const wording = pulledWording[member.status];
    if (!wording) continue;
    // last_changed moves on any edit there (a tag, a note): only a change of status is news.
    const known = yield* all<{ customer_id: number; status: MailchimpMemberStatus | null }>('SELECT customer_id, status FROM mailchimp_members WHERE email_hash = ?', [member.hash]);
    if (known.length > 0 && known.every((k) => k.status === member.status)) continue;
    unsubscribed += yield* unsubscribeHere(ctx, member.email, member.at, member.at, wording, member.reason ?? wording);
    yield* run('UPDATE mailchimp_members SET status = ? WHERE email_hash = ?', [member.status, member.hash]);
    if (known.length === 0) {
      // Heard of for the first time: remembered, so that the same status pulled again is not news.
      const holder = yield* value<number>('SELECT id FROM customers WHERE email = ? AND erased_at IS NULL', [member.email.trim().toLowerCase()]);
      if (holder !== undefined) yield* upsertState(ctx, holder, member.hash, null, [], member.status, null);
    }
  }
  if (until) yield* run('UPDATE settings SET mailchimp_pulled_until = ? WHERE id = 1', [until]);
  return { unsubscribed };
}

/** Erased here: the member is to be deleted for good there (now, or by the next sync if Mailchimp cannot be reached). */
export function* queueMailchimpErasure(ctx: CoreContext, customerId: number, email: string | null): Query<void> {
  const known = yield* one<{ email_hash: string }>('SELECT email_hash FROM mailchimp_members WHERE customer_id = ?', [customerId]);
  const connected = connectionOf(yield* connectionRow()) !== null;
  const hashes = new Set<string>();
  if (known) hashes.add(known.email_hash);
  // Connected: the address may be there from before Regulars synced (a CSV import), so it is deleted too.
  if (email && connected) hashes.add(subscriberHash(email));
  for (const hash of hashes) {
    yield* run('INSERT INTO mailchimp_deletes (email_hash, requested_at) VALUES (?, ?) ON CONFLICT (email_hash) DO NOTHING', [hash, nowIso(ctx)]);
  }
  yield* run('DELETE FROM mailchimp_members WHERE customer_id = ?', [customerId]);
  // The sync log named the address where Mailchimp refused it: that goes too.
  if (email) {
    const address = email.trim().toLowerCase();
    const runs = yield* all<{ id: number; failures: string }>("SELECT id, failures FROM mailchimp_runs WHERE failures <> '[]'");
    for (const logged of runs.filter((r) => r.failures.includes(address))) {
      const failures = (JSON.parse(logged.failures) as MailchimpRun['failures']).map((f) => (f.email === address || f.error.toLowerCase().includes(address) ? { email: '(erased)', error: '(erased)' } : f));
      yield* run('UPDATE mailchimp_runs SET failures = ? WHERE id = ?', [JSON.stringify(failures), logged.id]);
    }
  }
}

export function* recordDeleted(_ctx: CoreContext, { hashes }: ParsedInputOf<'mailchimp.recordDeleted'>): Query<{ deleted: number }> {
  let deleted = 0;
  for (const hash of hashes) {
    deleted += (yield* run('DELETE FROM mailchimp_deletes WHERE email_hash = ?', [hash])).changes;
    yield* run('DELETE FROM mailchimp_members WHERE email_hash = ?', [hash]);
  }
  return { deleted };
}

export function* finishRun(ctx: CoreContext, input: ParsedInputOf<'mailchimp.finishRun'>): Query<MailchimpRun> {
  const changed = yield* run(
    `UPDATE mailchimp_runs SET outcome = @outcome, finished_at = @now, counts = @counts, failures = @failures, error = @error
     WHERE id = @runId AND outcome = 'running'`,
    { runId: input.runId, outcome: input.outcome, now: nowIso(ctx), counts: JSON.stringify(input.counts), failures: JSON.stringify(input.failures), error: input.error },
  );
  if (changed.changes === 0) {
    const exists = yield* one('SELECT 1 FROM mailchimp_runs WHERE id = ?', [input.runId]);
    if (!exists) throw notFound(`Sync run ${input.runId}`);
    throw new DomainError('conflict', `Sync run ${input.runId} has already finished`);
  }
  return yield* readRun(input.runId);
}
