import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small Mailchimp for the tests, on 127.0.0.1: it keeps its own audiences and members and answers
 * as Mailchimp's Marketing API documents (../shared/reference/mailchimp-api.md): HTTP Basic with the
 * key as the password, batch answers of 200 that list failed members, compliance-state and forgotten-
 * email refusals, `since_last_changed` paging, `delete-permanent`. It counts the connections open at
 * once, and can answer 429 or drop connections on demand, as the real one does under load.
 */

export type FakeStatus = 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'transactional' | 'archived';

export interface FakeMember {
  id: string;
  email_address: string;
  status: FakeStatus;
  merge_fields: Record<string, unknown>;
  tags: Set<string>;
  last_changed: string;
  unsubscribe_reason?: string;
  marketing_permissions: { marketing_permission_id: string; text: string; enabled: boolean }[];
}

interface FakeList {
  id: string;
  name: string;
  mergeFields: Map<string, { tag: string; name: string; type: string }>;
  members: Map<string, FakeMember>;
  permissions: { marketing_permission_id: string; text: string }[];
}

export const md5 = (email: string) => createHash('md5').update(email.trim().toLowerCase()).digest('hex');

const problem = (res: http.ServerResponse, status: number, title: string, detail: string) => {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'https://mailchimp.com/developer/marketing/docs/errors/', title, status, detail, instance: '' }));
};

export interface FakeMailchimp {
  apiKey: string;
  /** The API base to give Regulars (`--api-base`). */
  apiBase: string;
  addList(id: string, name: string, options?: { mergeFields?: string[]; permissions?: { marketing_permission_id: string; text: string }[] }): void;
  member(listId: string, email: string): FakeMember | undefined;
  members(listId: string): FakeMember[];
  /** The member unsubscribes from an email (or bounces: `cleaned`), at `at`. */
  setStatus(listId: string, email: string, status: FakeStatus, at: string, reason?: string): void;
  /** Deleted for good by hand in Mailchimp, before Regulars knew them. */
  forget(listId: string, email: string): void;
  isForgotten(listId: string, email: string): boolean;
  /** Every request, in order: method and path without the base. */
  requests: { method: string; path: string; body: unknown }[];
  /** The most requests that were open at once. */
  maxOpen(): number;
  /** The next `n` requests are answered 429. */
  throttleNext(n: number): void;
  /** After `n` more batch calls are answered, every later request has its connection dropped until `healed()`. */
  dropAfterBatches(n: number): void;
  heal(): void;
  /**
   * The next `n` batch calls are answered; every later one waits unanswered until
   * `releaseBatches()`: a test can then act while a known number of batches are on their way.
   */
  holdBatchesAfter(n: number): void;
  releaseBatches(): void;
  /** Each batch call waits this long before answering, so that calls overlap as they do over a real network. */
  batchDelayMs: number;
  close(): Promise<void>;
}

