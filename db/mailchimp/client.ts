import { z } from 'zod';
import { MAILCHIMP_MAX_CONNECTIONS, mailchimpMemberStatuses, type MailchimpMergeField } from '../../shared/contract';

/**
 * Mailchimp's Marketing API, as much of it as a consent-aware sync uses (../shared/reference/
 * mailchimp-api.md). Every answer is checked with zod; at most 10 calls are open at once (Mailchimp's
 * limit per key, with no rate-limit headers to read); a 429, a 5xx or a dropped connection is tried
 * again with back-off. The key is sent only in the Authorization header and never put in an error.
 */

/** Mailchimp's error body (`application/problem+json`). */
const problem = z.object({ title: z.string().optional(), detail: z.string().optional(), status: z.number().optional() }).loose();

export class MailchimpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

const audiencesAnswer = z.object({
  lists: z.array(z.object({ id: z.string(), name: z.string(), stats: z.object({ member_count: z.number() }).loose().optional() }).loose()),
  total_items: z.number(),
});

const mergeFieldsAnswer = z.object({
  merge_fields: z.array(z.object({ tag: z.string(), name: z.string(), type: z.string() }).loose()),
  total_items: z.number(),
});

const memberShape = z
  .object({
    id: z.string(),
    email_address: z.string(),
    status: z.enum(mailchimpMemberStatuses),
    last_changed: z.string().optional(),
    unsubscribe_reason: z.string().optional(),
    marketing_permissions: z.array(z.object({ marketing_permission_id: z.string(), text: z.string().optional(), enabled: z.boolean().optional() }).loose()).optional(),
  })
  .loose();
export type MailchimpMember = z.infer<typeof memberShape>;

const membersAnswer = z.object({ members: z.array(memberShape), total_items: z.number() });

/** A member as a batch's answer lists them: all of each member comes back, and a sync reads only who and their status (the rest is not copied). */
const batchMemberShape = z.object({ email_address: z.string(), status: z.enum(mailchimpMemberStatuses) });

const batchAnswer = z.object({
  new_members: z.array(batchMemberShape),
  updated_members: z.array(batchMemberShape),
  errors: z.array(z.object({ email_address: z.string(), error: z.string(), error_code: z.string().optional() }).loose()),
  total_created: z.number(),
  total_updated: z.number(),
  error_count: z.number(),
});
export type BatchAnswer = z.infer<typeof batchAnswer>;

export interface BatchMember {
  email_address: string;
  status_if_new: 'subscribed';
  status?: 'subscribed' | 'unsubscribed' | 'pending';
  merge_fields?: Record<string, string>;
  tags?: string[];
  marketing_permissions?: { marketing_permission_id: string; enabled: boolean }[];
}

export interface ClientOptions {
  apiBase: string;
  apiKey: string;
  /** How many times a call is tried in all, and the first wait between tries (doubled each time). */
  attempts?: number;
  backoffMs?: number;
  fetch?: typeof fetch;
  /**
   * Stops the waits between tries (a cancelled sync). A call already sent is let finish: its answer is
   * what tells the book what Mailchimp accepted, so that nothing is sent twice or left unrecorded.
   */
  signal?: AbortSignal;
}

/** Lets at most `limit` callers through at once; the rest wait their turn, in order. */
function gate(limit: number) {
  let open = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (open >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    open++;
    try {
      return await work();
    } finally {
      open--;
      waiting.shift()?.();
    }
  };
}

const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

const CALL_TIMEOUT_MS = 130_000;

