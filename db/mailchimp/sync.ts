import {
  MAILCHIMP_BATCH_SIZE,
  MAILCHIMP_MAX_CONNECTIONS,
  MAILCHIMP_PLAN_SLICE,
  type InputOf,
  type MailchimpCounts,
  type MailchimpFailure,
  type MailchimpOutgoing,
  type MailchimpPlan,
  type MailchimpPreview,
  type MailchimpProgress,
  type MailchimpRun,
  type MethodName,
  type OutputOf,
} from '../../shared/contract';
import type { Result } from '../../shared/result';
import { mailchimpClient, MailchimpError, type BatchMember, type MailchimpClient, type MailchimpMember } from './client';
import { noCounts } from './service';

/**
 * A sync, run by whichever host the owner started it from (the app, the command line): the book
 * plans and records in short steps (`mailchimp.plan`, `mailchimp.record*`), each its own brief
 * write, and the calls to Mailchimp happen between them, so the writer is never held while the
 * network answers. Each batch is recorded as Mailchimp accepts it: a sync that stops half-way (a
 * dropped connection, a closed app, a cancel) leaves the book knowing what was sent, and the next
 * one sends only what is left.
 */

/** The book as a sync calls it: as the owner who started the sync. */
export interface SyncBook {
  call<K extends MethodName>(method: K, input: InputOf<K>): Promise<Result<OutputOf<K>>>;
}

export interface SyncOptions {
  book: SyncBook;
  /** Opens the API key the host sealed (safeStorage, or the key file outside the book). */
  unseal: (sealed: string) => Promise<string>;
  onProgress?: (progress: MailchimpProgress) => void;
  signal?: AbortSignal;
  /** Waited for before each call to Mailchimp a run makes: how a host that shares the machine with the counter keeps a sync in the background. */
  pace?: () => Promise<void>;
  /** For the tests: how often and how soon a failed call is tried again, and the fetch to use. */
  attempts?: number;
  backoffMs?: number;
  fetch?: typeof fetch;
  now?: () => Date;
}

/** A refusal from the book: the sync stops and says why. */
export class SyncStopped extends Error {}

async function step<K extends MethodName>(book: SyncBook, method: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const result = await book.call(method, input);
  if (!result.ok) throw new SyncStopped(result.error.message);
  return result.value;
}

/** Pages of 1,000 members (Mailchimp's largest `count`). */
const PULL_PAGE = 1000;
/** How many failures a run keeps by name (the count keeps them all). */
const FAILURES_KEPT = 100;
/** Mailchimp's `since_last_changed` is its clock, not ours: ask from a little before, and let the idempotent handling skip what was seen. */
const CLOCK_SLACK_MS = 5 * 60_000;

async function pullChanged(client: MailchimpClient, plan: Pick<MailchimpPlan, 'connection' | 'pulledUntil'>, signal?: AbortSignal): Promise<MailchimpMember[]> {
  const changed: MailchimpMember[] = [];
  for (const status of ['unsubscribed', 'cleaned'] as const) {
    for (let offset = 0; ; ) {
      signal?.throwIfAborted();
      const page = await client.changedMembers(plan.connection.audienceId, status, plan.pulledUntil, offset, PULL_PAGE);
      changed.push(...page.members);
      offset += page.members.length;
      if (page.members.length === 0 || offset >= page.total_items) break;
    }
  }
  return changed;
}

const clientFor = async (plan: Pick<MailchimpPlan, 'connection'>, options: SyncOptions) =>
  mailchimpClient({
    apiBase: plan.connection.apiBase,
    apiKey: await options.unseal(plan.connection.sealedKey),
    attempts: options.attempts,
    backoffMs: options.backoffMs,
    fetch: options.fetch,
    signal: options.signal,
  });

/**
 * The whole plan, asked for a slice of the audience at a time (each a short step for the book's
 * writer, with the host's pause between them), joined as one plan of everyone would be.
 */
async function planEveryone(options: SyncOptions): Promise<MailchimpPlan> {
  const first = await step(options.book, 'mailchimp.plan', { limit: MAILCHIMP_PLAN_SLICE });
  const whole: MailchimpPlan = { ...first, members: [...first.members], leaving: [...first.leaving], knownLeft: [...first.knownLeft], leftOut: [...first.leftOut], next: null };
  for (let after = first.next; after !== null; ) {
    await options.pace?.();
    options.signal?.throwIfAborted();
    const slice = await step(options.book, 'mailchimp.plan', { after, limit: MAILCHIMP_PLAN_SLICE });
    whole.members.push(...slice.members);
    whole.leaving.push(...slice.leaving);
    whole.knownLeft.push(...slice.knownLeft);
    whole.leftOut.push(...slice.leftOut);
    whole.unchanged += slice.unchanged;
    whole.deletes = slice.deletes;
    after = slice.next;
  }
  return whole;
}