export async function startFakeMailchimp(apiKey = '0123456789abcdef0123456789abcdef-us12'): Promise<FakeMailchimp> {
  const lists = new Map<string, FakeList>();
  const forgotten = new Set<string>();
  const requests: FakeMailchimp['requests'] = [];
  let open = 0;
  let maxOpen = 0;
  let throttle = 0;
  let batchesBeforeDrop: number | null = null;
  let dropping = false;
  let batchesBeforeHold: number | null = null;
  /** The batch calls held by `holdBatchesAfter`, each answered when released. */
  let held: (() => void)[] = [];
  const state = { batchDelayMs: 5 };
  let clock = Date.parse('2026-01-01T00:00:00Z');
  /** Mailchimp's own clock: every change moves last_changed on, in order. */
  const tick = () => new Date((clock = Math.max(clock + 1000, Date.now()))).toISOString();

  /** HTTP Basic with any user name and the key as the password. */
  const authorised = (header: string | undefined) => {
    if (!header?.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1) === apiKey;
  };

  const shown = (m: FakeMember) => ({ ...m, tags: [...m.tags].map((name) => ({ name })) });

  function batch(list: FakeList, body: { members?: unknown[]; update_existing?: boolean }, res: http.ServerResponse) {
    const members = (body.members ?? []) as {
      email_address: string;
      status?: FakeStatus;
      status_if_new?: FakeStatus;
      merge_fields?: Record<string, unknown>;
      tags?: string[];
      marketing_permissions?: { marketing_permission_id: string; enabled: boolean }[];
    }[];
    if (members.length > 500) return problem(res, 400, 'Invalid Resource', 'You may add at most 500 members in one call');
    const created: FakeMember[] = [];
    const updated: FakeMember[] = [];
    const errors: { email_address: string; error: string; error_code: string }[] = [];
    for (const sent of members) {
      const hash = md5(sent.email_address);
      const existing = list.members.get(hash);
      if (!existing && forgotten.has(`${list.id}:${hash}`)) {
        errors.push({
          email_address: sent.email_address,
          error: `${sent.email_address} was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list. (Forgotten Email Not Subscribed)`,
          error_code: 'ERROR_GENERIC',
        });
        continue;
      }
      if (existing) {
        if (!body.update_existing) {
          errors.push({ email_address: sent.email_address, error: `${sent.email_address} is already a list member`, error_code: 'ERROR_CONTACT_EXISTS' });
          continue;
        }
        if (sent.status === 'subscribed' && (existing.status === 'unsubscribed' || existing.status === 'cleaned')) {
          errors.push({
            email_address: sent.email_address,
            error: `${sent.email_address} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`,
            error_code: 'ERROR_GENERIC',
          });
          continue;
        }
        if (sent.status) existing.status = sent.status;
        Object.assign(existing.merge_fields, sent.merge_fields ?? {});
        for (const tag of sent.tags ?? []) existing.tags.add(tag);
        for (const permission of sent.marketing_permissions ?? []) {
          const known = existing.marketing_permissions.find((p) => p.marketing_permission_id === permission.marketing_permission_id);
          if (known) known.enabled = permission.enabled;
        }
        existing.last_changed = tick();
        updated.push(existing);
        continue;
      }
      const member: FakeMember = {
        id: hash,
        email_address: sent.email_address,
        status: sent.status ?? sent.status_if_new ?? 'subscribed',
        merge_fields: { ...(sent.merge_fields ?? {}) },
        tags: new Set(sent.tags ?? []),
        last_changed: tick(),
        marketing_permissions: list.permissions.map((p) => ({
          ...p,
          enabled: sent.marketing_permissions?.find((s) => s.marketing_permission_id === p.marketing_permission_id)?.enabled ?? false,
        })),
      };
      list.members.set(hash, member);
      created.push(member);
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        new_members: created.map(shown),
        updated_members: updated.map(shown),
        errors,
        total_created: created.length,
        total_updated: updated.length,
        error_count: errors.length,
      }),
    );
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: unknown) {
    const path = url.pathname.replace(/^\/3\.0/, '');
    let match: RegExpExecArray | null;
    if (req.method === 'GET' && path === '/lists') {
      const all = [...lists.values()].map((l) => ({ id: l.id, name: l.name, stats: { member_count: [...l.members.values()].filter((m) => m.status === 'subscribed').length } }));
      return json(res, { lists: all, total_items: all.length });
    }
    if ((match = /^\/lists\/([^/]+)(\/.*)?$/.exec(path))) {
      const list = lists.get(decodeURIComponent(match[1]));
      if (!list) return problem(res, 404, 'Resource Not Found', 'The requested resource could not be found.');
      const rest = match[2] ?? '';
      if (req.method === 'POST' && rest === '') {
        await new Promise((resolve) => setTimeout(resolve, state.batchDelayMs));
        if (batchesBeforeHold !== null && batchesBeforeHold-- <= 0) await new Promise<void>((resolve) => held.push(resolve));
        if (batchesBeforeDrop !== null && batchesBeforeDrop-- <= 0) {
          dropping = true;
          return req.socket.destroy();
        }
        return batch(list, body as never, res);
      }
      if (req.method === 'GET' && rest === '/merge-fields') {
        const fields = [...list.mergeFields.values()];
        return json(res, { merge_fields: fields, total_items: fields.length });
      }
      if (req.method === 'POST' && rest === '/merge-fields') {
        const field = body as { tag: string; name: string; type: string };
        if (list.mergeFields.has(field.tag)) return problem(res, 400, 'Invalid Resource', `A merge field with the tag "${field.tag}" already exists`);
        list.mergeFields.set(field.tag, { tag: field.tag, name: field.name, type: field.type });
        return json(res, field);
      }
      if (req.method === 'GET' && rest === '/members') {
        const status = url.searchParams.get('status');
        const since = url.searchParams.get('since_last_changed');
        const count = Math.min(1000, Number(url.searchParams.get('count') ?? 10));
        const offset = Number(url.searchParams.get('offset') ?? 0);
        const matching = [...list.members.values()]
          .filter((m) => (!status || m.status === status) && (!since || Date.parse(m.last_changed) > Date.parse(since)))
          .sort((a, b) => a.last_changed.localeCompare(b.last_changed) || a.id.localeCompare(b.id));
        return json(res, { members: matching.slice(offset, offset + count).map(shown), total_items: matching.length });
      }
      if ((match = /^\/members\/([0-9a-f]{32})$/.exec(rest)) && req.method === 'PATCH') {
        const member = list.members.get(match[1]);
        if (!member) return problem(res, 404, 'Resource Not Found', 'The requested resource could not be found.');
        const change = body as { email_address?: string; status?: FakeStatus };
        if (change.status === 'subscribed' && (member.status === 'unsubscribed' || member.status === 'cleaned')) {
          return problem(res, 400, 'Member In Compliance State', `${member.email_address} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`);
        }
        if (change.email_address) {
          const renamed = md5(change.email_address);
          if (renamed !== member.id && list.members.has(renamed)) return problem(res, 400, 'Member Exists', `${change.email_address} is already a list member.`);
          list.members.delete(member.id);
          member.id = renamed;
          member.email_address = change.email_address;
          list.members.set(renamed, member);
        }
        if (change.status) member.status = change.status;
        member.last_changed = tick();
        return json(res, shown(member));
      }
      if ((match = /^\/members\/([0-9a-f]{32})\/tags$/.exec(rest)) && req.method === 'POST') {
        const member = list.members.get(match[1]);
        if (!member) return problem(res, 404, 'Resource Not Found', 'The requested resource could not be found.');
        for (const tag of (body as { tags: { name: string; status: string }[] }).tags) {
          if (tag.status === 'inactive') member.tags.delete(tag.name);
          else member.tags.add(tag.name);
        }
        res.writeHead(204).end();
        return;
      }
      if ((match = /^\/members\/([0-9a-f]{32})\/actions\/delete-permanent$/.exec(rest)) && req.method === 'POST') {
        if (!list.members.delete(match[1])) return problem(res, 404, 'Resource Not Found', 'The requested resource could not be found.');
        forgotten.add(`${list.id}:${match[1]}`);
        res.writeHead(204).end();
        return;
      }
    }
    return problem(res, 404, 'Resource Not Found', 'The requested resource could not be found.');
  }

  const json = (res: http.ServerResponse, value: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };

  const server = http.createServer((req, res) => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    let closed = false;
    const done = () => {
      if (!closed) open--;
      closed = true;
    };
    res.on('close', done);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        return problem(res, 400, 'Invalid Resource', 'The body is not JSON');
      }
      requests.push({ method: req.method ?? 'GET', path: url.pathname.replace(/^\/3\.0/, '') + url.search, body });
      if (dropping) return req.socket.destroy();
      if (!authorised(req.headers.authorization)) return problem(res, 401, 'API Key Invalid', 'Your API key may be invalid, or you’ve attempted to access the wrong datacenter.');
      if (throttle > 0) {
        throttle--;
        return problem(res, 429, 'Too Many Requests', 'You have exceeded the limit of 10 simultaneous connections.');
      }
      route(req, res, url, body).catch((error: unknown) => problem(res, 500, 'Internal Server Error', String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const listOf = (id: string) => {
    const list = lists.get(id);
    if (!list) throw new Error(`The fake has no list ${id}`);
    return list;
  };

  return {
    apiKey,
    apiBase: `http://127.0.0.1:${port}/3.0`,
    addList(id, name, options = {}) {
      const fields = options.mergeFields ?? ['FNAME', 'LNAME', 'ADDRESS', 'PHONE', 'BIRTHDAY'];
      lists.set(id, {
        id,
        name,
        mergeFields: new Map(fields.map((tag) => [tag, { tag, name: tag, type: 'text' }])),
        members: new Map(),
        permissions: options.permissions ?? [],
      });
    },
    member: (listId, email) => listOf(listId).members.get(md5(email)),
    members: (listId) => [...listOf(listId).members.values()],
    setStatus(listId, email, status, at, reason) {
      const list = listOf(listId);
      const member = list.members.get(md5(email));
      if (!member) throw new Error(`The fake has no member ${email}`);
      member.status = status;
      member.last_changed = at;
      clock = Math.max(clock, Date.parse(at));
      if (reason) member.unsubscribe_reason = reason;
    },
    forget(listId, email) {
      listOf(listId).members.delete(md5(email));
      forgotten.add(`${listId}:${md5(email)}`);
    },
    isForgotten: (listId, email) => forgotten.has(`${listId}:${md5(email)}`),
    requests,
    maxOpen: () => maxOpen,
    throttleNext(n) {
      throttle = n;
    },
    dropAfterBatches(n) {
      batchesBeforeDrop = n;
    },
    heal() {
      batchesBeforeDrop = null;
      dropping = false;
    },
    holdBatchesAfter(n) {
      batchesBeforeHold = n;
    },
    releaseBatches() {
      batchesBeforeHold = null;
      for (const answer of held) answer();
      held = [];
    },
    get batchDelayMs() {
      return state.batchDelayMs;
    },
    set batchDelayMs(ms: number) {
      state.batchDelayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
