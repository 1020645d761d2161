import { z } from 'zod';
import { emptyInput, id, isoDateTime, type Person } from './common';
import { read, write } from './define';
import type { LeftOut } from './exports';

/** The merge fields a sync fills, as Mailchimp names them; an audience made by Mailchimp has them all. */
export const mailchimpMergeFields = ['FNAME', 'LNAME', 'PHONE', 'BIRTHDAY', 'ADDRESS'] as const;
export type MailchimpMergeField = (typeof mailchimpMergeFields)[number];

/** A member's status in Mailchimp, as its API names them. */
export const mailchimpMemberStatuses = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional', 'archived'] as const;
export type MailchimpMemberStatus = (typeof mailchimpMemberStatuses)[number];

/** At most this many members a call to `POST /lists/{list_id}` (Mailchimp's own limit). */
export const MAILCHIMP_BATCH_SIZE = 500;
/**
 * How many of the audience one `mailchimp.plan` step covers: a sync plans in slices, so that the
 * book's writer (which also records the counter's sales) is never held for long by a plan of every
 * subscriber, and a host can pause between slices.
 */
export const MAILCHIMP_PLAN_SLICE = 2_000;
/** At most this many connections at once for one API key (Mailchimp answers 429 beyond). */
export const MAILCHIMP_MAX_CONNECTIONS = 10;

/**
 * An API key: hex characters, a dash, and the data centre (`…-us12`). The key is a secret: it never
 * enters a log, an export or the audit log; the book keeps it only sealed by the host.
 */
export const mailchimpApiKey = z
  .string({ error: 'Paste the API key from Mailchimp (Profile → Extras → API keys)' })
  .trim()
  .regex(/^[0-9a-f]{8,64}-[a-z]{2,4}\d{1,3}$/i, 'That is not a Mailchimp API key: it ends with the data centre, like …-us12');

/** Where the API is: `https://<dc>.api.mailchimp.com/3.0` by default; another base for tests and proxies. */
export const mailchimpApiBase = z
  .url({ protocol: /^https?$/, error: 'The API base must be an http(s) address' })
  .max(500)
  .transform((url) => url.replace(/\/+$/, ''));

export const mailchimpDataCentre = (apiKey: string): string => apiKey.trim().split('-').pop()!.toLowerCase();
export const defaultMailchimpApiBase = (apiKey: string): string => `https://${mailchimpDataCentre(apiKey)}.api.mailchimp.com/3.0`;

export interface MailchimpAudience {
  id: string;
  name: string;
  members: number;
  /** The merge fields the audience has, and the ones a sync fills that it lacks (created on connect when asked). */
  mergeFields: string[];
  missingMergeFields: MailchimpMergeField[];
  /** The audience's GDPR marketing permissions, if it has them; the email one maps to email consent here. */
  marketingPermissions: { id: string; text: string }[];
}

/** What one sync did, or (the preview) would do. */
export interface MailchimpCounts {
  added: number;
  updated: number;
  unchanged: number;
  /** Members who unsubscribed or were cleaned in Mailchimp since the last sync: consent records and suppressions here. */
  unsubscribedThere: number;
  /** Erased here, deleted for good there. */
  deleted: number;
  leftOut: number;
  failed: number;
}

export const mailchimpRunOutcomes = ['running', 'done', 'cancelled', 'failed'] as const;
export type MailchimpRunOutcome = (typeof mailchimpRunOutcomes)[number];

export interface MailchimpFailure {
  email: string;
  error: string;
}

/** A run in the sync log: when, by whom, what it did, what failed. */
export interface MailchimpRun {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  outcome: MailchimpRunOutcome;
  counts: MailchimpCounts;
  /** The first of the members Mailchimp refused, with its reasons (the count is in `counts.failed`). */
  failures: MailchimpFailure[];
  /** Why a run failed or stopped, in words. */
  error: string | null;
  actor: Person | null;
}

