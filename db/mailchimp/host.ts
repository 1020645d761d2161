import {
  defaultMailchimpApiBase,
  mailchimpMergeFields,
  type InputOf,
  type MailchimpAudience,
  type MailchimpProgress,
  type OutputOf,
} from '../../shared/contract';
import { err, ok, type Result } from '../../shared/result';
import type { Actor } from '../access';
import type { EventLog } from '../log';
import { mailchimpClient, type MailchimpClient } from './client';
import { mailchimpFailure, type MailchimpJobOptions, type MailchimpJobRunner } from './jobs';
import type { SecretSealer } from './sealer';
import { noCounts } from './service';
import type { SyncBook } from './sync';

/** The methods the host serves around the book: each talks to Mailchimp. */
export type MailchimpHostMethod = 'mailchimp.audiences' | 'mailchimp.connect' | 'mailchimp.disconnect' | 'mailchimp.preview' | 'mailchimp.sync' | 'mailchimp.cancel' | 'mailchimp.status';
type Served = { [K in MailchimpHostMethod]: (input: InputOf<K>) => Promise<Result<OutputOf<K>>> };

export interface MailchimpServed {
  served: Served;
  /**
   * After an erasure here: the member is deleted for good in Mailchimp now, in the background; if it
   * cannot be reached, the erasure waits in the book and the next sync sends it.
   */
  erased(): void;
  /** Stops the timer, and waits for a sync under way (the book is closing). */
  stop(): Promise<void>;
}

export interface MailchimpHost {
  /** The open book, acting as `actor` (a sync goes on as the owner who started it, whoever signs in meanwhile). */
  book(actor: Actor | null): SyncBook;
  /** Where a sync, a preview and the erasures run: beside the book in its writer's thread, or here. */
  runJob: MailchimpJobRunner;
  /** Who is signed in at the window now. */
  actor(): Actor | null;
  /** How this host seals the API key; without one, connecting is refused with a reason. */
  sealer?: SecretSealer;
  log: EventLog;
  /** For the tests: quicker retries. */
  attempts?: number;
  backoffMs?: number;
  /**
   * Syncs on a timer while the app is open, this often (the desktop and the dev host: hourly), as
   * the app itself: unsubscribes in Mailchimp come home without anyone pressing Sync.
   */
  syncEveryMs?: number;
}

/** Who a sync on the timer acts as: the app itself, named so in the sync log and the audit log. */
const theApp: Actor = { id: null, role: 'owner', label: 'Regulars' };

/** Mailchimp's refusal or silence, as the owner should read it; anything else is thrown on, for the gate to answer. */
function failureOf(error: unknown): Result<never> {
  const failure = mailchimpFailure(error);
  if (failure) return failure;
  throw error;
}

/** What the audience holds that a sync needs: its merge fields and GDPR marketing permissions. */
async function describeAudiences(client: MailchimpClient): Promise<MailchimpAudience[]> {
  const { lists } = await client.audiences();
  return Promise.all(
    lists.map(async (list) => {
      const [fields, sample] = await Promise.all([client.mergeFields(list.id), client.anyMember(list.id)]);
      const mergeFields = fields.merge_fields.map((f) => f.tag);
      return {
        id: list.id,
        name: list.name,
        members: list.stats?.member_count ?? 0,
        mergeFields,
        missingMergeFields: mailchimpMergeFields.filter((tag) => !mergeFields.includes(tag)),
        marketingPermissions: (sample.members[0]?.marketing_permissions ?? []).map((p) => ({ id: p.marketing_permission_id, text: p.text ?? p.marketing_permission_id })),
      };
    }),
  );
}

/**
 * Settings → Mailchimp, served by the session gate: connecting checks the key and the audience with
 * Mailchimp and keeps the key sealed in the book; a sync runs in the background, one at a time, and
 * `mailchimp.status` shows it as it goes. Nothing here writes the key anywhere else: not a log line,
 * not an error, not the audit log (which keeps only the names of the fields a call sent).
 */