/** The erasures waiting to be sent, with the connection: a slice of one customer carries them (they are the book's, not a slice's). */
const erasuresWaiting = (book: SyncBook) => step(book, 'mailchimp.plan', { limit: 1 });

/** What a sync would do now, without changing anything here or there. */
export async function previewSync(options: SyncOptions): Promise<MailchimpPreview> {
  const plan = await planEveryone(options);
  const client = await clientFor(plan, options);
  const pulled = await pullChanged(client, plan, options.signal);
  const knownLeft = new Set(plan.knownLeft);
  const counts: MailchimpCounts = {
    ...noCounts(),
    added: plan.members.filter((m) => m.isNew).length,
    updated: plan.members.filter((m) => !m.isNew).length,
    unchanged: plan.unchanged,
    // Only news: a member pulled again with the status the book already knows (last_changed moves on any edit) is not counted.
    unsubscribedThere: new Set(pulled.filter((m) => !knownLeft.has(m.id)).map((m) => m.id)).size,
    deleted: plan.deletes.length,
    leftOut: plan.leftOut.length,
  };
  return { counts, leftOut: plan.leftOut };
}

function batchMember(member: MailchimpOutgoing, permissionId: string | null): BatchMember {
  return {
    email_address: member.email,
    status_if_new: 'subscribed',
    ...(member.status ? { status: member.status } : {}),
    merge_fields: member.mergeFields,
    tags: member.tags,
    // An audience with GDPR fields: the email permission follows email consent here.
    ...(permissionId && (member.status || member.isNew) ? { marketing_permissions: [{ marketing_permission_id: permissionId, enabled: true }] } : {}),
  };
}

/** Whether Mailchimp answered that it has no such member: already gone there, nothing left to do to them. */
const gone = (error: unknown) => error instanceof MailchimpError && error.status === 404;

/**
 * Runs `work` over `items`, at most `width` at a time. After a failure no more items start, and the
 * ones under way are waited for before the failure is answered: a sync never ends while a batch of
 * its own is still being sent or recorded.
 */
async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (!failure && next < items.length) {
        try {
          await work(items[next++]);
        } catch (error) {
          failure ??= { error };
        }
      }
    }),
  );
  if (failure) throw (failure as { error: unknown }).error;
}

/** Deletes for good there the members erased here that wait in the book; a book not connected has none to send. */
export async function sendErasures(options: SyncOptions): Promise<number> {
  const status = await step(options.book, 'mailchimp.status', {});
  if (!status.connection || status.pendingDeletes === 0) return 0;
  const plan = await erasuresWaiting(options.book);
  const client = await clientFor(plan, options);
  let deleted = 0;
  await inParallel(plan.deletes, MAILCHIMP_MAX_CONNECTIONS, async (hash) => {
    deleted += await deleteThere(options.book, client, plan.connection.audienceId, hash);
  });
  return deleted;
}

async function deleteThere(book: SyncBook, client: MailchimpClient, audienceId: string, hash: string): Promise<number> {
  try {
    await client.deletePermanent(audienceId, hash);
  } catch (error) {
    // Already gone there (never added, or deleted by hand): nothing is left to delete.
    if (!gone(error)) throw error;
  }
  return (await step(book, 'mailchimp.recordDeleted', { hashes: [hash] })).deleted;
}

/**
 * A whole sync: members who unsubscribed or were cleaned in Mailchimp come home first (so that
 * nobody is sent who has just left), then erasures are sent, then the members that changed here.
 */
