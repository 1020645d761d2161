import { afterEach, expect, it } from 'vitest';
import type { InputOf, MailchimpRun } from '../../../shared/contract';
import { keyFileSealer, mailchimpKeyPurpose } from '../../../db/mailchimp/sealer';
import { refusedForGood } from '../../../db/mailchimp/service';
import { previewSync, runSync } from '../../../db/mailchimp/sync';
import { describeEngines, openTestBook, type TestBook } from '../../support/engines';
import { md5, startFakeMailchimp, type FakeMailchimp } from '../../support/fake-mailchimp';
import { tempDir, value } from '../helpers';

const LIST = 'a1b2c3d4';
let fake: FakeMailchimp | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

/** A book connected to a fresh fake Mailchimp, with its key sealed under a key file in a folder of the test's own. */
async function connected(book: TestBook, now: () => Date = () => new Date()) {
  fake = await startFakeMailchimp();
  fake.addList(LIST, 'Shop newsletter');
  const sealer = keyFileSealer(tempDir(), mailchimpKeyPurpose);
  value(
    await book.call('mailchimp.saveConnection', {
      connection: { audienceId: LIST, audienceName: 'Shop newsletter', apiBase: fake.apiBase, sealedKey: await sealer.seal(fake.apiKey), permissionId: null },
    }),
  );
  const server = fake;
  const options = { book, unseal: (sealed: string) => sealer.open(sealed), attempts: 2, backoffMs: 1, now };
  const sync = (): Promise<MailchimpRun> => runSync(options);
  const preview = () => previewSync(options);
  /** The members sent in batch calls from the request `from` on. */
  const sent = (from = 0) =>
    server.requests
      .slice(from)
      .filter((r) => r.method === 'POST' && r.path === `/lists/${LIST}`)
      .flatMap((r) => (r.body as { members: { email_address: string; status?: string }[] }).members);
  return { fake: server, sync, preview, sent };
}

const subscribe = (customerId: number): InputOf<'consent.set'> => ({
  customerId,
  channel: 'email',
  status: 'subscribed',
  method: 'counter_verbal',
  wording: 'May we send you offers by email?',
});