export interface MailchimpConnection {
  audienceId: string;
  audienceName: string;
  apiBase: string;
  dataCentre: string;
  /** The GDPR marketing permission that email consent maps to, when the audience has them. */
  permissionId: string | null;
  connectedAt: string;
}

/** A run under way: the phase and how far it is. */
export interface MailchimpProgress {
  runId: number;
  phase: 'pull' | 'delete' | 'push' | 'done';
  /** Members sent (push), or pages read (pull), of the total known so far. */
  done: number;
  total: number;
  counts: MailchimpCounts;
  cancelling: boolean;
}

export interface MailchimpStatus {
  connection: MailchimpConnection | null;
  lastSyncAt: string | null;
  /** Erasures waiting to be sent to Mailchimp (made while it was out of reach). */
  pendingDeletes: number;
  /** The run under way in this app, if one is. */
  running: MailchimpProgress | null;
  /** Newest first. */
  runs: MailchimpRun[];
}

/** The preview before a sync: "412 to add, 37 to update, 9 unsubscribed in Mailchimp since the last sync, 3 left out". */
export interface MailchimpPreview {
  counts: MailchimpCounts;
  leftOut: LeftOut[];
}

/** One member as a sync sends them: the fields and tags the CSV export would give, and the status only when consent changed here. */
export interface MailchimpOutgoing {
  customerId: number;
  email: string;
  /** MD5 of the lower-cased email: Mailchimp's name for the member. */
  hash: string;
  /** The member's name there before the address changed here: renamed there first, so one person stays one member. */
  previousHash: string | null;
  mergeFields: Record<string, string>;
  tags: string[];
  /** Tags sent before that no longer apply, to turn off there. */
  removedTags: string[];
  /** Sent only when consent changed here since the last sync; `pending` asks for a double opt-in after Mailchimp's own unsubscribe. */
  status: 'subscribed' | 'pending' | null;
  /** Fingerprint of what is sent: unchanged next time, nothing is sent. */
  digest: string;
  /** The consent event whose status this sends, so the next sync knows it was sent. */
  consentAt: string | null;
  isNew: boolean;
}

/** A member known there as subscribed who left the audience here (unsubscribed, do-not-contact, archived, address removed): unsubscribed there by name. */
export interface MailchimpLeaving {
  customerId: number;
  hash: string;
  tags: string[];
  consentAt: string | null;
}

/** What a sync must do, as the book sees it now. */
export interface MailchimpPlan {
  connection: MailchimpConnection & { sealedKey: string };
  members: MailchimpOutgoing[];
  leaving: MailchimpLeaving[];
  /** Hashes of the members Mailchimp last said were unsubscribed or cleaned: pulled again, they are no news. */
  knownLeft: string[];
  unchanged: number;
  leftOut: LeftOut[];
  /** Hashes of erased members to delete permanently there. */
  deletes: string[];
  /** Pull members changed there since this time (null: never synced, pull everything). */
  pulledUntil: string | null;
  /** The last customer id this slice covered, when more may follow (plan again after it); null: it reached the end of the book. */
  next: number | null;
}

const hash = z.string().regex(/^[0-9a-f]{32}$/, 'An MD5 hash');
const text = (max: number) => z.string().max(max);

export const mailchimpPushResult = z
  .object({
    customerId: id,
    hash,
    digest: text(128).nullable(),
    tags: z.array(text(100)).max(200),
    status: z.enum(mailchimpMemberStatuses).nullable(),
    consentAt: isoDateTime.nullable(),
    /** Mailchimp refused the member: its title and detail. A compliance answer becomes an unsubscribe here. */
    error: z.object({ title: text(200), detail: text(1000) }).nullable(),
  })
  .strict();

export const mailchimpPulledMember = z
  .object({
    hash,
    email: text(254),
    status: z.enum(mailchimpMemberStatuses),
    /** When Mailchimp says the change happened. */
    at: isoDateTime,
    /** Mailchimp's reason, when it gives one (`unsubscribe_reason`). */
    reason: text(500).nullable(),
  })
  .strict();