export async function runSync(options: SyncOptions): Promise<MailchimpRun> {
  const { book, signal } = options;
  const now = options.now ?? (() => new Date());
  const first = await step(book, 'mailchimp.connection', {});
  const runRecord = await step(book, 'mailchimp.startRun', {});
  const counts = noCounts();
  const failures: MailchimpFailure[] = [];
  const progress: MailchimpProgress = { runId: runRecord.id, phase: 'pull', done: 0, total: 0, counts, cancelling: false };
  const report = () => options.onProgress?.({ ...progress, counts: { ...counts } });
  const fail = (email: string, error: string) => {
    counts.failed++;
    if (failures.length < FAILURES_KEPT) failures.push({ email, error });
  };
  const finish = (outcome: 'done' | 'cancelled' | 'failed', error: string | null) =>
    step(book, 'mailchimp.finishRun', { runId: runRecord.id, outcome, counts, failures, error });

  try {
    report();
    const client = await clientFor(first, options);
    const pullStarted = new Date(now().getTime() - CLOCK_SLACK_MS).toISOString();
    const pulled = await pullChanged(client, first, signal);
    for (let i = 0; i < pulled.length; i += MAILCHIMP_BATCH_SIZE) {
      const members = pulled.slice(i, i + MAILCHIMP_BATCH_SIZE).map((m) => ({
        hash: m.id,
        email: m.email_address,
        status: m.status,
        at: m.last_changed ? new Date(m.last_changed).toISOString() : now().toISOString(),
        reason: m.unsubscribe_reason ?? null,
      }));
      counts.unsubscribedThere += (await step(book, 'mailchimp.recordPull', { members, until: null })).unsubscribed;
    }
    await step(book, 'mailchimp.recordPull', { members: [], until: pullStarted });

    // Planned after the pull: who it has just unsubscribed here is not sent.
    const plan = await planEveryone(options);
    counts.unchanged = plan.unchanged;
    counts.leftOut = plan.leftOut.length;

    progress.phase = 'delete';
    progress.total = plan.deletes.length;
    report();
    await inParallel(plan.deletes, MAILCHIMP_MAX_CONNECTIONS, async (hash) => {
      await options.pace?.();
      signal?.throwIfAborted();
      counts.deleted += await deleteThere(book, client, plan.connection.audienceId, hash);
      progress.done++;
      report();
    });

    progress.phase = 'push';
    progress.done = 0;
    progress.total = plan.members.length + plan.leaving.length;
    report();
    const audienceId = plan.connection.audienceId;
    // Who left the audience here: unsubscribed there by the name Mailchimp knows them by (no address needed).
    await inParallel(plan.leaving, MAILCHIMP_MAX_CONNECTIONS, async (member) => {
      await options.pace?.();
      signal?.throwIfAborted();
      let status: 'unsubscribed' | 'archived' = 'unsubscribed';
      try {
        await client.updateMember(audienceId, member.hash, { status: 'unsubscribed' });
      } catch (error) {
        if (!gone(error)) throw error;
        status = 'archived';
      }
      counts.updated++;
      await step(book, 'mailchimp.recordPush', {
        results: [{ customerId: member.customerId, hash: member.hash, digest: null, tags: member.tags, status, consentAt: member.consentAt, error: null }],
      });
      progress.done++;
      report();
    });
    const batches: MailchimpOutgoing[][] = [];
    for (let i = 0; i < plan.members.length; i += MAILCHIMP_BATCH_SIZE) batches.push(plan.members.slice(i, i + MAILCHIMP_BATCH_SIZE));
    await inParallel(batches, MAILCHIMP_MAX_CONNECTIONS, async (batch) => {
      await options.pace?.();
      signal?.throwIfAborted();
      // A new address here renames the member there first, so that one person stays one member (and their consent with them).
      for (const m of batch.filter((member) => member.previousHash)) {
        try {
          await client.updateMember(audienceId, m.previousHash!, { email_address: m.email });
        } catch (error) {
          // Gone there, or the new address is a member already: the batch adds or updates that one.
          if (!(error instanceof MailchimpError && (error.status === 404 || error.status === 400))) throw error;
        }
      }
      const answer = await client.batch(
        audienceId,
        batch.map((m) => batchMember(m, plan.connection.permissionId)),
      );
      const refused = new Map(answer.errors.map((e) => [e.email_address.trim().toLowerCase(), e]));
      // Tags no longer true are turned off before the batch is recorded: recorded, they would never be tried again.
      for (const m of batch) {
        if (m.removedTags.length > 0 && !refused.has(m.email)) await client.turnOffTags(audienceId, m.hash, m.removedTags);
      }
      const statusThere = new Map([...answer.new_members, ...answer.updated_members].map((m) => [m.email_address.trim().toLowerCase(), m.status]));
      const results = batch.map((m) => {
        const error = refused.get(m.email);
        if (error) fail(m.email, error.error);
        else if (m.isNew) counts.added++;
        else counts.updated++;
        return {
          customerId: m.customerId,
          hash: m.hash,
          digest: m.digest,
          tags: m.tags,
          status: statusThere.get(m.email) ?? m.status ?? (m.isNew ? 'subscribed' : null),
          consentAt: m.status || m.isNew ? m.consentAt : null,
          error: error ? { title: error.error_code ?? 'Refused by Mailchimp', detail: error.error } : null,
        };
      });
      counts.unsubscribedThere += (await step(book, 'mailchimp.recordPush', { results })).unsubscribed;
      progress.done += batch.length;
      report();
    });
    // Erased while this sync ran: deleted there now, after the batches that may have sent them.
    if ((await step(book, 'mailchimp.status', {})).pendingDeletes > 0) {
      const late = await erasuresWaiting(book);
      await inParallel(late.deletes, MAILCHIMP_MAX_CONNECTIONS, async (hash) => {
        counts.deleted += await deleteThere(book, client, audienceId, hash);
      });
    }
    progress.phase = 'done';
    report();
    return await finish('done', null);
  } catch (error) {
    if (signal?.aborted) return await finish('cancelled', 'Cancelled by the owner; what was sent is kept, and the next sync sends the rest');
    const message = error instanceof Error ? error.message : String(error);
    await finish('failed', message).catch(() => undefined);
    throw error;
  }
}