export function mailchimpServed(host: MailchimpHost): MailchimpServed {
  interface Running {
    progress: MailchimpProgress;
    abort: AbortController;
    done: Promise<void>;
  }
  let running: Running | null = null;

  const clientFor = (apiKey: string, apiBase?: string) =>
    mailchimpClient({ apiKey, apiBase: apiBase ?? defaultMailchimpApiBase(apiKey), attempts: host.attempts, backoffMs: host.backoffMs });

  const jobOptions = (actor: Actor | null, sealer: SecretSealer, signal?: AbortSignal): MailchimpJobOptions => ({
    actor,
    unseal: (sealed: string) => sealer.open(sealed),
    signal,
    attempts: host.attempts,
    backoffMs: host.backoffMs,
  });

  const noSealer = () => err('conflict', 'This app cannot keep a Mailchimp API key safely here: connect from the desktop app, or with `regulars mailchimp connect`.');

  async function status(): Promise<Result<OutputOf<'mailchimp.status'>>> {
    const kept = await host.book(host.actor()).call('mailchimp.status', {});
    return kept.ok ? ok({ ...kept.value, running: running ? { ...running.progress, counts: { ...running.progress.counts } } : null }) : kept;
  }

  /** Starts a sync in the background as `actor`; answers its first progress, or why it could not start. */
  async function startSync(actor: Actor | null): Promise<Result<MailchimpProgress>> {
    if (!host.sealer) return noSealer();
    if (running) return err('conflict', 'A sync is already running');
    const sealer = host.sealer;
    // Taken at once, before anything is awaited: a second press of Sync meanwhile is refused, not a second run.
    const current: Running = {
      progress: { runId: 0, phase: 'pull', done: 0, total: 0, counts: noCounts(), cancelling: false },
      abort: new AbortController(),
      done: Promise.resolve(),
    };
    running = current;
    let firstProgress: (progress: MailchimpProgress) => void = () => undefined;
    const started = new Promise<MailchimpProgress>((resolve) => (firstProgress = resolve));
    let failedEarly: Result<never> | null = null;
    current.done = host
      .runJob('sync', {
        ...jobOptions(actor, sealer, current.abort.signal),
        onProgress: (progress) => {
          current.progress = { ...progress, cancelling: current.progress.cancelling };
          firstProgress(current.progress);
        },
      })
      .then((run) => {
        if (run.ok) return host.log.info('mailchimp.synced', { run: run.value.id, outcome: run.value.outcome, ...run.value.counts });
        host.log.error('mailchimp.syncFailed', { message: run.error.message });
        failedEarly = run;
      })
      .finally(() => {
        if (running === current) running = null;
      });
    // The first progress once the run is recorded; a refusal before that (not connected, another sync under way) is answered as it is.
    const first = await Promise.race([started, current.done.then(() => null)]);
    if (first) return ok(first);
    return failedEarly ?? err('internal', 'The sync ended before it began');
  }

  const served: Served = {
    'mailchimp.audiences': async ({ apiKey, apiBase }) => {
      try {
        return ok(await describeAudiences(clientFor(apiKey, apiBase)));
      } catch (error) {
        return failureOf(error);
      }
    },

    'mailchimp.connect': async (input) => {
      if (!host.sealer) return noSealer();
      if (running) return err('conflict', 'A sync is running: wait for it to finish, or cancel it, before connecting again.');
      const apiBase = input.apiBase ?? defaultMailchimpApiBase(input.apiKey);
      try {
        const client = clientFor(input.apiKey, apiBase);
        const audience = (await describeAudiences(client)).find((a) => a.id === input.audienceId);
        if (!audience) {
          const message = 'This Mailchimp account has no audience with that id: find the audiences again';
          return err('validation', message, { fields: { audienceId: message } });
        }
        if (input.permissionId && !audience.marketingPermissions.some((p) => p.id === input.permissionId)) {
          const message = 'The audience has no such marketing permission';
          return err('validation', message, { fields: { permissionId: message } });
        }
        if (input.createMergeFields) for (const tag of audience.missingMergeFields) await client.createMergeField(audience.id, tag);
        const sealedKey = await host.sealer.seal(input.apiKey);
        const saved = await host.book(host.actor()).call('mailchimp.saveConnection', {
          connection: { audienceId: audience.id, audienceName: audience.name, apiBase, sealedKey, permissionId: input.permissionId ?? null },
        });
        if (saved.ok) host.log.info('mailchimp.connected', { audience: audience.id, dataCentre: new URL(apiBase).hostname });
        return saved.ok ? status() : saved;
      } catch (error) {
        return failureOf(error);
      }
    },

    'mailchimp.disconnect': async () => {
      if (running) return err('conflict', 'A sync is running: cancel it before disconnecting.');
      const saved = await host.book(host.actor()).call('mailchimp.saveConnection', { connection: null });
      if (saved.ok) host.log.info('mailchimp.disconnected', {});
      return saved.ok ? status() : saved;
    },

    'mailchimp.preview': async () => {
      if (!host.sealer) return noSealer();
      return host.runJob('preview', jobOptions(host.actor(), host.sealer));
    },

    'mailchimp.sync': () => startSync(host.actor()),

    'mailchimp.cancel': async () => {
      const current = running;
      if (current) {
        current.progress.cancelling = true;
        current.abort.abort(new Error('Cancelled by the owner'));
        await current.done;
      }
      return status();
    },

    'mailchimp.status': status,
  };

  function erased() {
    // A sync under way sends the erasure itself, after its pull.
    if (!host.sealer || running) return;
    void host.runJob('erasures', jobOptions(host.actor(), host.sealer)).then((sent) => {
      if (!sent.ok) host.log.info('mailchimp.erasureWaits', { message: sent.error.message });
    });
  }

  // On the timer: only when connected and nothing runs; a refusal (Mailchimp out of reach) waits for the next tick.
  const timer = host.syncEveryMs
    ? setInterval(() => {
        if (running || !host.sealer) return;
        void host
          .book(theApp)
          .call('mailchimp.status', {})
          .then((status) => (status.ok && status.value.connection && !running ? startSync(theApp) : null))
          .catch(() => undefined);
      }, host.syncEveryMs)
    : null;
  timer?.unref?.();

  async function stop() {
    if (timer) clearInterval(timer);
    await running?.done;
  }

  return { served, erased, stop };
}