describeEngines('the Mailchimp sync', (engine) => {
  it('sends the subscribed customers once with their fields and tags, and nothing on a second sync when nothing changed', async () => {
    const book = await openTestBook(engine, { now: () => new Date('2026-12-07T09:00:00.000Z') });
    const { fake, sync, sent } = await connected(book);
    const ama = value(await book.call('customers.create', { firstName: 'Ama', lastName: 'Mensah', email: 'Ama@Example.com', phone: '024 412 3456', tags: ['wax print'] }));
    const kofi = value(await book.call('customers.create', { firstName: 'Kofi', email: 'kofi@example.com' }));
    const yaw = value(await book.call('customers.create', { firstName: 'Yaw', email: 'yaw@example.com' }));
    const efua = value(await book.call('customers.create', { firstName: 'Efua', email: 'efua@example.com' }));
    for (const c of [ama, kofi, yaw]) value(await book.call('consent.set', subscribe(c.id)));
    value(await book.call('preferences.update', { customerId: yaw.id, patch: { doNotContact: true } }));

    const first = await sync();
    expect(first).toMatchObject({ outcome: 'done', counts: { added: 2, updated: 0, unchanged: 0, leftOut: 1, failed: 0 } });
    expect(fake.members(LIST).map((m) => m.email_address).sort()).toEqual(['ama@example.com', 'kofi@example.com']);
    expect(fake.member(LIST, 'ama@example.com')).toMatchObject({ status: 'subscribed', merge_fields: { FNAME: 'Ama', LNAME: 'Mensah', PHONE: '024 412 3456' } });
    expect([...fake.member(LIST, 'ama@example.com')!.tags]).toEqual(expect.arrayContaining(['wax print']));
    expect(sent().map((m) => m.email_address)).not.toContain(efua.email);

    const before = fake.requests.length;
    const second = await sync();
    expect(second).toMatchObject({ outcome: 'done', counts: { added: 0, updated: 0, unchanged: 2, failed: 0 } });
    expect(sent(before)).toEqual([]);

    // A change here is sent, without a status: consent did not change.
    value(await book.call('customers.update', { id: kofi.id, patch: { lastName: 'Boateng' } }));
    const third = fake.requests.length;
    expect(await sync()).toMatchObject({ counts: { updated: 1, unchanged: 1 } });
    expect(sent(third)).toEqual([expect.objectContaining({ email_address: 'kofi@example.com', merge_fields: expect.objectContaining({ LNAME: 'Boateng' }) })]);
    expect(sent(third)[0]).not.toHaveProperty('status');

    const status = value(await book.call('mailchimp.status', {}));
    expect(status.runs.map((r) => r.outcome)).toEqual(['done', 'done', 'done']);
    expect(status.lastSyncAt).toBe('2026-12-07T09:00:00.000Z');
    const audited = value(await book.call('audit.list', {})).entries.filter((e) => e.method.startsWith('mailchimp.'));
    expect(audited.map((e) => e.method)).toEqual(['mailchimp.finishRun', 'mailchimp.finishRun', 'mailchimp.finishRun', 'mailchimp.saveConnection']);
  });

  it('plans in slices of the audience exactly what it plans at once', async () => {
    const start = Date.now();
    let clock = new Date(start);
    const book = await openTestBook(engine, { now: () => clock });
    const { fake, sync } = await connected(book, () => clock);
    const names = ['Ama', 'Kofi', 'Yaw', 'Efua', 'Akua', 'Kwame', 'Esi', 'Kojo', 'Adjoa'];
    const customers = [];
    for (const name of names) customers.push(value(await book.call('customers.create', { firstName: name, email: `${name.toLowerCase()}@example.com` })));
    // Adjoa never consents: she is in no slice's audience.
    for (const c of customers.slice(0, 8)) value(await book.call('consent.set', subscribe(c.id)));
    await sync();
    const [, , yaw, efua, akua, , esi] = customers;
    // Unsubscribed in Mailchimp (known there as left), unsubscribed here (leaving), changed here (sent again), do-not-contact (left out and leaving), and new.
    fake.setStatus(LIST, 'kofi@example.com', 'unsubscribed', new Date(start + 60_000).toISOString(), 'Too many emails');
    clock = new Date(start + 120_000);
    await sync();
    value(await book.call('consent.set', { ...subscribe(yaw.id), status: 'unsubscribed' }));
    value(await book.call('customers.update', { id: efua.id, patch: { lastName: 'Owusu' } }));
    value(await book.call('preferences.update', { customerId: akua.id, patch: { doNotContact: true } }));
    value(await book.call('customers.update', { id: esi.id, patch: { tags: ['wax print'] } }));
    const late = value(await book.call('customers.create', { firstName: 'Yaa', email: 'yaa@example.com' }));
    value(await book.call('consent.set', subscribe(late.id)));

    const whole = value(await book.call('mailchimp.plan', {}));
    expect(whole.next).toBeNull();
    const slices = [value(await book.call('mailchimp.plan', { limit: 2 }))];
    while (slices.at(-1)!.next !== null) slices.push(value(await book.call('mailchimp.plan', { after: slices.at(-1)!.next!, limit: 2 })));
    expect(slices.length).toBeGreaterThan(2);
    const joined = (pick: (plan: typeof whole) => unknown[]) => slices.flatMap(pick);
    expect(joined((p) => p.members)).toEqual(whole.members);
    expect(joined((p) => p.leaving)).toEqual(whole.leaving);
    expect(joined((p) => p.knownLeft)).toEqual(whole.knownLeft);
    expect(joined((p) => p.leftOut)).toEqual(whole.leftOut);
    expect(slices.reduce((sum, p) => sum + p.unchanged, 0)).toBe(whole.unchanged);
    // What each part of the plan holds here, so that the comparison is of something.
    expect(whole.members.map((m) => m.email).sort()).toEqual(['efua@example.com', 'esi@example.com', 'yaa@example.com']);
    expect(whole.leaving.map((m) => m.customerId)).toEqual([yaw.id, akua.id]);
    expect(whole.knownLeft).toEqual([md5('kofi@example.com')]);
    expect(whole.leftOut.map((l) => l.customerId)).toEqual([akua.id]);
    expect(whole.unchanged).toBe(3);
  });

  it('brings an unsubscribe in Mailchimp home as consent and a suppression, and never sends that member as subscribed again without new consent', async () => {
    // Mailchimp's clock is the real one: the book's runs on from it.
    const start = Date.now();
    let clock = new Date(start);
    const book = await openTestBook(engine, { now: () => clock });
    const { fake, sync, preview, sent } = await connected(book, () => clock);
    const ama = value(await book.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
    value(await book.call('consent.set', subscribe(ama.id)));
    await sync();

    // A minute before the next sync: inside the few minutes each pull asks for again, for the clocks' sake.
    const unsubscribedAt = new Date(start + 86_400_000 - 60_000).toISOString();
    fake.setStatus(LIST, 'ama@example.com', 'unsubscribed', unsubscribedAt, 'Too many emails');
    clock = new Date(start + 86_400_000);
    expect((await preview()).counts.unsubscribedThere).toBe(1);
    const run = await sync();
    // Brought home: the preview no longer counts it, though Mailchimp still lists it as changed lately.
    expect((await preview()).counts.unsubscribedThere).toBe(0);
    expect(run.counts.unsubscribedThere).toBe(1);
    const consent = value(await book.call('consent.get', { customerId: ama.id }));
    expect(consent.email).toBe('unsubscribed');
    expect(consent.history[0]).toMatchObject({ status: 'unsubscribed', method: 'mailchimp', wording: 'Unsubscribed in Mailchimp', at: unsubscribedAt });
    expect(await book.rows("SELECT reason, note FROM suppressions WHERE kind = 'email'")).toEqual([{ reason: 'mailchimp', note: 'Too many emails' }]);
    // Pulled again (Mailchimp's last_changed moves on any edit): nothing is recorded twice.
    fake.setStatus(LIST, 'ama@example.com', 'unsubscribed', new Date(start + 86_400_000).toISOString());
    clock = new Date(start + 2 * 86_400_000);
    expect((await sync()).counts.unsubscribedThere).toBe(0);
    expect(value(await book.call('consent.get', { customerId: ama.id })).history.filter((e) => e.method === 'mailchimp')).toHaveLength(1);

    const from = fake.requests.length;
    value(await book.call('customers.update', { id: ama.id, patch: { lastName: 'Mensah' } }));
    await sync();
    expect(sent(from).map((m) => m.email_address)).not.toContain('ama@example.com');
    expect(fake.member(LIST, 'ama@example.com')?.status).toBe('unsubscribed');

    // New consent recorded here, with its words: asked again as a double opt-in, never set to subscribed.
    clock = new Date(start + 3 * 86_400_000);
    value(await book.call('consent.set', subscribe(ama.id)));
    const again = fake.requests.length;
    await sync();
    expect(sent(again)).toEqual([expect.objectContaining({ email_address: 'ama@example.com', status: 'pending' })]);
    expect(fake.member(LIST, 'ama@example.com')?.status).toBe('pending');
    // She has not confirmed yet, and consent is recorded here once more: still only asked, never subscribed.
    clock = new Date(start + 4 * 86_400_000);
    value(await book.call('consent.set', { ...subscribe(ama.id), wording: 'Asked again at the counter' }));
    const once = fake.requests.length;
    await sync();
    expect(sent(once)).toEqual([expect.objectContaining({ email_address: 'ama@example.com', status: 'pending' })]);
  });

  it('keeps a consent recorded here after an older unsubscribe in Mailchimp: no suppression, and the member is asked again as pending', async () => {
    const start = Date.now();
    let clock = new Date(start);
    const book = await openTestBook(engine, { now: () => clock });
    const { fake, sync, sent } = await connected(book, () => clock);
    const ama = value(await book.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
    value(await book.call('consent.set', subscribe(ama.id)));
    await sync();
    // Unsubscribed there; then, before the next sync, she says yes again at the counter.
    fake.setStatus(LIST, 'ama@example.com', 'unsubscribed', new Date(start + 60_000).toISOString());
    clock = new Date(start + 3_600_000);
    value(await book.call('consent.set', { ...subscribe(ama.id), wording: 'Yes to offers again, at the counter' }));
    clock = new Date(start + 7_200_000);
    const from = fake.requests.length;
    const run = await sync();
    expect(run.counts.unsubscribedThere).toBe(0);
    expect(value(await book.call('consent.get', { customerId: ama.id })).email).toBe('subscribed');
    expect(await book.rows('SELECT id FROM suppressions')).toEqual([]);
    expect(sent(from)).toEqual([expect.objectContaining({ email_address: 'ama@example.com', status: 'pending' })]);
    expect(fake.member(LIST, 'ama@example.com')?.status).toBe('pending');
  });

  it('renames the member there when the address changes here, and unsubscribes by name one whose address was removed', async () => {
    const book = await openTestBook(engine);
    const { fake, sync } = await connected(book);
    const ama = value(await book.call('customers.create', { firstName: 'Ama', email: 'ama@old.example' }));
    const kofi = value(await book.call('customers.create', { firstName: 'Kofi', email: 'kofi@example.com' }));
    for (const c of [ama, kofi]) value(await book.call('consent.set', subscribe(c.id)));
    await sync();
    value(await book.call('customers.update', { id: ama.id, patch: { email: 'ama@new.example' } }));
    value(await book.call('customers.update', { id: kofi.id, patch: { email: null } }));
    const run = await sync();
    expect(run).toMatchObject({ outcome: 'done', counts: { added: 0, updated: 2, failed: 0 } });
    expect(fake.member(LIST, 'ama@old.example')).toBeUndefined();
    expect(fake.member(LIST, 'ama@new.example')).toMatchObject({ status: 'subscribed', merge_fields: expect.objectContaining({ FNAME: 'Ama' }) });
    expect(fake.member(LIST, 'kofi@example.com')?.status).toBe('unsubscribed');
    expect(fake.members(LIST)).toHaveLength(2);
  });

  it("turns Mailchimp's compliance and forgotten-email refusals into unsubscribes and suppressions here, and lists them as failures", async () => {
    const start = Date.now();
    let clock = new Date(start);
    const book = await openTestBook(engine, { now: () => clock });
    const { fake, sync } = await connected(book, () => clock);
    const ama = value(await book.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
    value(await book.call('consent.set', subscribe(ama.id)));
    await sync();
    // Unsubscribed there long ago (before the last pull looks), and a new customer's address deleted for good there by hand.
    fake.setStatus(LIST, 'ama@example.com', 'unsubscribed', '2020-01-01T00:00:00.000Z');
    clock = new Date(start + 86_400_000);
    value(await book.call('consent.set', { ...subscribe(ama.id), wording: 'Asked again at the counter' }));
    const esi = value(await book.call('customers.create', { firstName: 'Esi', email: 'esi@example.com' }));
    value(await book.call('consent.set', subscribe(esi.id)));
    fake.forget(LIST, 'esi@example.com');
    const run = await sync();
    expect(run.counts.failed).toBe(2);
    expect(run.failures.map((f) => f.email).sort()).toEqual(['ama@example.com', 'esi@example.com']);
    expect(run.failures.find((f) => f.email === 'ama@example.com')?.error).toMatch(/compliance state/);
    for (const c of [ama, esi]) {
      const consent = value(await book.call('consent.get', { customerId: c.id }));
      expect([c.firstName, consent.email, consent.history[0].method]).toEqual([c.firstName, 'unsubscribed', 'mailchimp']);
    }
    expect(await book.rows("SELECT reason FROM suppressions WHERE kind = 'email' ORDER BY id")).toEqual([{ reason: 'mailchimp' }, { reason: 'mailchimp' }]);
  });

  it('deletes an erased customer for good in Mailchimp, at the next sync when it could not be reached', async () => {
    const book = await openTestBook(engine, { now: () => new Date('2026-12-07T09:00:00.000Z') });
    const { fake, sync } = await connected(book);
    const ama = value(await book.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
    value(await book.call('consent.set', subscribe(ama.id)));
    await sync();
    value(await book.call('customers.erase', { id: ama.id, confirm: true }));
    expect(await book.rows('SELECT email_hash FROM mailchimp_deletes')).toEqual([{ email_hash: md5('ama@example.com') }]);
    expect(value(await book.call('mailchimp.status', {})).pendingDeletes).toBe(1);
    const run = await sync();
    expect(run.counts.deleted).toBe(1);
    expect(fake.member(LIST, 'ama@example.com')).toBeUndefined();
    expect(fake.isForgotten(LIST, 'ama@example.com')).toBe(true);
    expect(fake.requests.some((r) => r.path === `/lists/${LIST}/members/${md5('ama@example.com')}/actions/delete-permanent`)).toBe(true);
    expect(value(await book.call('mailchimp.status', {})).pendingDeletes).toBe(0);
  });

  it('resumes where a sync stopped when Mailchimp dropped the connection mid-run, and never opens more than 10 connections at once', async () => {
    const book = await openTestBook(engine, { now: () => new Date('2026-12-07T09:00:00.000Z') });
    const { fake, sync, sent } = await connected(book);
    // Enough batches to overlap, fewer on PostgreSQL, where each member is its own round trip to the server.
    const count = engine === 'sqlite' ? 6_000 : 1_500;
    value(await book.call('customers.bulkCreate', { customers: Array.from({ length: count }, (_, i) => ({ firstName: `Customer ${i}`, email: `c${i}@example.com` })) }));
    await book.rows("UPDATE customers SET email_consent = 'subscribed' RETURNING id");
    fake.batchDelayMs = 40;
    fake.dropAfterBatches(engine === 'sqlite' ? 3 : 1);
    await expect(sync()).rejects.toThrow(/could not be reached/);
    const stopped = value(await book.call('mailchimp.status', {})).runs[0];
    expect(stopped).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/could not be reached/) });
    const accepted = fake.members(LIST).length;
    // What Mailchimp accepted, the book knows: each batch was recorded as it was answered.
    expect(await book.rows('SELECT COUNT(*) AS n FROM mailchimp_members')).toEqual([{ n: accepted }]);
    expect(accepted).toBeGreaterThanOrEqual(500);
    expect(accepted).toBeLessThan(count);

    fake.heal();
    const from = fake.requests.length;
    const resumed = await sync();
    expect(resumed).toMatchObject({ outcome: 'done', counts: { added: count - accepted, unchanged: accepted, failed: 0 } });
    expect(sent(from)).toHaveLength(count - accepted);
    expect(fake.members(LIST)).toHaveLength(count);
    // The batches overlap, as far as Mailchimp allows: the fake counted the requests open at once.
    expect(fake.maxOpen()).toBeGreaterThan(1);
    expect(fake.maxOpen()).toBeLessThanOrEqual(10);
  }, 120_000);

  it('waits and tries again when Mailchimp answers 429', async () => {
    const book = await openTestBook(engine, { now: () => new Date('2026-12-07T09:00:00.000Z') });
    const { fake, sync } = await connected(book);
    const ama = value(await book.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
    value(await book.call('consent.set', subscribe(ama.id)));
    fake.throttleNext(1);
    expect(await sync()).toMatchObject({ outcome: 'done', counts: { added: 1 } });
    expect(fake.member(LIST, 'ama@example.com')?.status).toBe('subscribed');
  });
});


it("takes only Mailchimp's own phrases as a refusal for good, never an address that happens to hold the words", () => {
  expect(refusedForGood({ title: 'ERROR_GENERIC', detail: 'neverforgotten@gmail.com looks fake or invalid, please enter a real email address.' })).toBeNull();
  expect(refusedForGood({ title: 'ERROR_GENERIC', detail: 'compliance.state@example.com has too many recent signup requests' })).toBeNull();
  expect(refusedForGood({ title: 'Member In Compliance State', detail: 'ama@example.com is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.' })).toBe('compliance');
  expect(refusedForGood({ title: 'ERROR_GENERIC', detail: 'esi@example.com was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.' })).toBe('forgotten');
});
