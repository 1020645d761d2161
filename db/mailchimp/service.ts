import { createHash } from 'node:crypto';
import {
  type MailchimpConnection,
  type MailchimpCounts,
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
import { all, one, run, value, values, type Query } from '../query';

/** Mailchimp's name for a member: the MD5 of the lower-cased address. */
export const subscriberHash = (email: string): string => createHash('md5').update(email.trim().toLowerCase()).digest('hex');

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
    yield* run(
      `UPDATE settings SET mailchimp_audience_id = NULL, mailchimp_audience_name = NULL, mailchimp_api_base = NULL, mailchimp_key_sealed = NULL,
         mailchimp_permission_id = NULL, mailchimp_connected_at = NULL, updated_at = ? WHERE id = 1`,
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

const digestOf = (fields: unknown): string => createHash('sha256').update(JSON.stringify(fields)).digest('hex');

/**
 * What a sync must send, as the book stands: every member of the audience (the CSV export's
 * customers) whose fields or tags changed since they were last accepted, with a status only when
 * consent changed here since it was last sent; a member known there who has left the audience here
 * (unsubscribed, do-not-contact, archived) is sent as unsubscribed, once. A member Mailchimp says
 * unsubscribed or cleaned is asked again only as `pending` (a double opt-in email), and only after
 * a consent recorded here since.
 */
export function* planSync(ctx: CoreContext): Query<MailchimpPlan> {
  const connection = yield* requireConnection();
  const { members: audience, leftOut } = yield* audienceMembers(ctx);
  const states = new Map((yield* all<MemberState>('SELECT customer_id, email_hash, digest, tags, status, consent_at FROM mailchimp_members')).map((s) => [s.customer_id, s]));
  const consentAt = new Map(
    (yield* all<{ customer_id: number; at: string }>("SELECT customer_id, MAX(at) AS at FROM consent_events WHERE channel = 'email' GROUP BY customer_id")).map((r) => [
      r.customer_id,
      r.at,
    ]),
  );
  const members: MailchimpOutgoing[] = [];
  let unchanged = 0;
  const inAudience = new Set<number>();
  for (const m of audience) {
    inAudience.add(m.customerId);
    const hash = subscriberHash(m.email);
    const mergeFields: Record<string, string> = { FNAME: m.firstName, LNAME: m.lastName, PHONE: m.phone, BIRTHDAY: m.birthday };
    const digest = digestOf({ email: m.email, mergeFields, tags: m.tags });
    const state = states.get(m.customerId);
    // Another address than the one Mailchimp knows them by is another member there.
    const known = state && state.email_hash === hash ? state : undefined;
    const latestConsent = consentAt.get(m.customerId) ?? null;
    const consentChanged = known !== undefined && latestConsent !== null && (known.consent_at === null || latestConsent > known.consent_at);
    const status: MailchimpOutgoing['status'] = !consentChanged ? null : known.status === 'unsubscribed' || known.status === 'cleaned' ? 'pending' : 'subscribed';
    if (known && status === null && known.digest === digest) {
      unchanged++;
      continue;
    }
    const sentTags = known ? parseJsonArray(known.tags) : [];
    members.push({
      customerId: m.customerId,
      email: m.email,
      hash,
      mergeFields,
      tags: m.tags,
      removedTags: sentTags.filter((tag) => !m.tags.includes(tag)),
      status,
      digest,
      consentAt: latestConsent,
      isNew: known === undefined,
    });
  }
  // Known there as subscribed, and no longer in the audience here: say so there, once.
  const leaving = [...states.values()].filter((s) => !inAudience.has(s.customer_id) && (s.status === 'subscribed' || s.status === 'pending'));
  if (leaving.length > 0) {
    const emails = new Map(
      (yield* all<{ id: number; email: string | null }>(`SELECT id, email FROM customers WHERE id IN (${leaving.map((s) => s.customer_id).join(',')})`)).map((r) => [r.id, r.email]),
    );
    for (const s of leaving) {
      const email = emails.get(s.customer_id)?.trim().toLowerCase();
      // An address removed here cannot be named in a batch; the member there keeps it until the owner acts.
      if (!email || subscriberHash(email) !== s.email_hash) continue;
      members.push({
        customerId: s.customer_id,
        email,
        hash: s.email_hash,
        mergeFields: {},
        tags: [],
        removedTags: [],
        status: 'unsubscribed',
        digest: s.digest ?? '',
        consentAt: consentAt.get(s.customer_id) ?? null,
        isNew: false,
      });
    }
  }
  const deletes = yield* values<string>('SELECT email_hash FROM mailchimp_deletes ORDER BY email_hash');
  return { connection, members, unchanged, leftOut, deletes, pulledUntil: (yield* connectionRow()).mailchimp_pulled_until };
}

/**
 * A run begins. One left `running` by an app that closed mid-run is marked as stopped: its work is
 * kept (each batch was recorded as it was accepted), and this run takes up what is left.
 */
export function* startRun(ctx: CoreContext): Query<MailchimpRun> {
  yield* requireConnection();
  const now = nowIso(ctx);
  yield* run("UPDATE mailchimp_runs SET outcome = 'failed', finished_at = ?, error = ? WHERE outcome = 'running'", [
    now,
    'Stopped before it finished (the app closed); the next sync took up where it stopped',
  ]);
  const id = (yield* value<number>('INSERT INTO mailchimp_runs (started_at, outcome, actor_id, actor_label) VALUES (?, ?, ?, ?) RETURNING id', [
    now,
    'running',
    ctx.actorId,
    ctx.actorLabel,
  ]))!;
  return yield* readRun(id);
}

const complianceAnswer = /compliance state/i;
const forgottenAnswer = /forgotten|permanently deleted/i;

/** Whether Mailchimp refused a member for good: they unsubscribed, bounced or were reported there, or were deleted for good. */
export const refusedForGood = (error: { title: string; detail: string }): boolean =>
  [error.title, error.detail].some((text) => complianceAnswer.test(text) || forgottenAnswer.test(text));

/**
 * Brings home that a member is not to be mailed: an unsubscribed consent with Mailchimp's time and
 * words, and a suppression with the reason, unless a consent recorded here is newer (then that
 * consent stands, and the next sync asks the member for a double opt-in). Idempotent: a member
 * already unsubscribed here records nothing again. Answers whether consent changed.
 */
function* unsubscribeHere(ctx: CoreContext, email: string, at: string, wording: string, note: string): Query<number> {
  // Emails are kept lower-cased (and unique), so the index finds the holder.
  yield* suppress(ctx, 'email', email, 'mailchimp', note);
  const holders = yield* all<{ id: number; name: string; email: string; phone_e164: string | null; email_consent: string; latest: string | null }>(
    `SELECT c.id, c.first_name AS name, c.email, c.phone_e164, c.email_consent,
       (SELECT MAX(e.at) FROM consent_events e WHERE e.customer_id = c.id AND e.channel = 'email') AS latest
     FROM customers c WHERE c.email = ? AND c.erased_at IS NULL`,
    [email.trim().toLowerCase()],
  );
  let changed = 0;
  for (const holder of holders) {
    if (holder.email_consent === 'unsubscribed' || (holder.latest !== null && holder.latest > at)) continue;
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
    if (result.error && refusedForGood(result.error)) {
      const email = yield* value<string | null>('SELECT email FROM customers WHERE id = ?', [result.customerId]);
      if (email && subscriberHash(email) === result.hash) {
        const forgotten = forgottenAnswer.test(result.error.title) || forgottenAnswer.test(result.error.detail);
        unsubscribed += yield* unsubscribeHere(ctx, email, now, `Refused by Mailchimp: ${result.error.title}`, result.error.detail);
        yield* upsertState(ctx, result.customerId, result.hash, null, [], forgotten ? 'archived' : 'unsubscribed', result.consentAt);
      }
      continue;
    }
    // Refused for now (a field Mailchimp did not take): nothing is remembered, so the next sync sends it again.
    if (result.error) continue;
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
    unsubscribed += yield* unsubscribeHere(ctx, member.email, member.at, wording, member.reason ?? wording);
    yield* run('UPDATE mailchimp_members SET status = ? WHERE email_hash = ?', [member.status, member.hash]);
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