const counts = z
  .object({
    added: z.number().int().min(0),
    updated: z.number().int().min(0),
    unchanged: z.number().int().min(0),
    unsubscribedThere: z.number().int().min(0),
    deleted: z.number().int().min(0),
    leftOut: z.number().int().min(0),
    failed: z.number().int().min(0),
  })
  .strict();

const connectInput = z
  .object({
    apiKey: mailchimpApiKey,
    audienceId: z.string().trim().min(1, 'Pick an audience').max(100),
    apiBase: mailchimpApiBase.optional(),
    /** Creates the merge fields the audience lacks. */
    createMergeFields: z.boolean().default(false),
    permissionId: z.string().trim().min(1).max(100).nullable().default(null),
  })
  .strict();

/**
 * Connecting, previewing and syncing talk to Mailchimp, so the host serves them (the core never
 * opens a connection); the book keeps the connection, the plan and the results (`mailchimp.status`
 * and the steps below, which a sync calls as it goes). The owner's alone.
 */
export const mailchimpMethods = {
  'mailchimp.audiences': read<MailchimpAudience[]>()(z.object({ apiKey: mailchimpApiKey, apiBase: mailchimpApiBase.optional() }).strict(), 'owner'),
  'mailchimp.connect': write<MailchimpStatus>()(connectInput, 'owner'),
  'mailchimp.disconnect': write<MailchimpStatus>()(emptyInput, 'owner'),
  'mailchimp.preview': read<MailchimpPreview>()(emptyInput, 'owner'),
  /** Starts a sync in the background and answers at once; `mailchimp.status` shows it as it goes. */
  'mailchimp.sync': write<MailchimpProgress>()(emptyInput, 'owner'),
  'mailchimp.cancel': write<MailchimpStatus>()(emptyInput, 'owner'),
  'mailchimp.status': read<MailchimpStatus>()(emptyInput, 'owner'),

  // The book's side of a sync, in steps that each hold the writer only briefly.
  'mailchimp.saveConnection': write<MailchimpStatus>()(
    z
      .object({
        connection: z
          .object({
            audienceId: z.string().min(1).max(100),
            audienceName: text(200),
            apiBase: mailchimpApiBase,
            sealedKey: z.string().min(1).max(4000),
            permissionId: z.string().min(1).max(100).nullable(),
          })
          .strict()
          .nullable(),
      })
      .strict(),
    'owner',
  ),
  /** What a sync needs before it plans: where to call and with what key (sealed), and from when to pull. */
  'mailchimp.connection': read<Pick<MailchimpPlan, 'connection' | 'pulledUntil'>>()(emptyInput, 'owner'),
  /** Without `limit`, the whole audience at once; with it, that many of the audience after the customer `after`, by id. */
  'mailchimp.plan': read<MailchimpPlan>()(
    z
      .object({ after: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(MAILCHIMP_PLAN_SLICE).optional() })
      .strict(),
    'owner',
  ),
  'mailchimp.startRun': write<MailchimpRun>()(emptyInput, 'owner'),
  'mailchimp.recordPush': write<{ unsubscribed: number }>()(z.object({ results: z.array(mailchimpPushResult).max(1000) }).strict(), 'owner'),
  'mailchimp.recordPull': write<{ unsubscribed: number }>()(
    z.object({ members: z.array(mailchimpPulledMember).max(1000), until: isoDateTime.nullable() }).strict(),
    'owner',
  ),
  'mailchimp.recordDeleted': write<{ deleted: number }>()(z.object({ hashes: z.array(hash).max(1000) }).strict(), 'owner'),
  'mailchimp.finishRun': write<MailchimpRun>()(
    z
      .object({
        runId: id,
        outcome: z.enum(mailchimpRunOutcomes).exclude(['running']),
        counts,
        failures: z.array(z.object({ email: text(254), error: text(1000) }).strict()).max(100),
        error: text(1000).nullable(),
      })
      .strict(),
    'owner',
  ),
};