export function mailchimpClient(options: ClientOptions) {
  const attempts = options.attempts ?? 5;
  const backoffMs = options.backoffMs ?? 500;
  const doFetch = options.fetch ?? fetch;
  const authorization = `Basic ${Buffer.from(`regulars:${options.apiKey}`).toString('base64')}`;
  const limited = gate(MAILCHIMP_MAX_CONNECTIONS);

  async function once(method: string, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
    const response = await doFetch(`${options.apiBase}${path}`, {
      method,
      headers: { authorization, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      // Mailchimp gives up on a call after about 120 s; so does Regulars, a little later, and tries again.
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: response.status, json };
  }

  async function call<T>(method: string, path: string, answer: z.ZodType<T> | null, body?: unknown): Promise<T> {
    let lastError: Error = new MailchimpError(0, 'Mailchimp could not be reached', '');
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await pause(backoffMs * 2 ** (attempt - 2), options.signal);
      let reply: { status: number; json: unknown };
      try {
        reply = await limited(() => once(method, path, body));
      } catch (error) {
        // A dropped connection or a refused one: tried again, as a 5xx is.
        lastError = new MailchimpError(0, 'Mailchimp could not be reached', error instanceof Error ? error.message : String(error));
        continue;
      }
      if (reply.status === 429 || reply.status >= 500) {
        const body = problem.safeParse(reply.json);
        lastError = new MailchimpError(reply.status, body.success ? (body.data.title ?? `HTTP ${reply.status}`) : `HTTP ${reply.status}`, body.success ? (body.data.detail ?? '') : '');
        continue;
      }
      if (reply.status >= 400) {
        const body = problem.safeParse(reply.json);
        throw new MailchimpError(reply.status, body.success ? (body.data.title ?? `HTTP ${reply.status}`) : `HTTP ${reply.status}`, body.success ? (body.data.detail ?? '') : '');
      }
      if (!answer) return undefined as T;
      const parsed = answer.safeParse(reply.json);
      if (!parsed.success) throw new MailchimpError(reply.status, 'Mailchimp answered in a form Regulars does not know', parsed.error.issues[0]?.message ?? '');
      return parsed.data;
    }
    throw lastError;
  }

  const list = (listId: string) => `/lists/${encodeURIComponent(listId)}`;

  return {
    audiences: () => call('GET', '/lists?count=1000&fields=lists.id,lists.name,lists.stats.member_count,total_items', audiencesAnswer),
    mergeFields: (listId: string) => call('GET', `${list(listId)}/merge-fields?count=1000`, mergeFieldsAnswer),
    createMergeField: (listId: string, tag: MailchimpMergeField) =>
      call('POST', `${list(listId)}/merge-fields`, null, { tag, name: mergeFieldNames[tag], type: mergeFieldTypes[tag], public: false }),
    /** One member, for the audience's GDPR marketing permissions (they are listed on each member). */
    anyMember: (listId: string) => call('GET', `${list(listId)}/members?count=1&fields=members.id,members.email_address,members.status,members.marketing_permissions,total_items`, membersAnswer),
    batch: (listId: string, members: BatchMember[]) => call('POST', list(listId), batchAnswer, { members, update_existing: true, sync_tags: false }),
    /** One member by the name Mailchimp knows them by: a new address (a rename), or a status (an unsubscribe). */
    updateMember: (listId: string, hash: string, body: { email_address?: string; status?: 'unsubscribed' }) => call('PATCH', `${list(listId)}/members/${hash}`, memberShape, body),
    turnOffTags: (listId: string, hash: string, tags: string[]) =>
      call('POST', `${list(listId)}/members/${hash}/tags`, null, { tags: tags.map((name) => ({ name, status: 'inactive' })) }),
    /** Members with `status` changed since `since` (all of them when null), one page. */
    changedMembers: (listId: string, status: 'unsubscribed' | 'cleaned', since: string | null, offset: number, count: number) =>
      call(
        'GET',
        `${list(listId)}/members?status=${status}&count=${count}&offset=${offset}${since ? `&since_last_changed=${encodeURIComponent(since)}` : ''}`,
        membersAnswer,
      ),
    deletePermanent: (listId: string, hash: string) => call('POST', `${list(listId)}/members/${hash}/actions/delete-permanent`, null),
  };
}
export type MailchimpClient = ReturnType<typeof mailchimpClient>;

const mergeFieldNames: Record<MailchimpMergeField, string> = { FNAME: 'First Name', LNAME: 'Last Name', PHONE: 'Phone Number', BIRTHDAY: 'Birthday', ADDRESS: 'Address' };
const mergeFieldTypes: Record<MailchimpMergeField, string> = { FNAME: 'text', LNAME: 'text', PHONE: 'phone', BIRTHDAY: 'birthday', ADDRESS: 'address' };
