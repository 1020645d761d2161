import { z } from 'zod';
import { mailchimpApiBase, mailchimpApiKey, type MailchimpCounts, type MailchimpRun, type MailchimpStatus } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { mailchimpServed } from '../../../db/mailchimp/host';
import { runMailchimpJob } from '../../../db/mailchimp/jobs';
import { errorFacts } from '../../../db/log';
import { keyFileSealer, mailchimpKeyPurpose } from '../../../db/mailchimp/sealer';
import { previewSync, runSync } from '../../../db/mailchimp/sync';
import * as render from '../render';
import { CliFailure, command, type RunContext } from './command';
import { required, shown, text } from './flags';

/** The command line seals the key as the dev host does: under the key file beside this PC's book file, outside the book. */
const sealerFor = (ctx: RunContext) => keyFileSealer(ctx.homeFolder, mailchimpKeyPurpose);

const served = (ctx: RunContext) =>
  mailchimpServed({
    book: () => ctx.book,
    // The command line holds the book in its own thread: its jobs run here.
    runJob: (job, options) => runMailchimpJob(job, ctx.book, options, (error) => ctx.log.error('mailchimp.syncFailed', errorFacts(error))),
    actor: () => null,
    sealer: sealerFor(ctx),
    log: ctx.log,
  }).served;

function answer<T>(result: Result<T>): T {
  if (!result.ok) throw new CliFailure(result.error);
  return result.value;
}

/** Mailchimp's refusals and silences as the owner should read them (the host's wording); the key is never part of them. */
async function talking<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    throw new CliFailure({ code: 'conflict', message: error instanceof Error ? error.message : String(error) });
  }
}

const countsLine = (c: MailchimpCounts, preview: boolean) =>
  [
    `${c.added.toLocaleString('en')} ${preview ? 'to add' : 'added'}`,
    `${c.updated.toLocaleString('en')} ${preview ? 'to update' : 'updated'}`,
    `${c.unchanged.toLocaleString('en')} unchanged`,
    `${c.unsubscribedThere.toLocaleString('en')} unsubscribed in Mailchimp since the last sync`,
    `${c.deleted.toLocaleString('en')} ${preview ? 'to delete (erased here)' : 'deleted (erased here)'}`,
    `${c.leftOut.toLocaleString('en')} left out`,
    ...(preview ? [] : [`${c.failed.toLocaleString('en')} failed`]),
  ].join(', ');

const runText = (run: MailchimpRun) =>
  [
    `Sync ${run.outcome}: ${countsLine(run.counts, false)}`,
    ...(run.error ? [run.error] : []),
    ...run.failures.map((f) => `  ${f.email}: ${f.error}`),
  ].join('\n');

function statusText(status: MailchimpStatus): string {
  if (!status.connection) return 'Not connected to Mailchimp. Connect with `regulars mailchimp connect --api-key KEY --audience ID`.';
  const c = status.connection;
  const lines = [
    `Connected to the audience ${c.audienceName} (${c.audienceId}) at ${c.dataCentre}, since ${c.connectedAt}`,
    `Last sync: ${status.lastSyncAt ?? 'never'}; erasures waiting to be sent: ${status.pendingDeletes}`,
  ];
  if (status.runs.length > 0) {
    lines.push(
      '',
      render.table(
        ['Started', 'Outcome', 'Added', 'Updated', 'Unsubscribed there', 'Deleted', 'Failed', 'By'],
        status.runs.map((r) => [r.startedAt, r.outcome, String(r.counts.added), String(r.counts.updated), String(r.counts.unsubscribedThere), String(r.counts.deleted), String(r.counts.failed), r.actor?.name ?? '']),
        [2, 3, 4, 5, 6],
      ),
    );
  }
  return lines.join('\n');
}

export const mailchimpCommands = [
  command({
    name: 'mailchimp connect',
    summary:
      "Connect the book to a Mailchimp audience: the API key (its -usNN suffix names the data centre) is checked with Mailchimp and kept sealed in the book, under a key file beside this PC's book; --create-fields makes the merge fields the audience lacks; --api-base points elsewhere than Mailchimp (a proxy)",
    flags: z.object({
      'api-key': shown(required('--api-key').pipe(mailchimpApiKey), 'KEY'),
      audience: shown(required('--audience'), 'ID'),
      'api-base': shown(text.pipe(mailchimpApiBase), 'URL').optional(),
      'create-fields': z.boolean().optional(),
      permission: shown(text, 'ID').optional(),
    }),
    fieldFlags: { apiKey: '--api-key', audienceId: '--audience', apiBase: '--api-base', permissionId: '--permission' },
    run: async (ctx, f) =>
      answer(
        await served(ctx)['mailchimp.connect']({
          apiKey: f['api-key'],
          audienceId: f.audience,
          apiBase: f['api-base'],
          createMergeFields: f['create-fields'] ?? false,
          permissionId: f.permission ?? null,
        }),
      ),
    text: statusText,
  }),

  command({
    name: 'mailchimp status',
    summary: 'The Mailchimp connection, the last sync, erasures waiting to be sent, and the sync log',
    flags: z.object({}),
    run: (ctx) => ctx.call('mailchimp.status', {}),
    text: statusText,
  }),

  command({
    name: 'mailchimp sync',
    summary:
      'Bring home who unsubscribed or was cleaned in Mailchimp, delete for good there who was erased here, and send the customers the CSV export would include, as far as they changed; --dry-run only says what it would do',
    flags: z.object({ 'dry-run': z.boolean().optional() }),
    run: async (ctx, f) => {
      const sealer = sealerFor(ctx);
      const options = { book: ctx.book, unseal: (sealed: string) => sealer.open(sealed) };
      if (f['dry-run']) return { preview: await talking(() => previewSync(options)) };
      return { run: await talking(() => runSync(options)) };
    },
    text: (result) =>
      'preview' in result && result.preview
        ? [`A sync would send: ${countsLine(result.preview.counts, true)}`, ...result.preview.leftOut.map((l) => `  left out: ${l.email} (${l.reason})`)].join('\n')
        : runText((result as { run: MailchimpRun }).run),
  }),
];
