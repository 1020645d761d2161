import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { startDatabaseWorkers } from '../../../electron/worker/client';
import { logFolderOf, openEventLog } from '../../../db/log';
import { keyFileSealer, mailchimpKeyPurpose, secretsKeyFile } from '../../../db/mailchimp/sealer';
import { openSessionGate } from '../../../db/session';
import type { InputOf, MailchimpStatus, MethodName, OutputOf } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { bundled, migrationsFolder, tempDir, value } from '../helpers';
import { inProcessBackend } from '../core/in-process';
import { startFakeMailchimp, type FakeMailchimp } from '../../support/fake-mailchimp';

const LIST = 'list0001';
let fake: FakeMailchimp | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

/**
 * Where the book is held: in this thread, as the command line holds it; or behind the writer and
 * reader threads, as the app and the dev host hold it, where a sync runs in the writer's thread.
 */
type Holding = 'in this thread' | 'in worker threads';

/** Settings → Mailchimp as a window reaches it: through the session gate, signed in as the owner, with the dev host's sealer. */
async function ownerWindow(customers: number, syncEveryMs?: number, holding: Holding = 'in this thread') {
  const folder = tempDir();
  const file = path.join(folder, 'regulars.db');
  const log = openEventLog(logFolderOf(file));
  const gate = await openSessionGate({
    open: async () =>
      holding === 'in this thread'
        ? inProcessBackend(file)
        : startDatabaseWorkers({ workerFile: bundled('worker'), location: file, migrationsFolder, log }),
    databaseFile: file,
    migrationsFolder,
    log,
    mailchimpSealer: keyFileSealer(folder, mailchimpKeyPurpose),
    mailchimpRetry: { attempts: 2, backoffMs: 1 },
    mailchimpSyncEveryMs: syncEveryMs,
  });
  const call = <K extends MethodName>(method: K, input: InputOf<K>) => gate.call(method, input) as Promise<Result<OutputOf<K>>>;
  value(await call('auth.setupOwner', { name: 'Esi', pin: '1234' }));
  if (customers > 0) value(await call('customers.bulkCreate', { customers: Array.from({ length: customers }, (_, i) => ({ firstName: `Customer ${i}`, email: `c${i}@example.com` })) }));
  const ids = value(await call('customers.list', { limit: 500 })).rows.map((c) => c.id);
  for (const id of ids) {
    value(await call('consent.set', { customerId: id, channel: 'email', status: 'subscribed', method: 'paper_form', wording: 'Offers by email?' }));
  }
  fake = await startFakeMailchimp();
  fake.addList(LIST, 'Osu Corner Shop', { mergeFields: ['FNAME'] });
  const status = async () => value(await call('mailchimp.status', {}));
  const finished = async (): Promise<MailchimpStatus> => {
    await vi.waitFor(async () => expect((await status()).running).toBeNull(), { timeout: 20_000, interval: 20 });
    return status();
  };
  return { gate, call, status, finished, fake, folder, log, ids };
}

it('connects through the gate, syncs in the background one run at a time, and deletes an erasure for good at once', async () => {
  const w = await ownerWindow(400);
  const wrong = await w.call('mailchimp.audiences', { apiKey: 'ffffffffffffffffffffffffffffffff-us12', apiBase: w.fake.apiBase });
  expect(wrong).toMatchObject({ ok: false, error: { code: 'validation', fields: { apiKey: expect.stringContaining('did not accept the API key') } } });
  const [audience] = value(await w.call('mailchimp.audiences', { apiKey: w.fake.apiKey, apiBase: w.fake.apiBase }));
  expect(audience).toMatchObject({ id: LIST, name: 'Osu Corner Shop', missingMergeFields: ['LNAME', 'PHONE', 'BIRTHDAY', 'ADDRESS'] });
  const unknown = await w.call('mailchimp.connect', { apiKey: w.fake.apiKey, apiBase: w.fake.apiBase, audienceId: 'nope' });
  expect(unknown).toMatchObject({ ok: false, error: { fields: { audienceId: expect.any(String) } } });
  expect(value(await w.call('mailchimp.connect', { apiKey: w.fake.apiKey, apiBase: w.fake.apiBase, audienceId: LIST })).connection).toMatchObject({ audienceId: LIST });

  expect(value(await w.call('mailchimp.preview', {})).counts).toMatchObject({ added: 400, updated: 0 });
  // Sync pressed twice at once: one run.
  const [started, twice] = await Promise.all([w.call('mailchimp.sync', {}), w.call('mailchimp.sync', {})]);
  expect(value(started)).toMatchObject({ runId: 1, cancelling: false });
  expect(twice).toMatchObject({ ok: false, error: { code: 'conflict', message: 'A sync is already running' } });
  const finished = await w.finished();
  expect(finished.runs).toHaveLength(1);
  expect(finished.runs[0]).toMatchObject({ outcome: 'done', counts: { added: 400 }, actor: { name: 'Esi' } });

  // Erased here: deleted for good there at once, without waiting for a sync.
  const ama = w.ids[0];
  value(await w.call('customers.erase', { id: ama, confirm: true }));
  await vi.waitFor(() => expect(w.fake.isForgotten(LIST, 'c0@example.com')).toBe(true), { timeout: 5_000, interval: 20 });
  await vi.waitFor(async () => expect((await w.status()).pendingDeletes).toBe(0), { timeout: 5_000, interval: 20 });

  value(await w.call('mailchimp.disconnect', {}));
  expect((await w.status()).connection).toBeNull();
  await w.gate.close();
  await w.log.close();
});

describe.each<Holding>(['in this thread', 'in worker threads'])('with the book held %s', (holding) => {
  it('shows the progress of a sync and cancels it under way; the members sent stay known and the next sync sends only the rest', async () => {
    const w = await ownerWindow(0, undefined, holding);
    value(await w.call('mailchimp.connect', { apiKey: w.fake.apiKey, apiBase: w.fake.apiBase, audienceId: LIST }));
    value(await w.call('customers.bulkCreate', { customers: Array.from({ length: 6000 }, (_, i) => ({ firstName: `C ${i}`, email: `m${i}@example.com` })) }));
    // Everyone subscribed at once (the consent rules are tested elsewhere): 12 batches, ten at a time.
    // The first is answered; the rest wait at the fake until the run has been told to cancel, so the
    // run is under way when it is cancelled however slow the machine (the twelfth is never sent).
    const direct = new Database(path.join(w.folder, 'regulars.db'));
    direct.exec("UPDATE customers SET email_consent = 'subscribed'");
    direct.close();
    w.fake.holdBatchesAfter(1);
    value(await w.call('mailchimp.sync', {}));
    await vi.waitFor(() => expect(w.fake.members(LIST).length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    // The progress of a run in the writer's thread is passed on to the window's.
    await vi.waitFor(async () => expect((await w.status()).running).toMatchObject({ phase: 'push', total: 6000 }), { timeout: 5_000, interval: 10 });
    // Cancel lets the batches on their way finish: it answers once they have, so they are let go once it is asked.
    const cancelling = w.call('mailchimp.cancel', {});
    await vi.waitFor(async () => expect((await w.status()).running).toMatchObject({ cancelling: true }), { timeout: 5_000, interval: 10 });
    w.fake.releaseBatches();
    const cancelled = value(await cancelling);
    expect(cancelled.running).toBeNull();
    expect(cancelled.runs[0]).toMatchObject({ outcome: 'cancelled', error: expect.stringContaining('Cancelled') });
    const sent = w.fake.members(LIST).length;
    expect(sent).toBeLessThan(6000);
    expect(cancelled.runs[0].counts.added).toBe(sent);

    value(await w.call('mailchimp.sync', {}));
    expect((await w.finished()).runs[0]).toMatchObject({ outcome: 'done', counts: { added: 6000 - sent, unchanged: sent } });

    // An erasure is sent at once, by the same kind of job.
    const [erased] = value(await w.call('customers.search', { query: 'm17@example.com' }));
    value(await w.call('customers.erase', { id: erased.id, confirm: true }));
    await vi.waitFor(() => expect(w.fake.isForgotten(LIST, 'm17@example.com')).toBe(true), { timeout: 5_000, interval: 20 });

    // The key is opened by the host, wherever the run is: without the key file, the run fails and says why.
    fs.rmSync(path.join(w.folder, secretsKeyFile));
    value(await w.call('mailchimp.sync', {}));
    expect((await w.finished()).runs[0]).toMatchObject({ outcome: 'failed', error: expect.stringContaining('cannot be opened on this PC') });
    expect(await w.call('mailchimp.preview', {})).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('cannot be opened on this PC') } });
    await w.gate.close();
    await w.log.close();
  });
});

it('syncs on its own timer while the app is open, as the app, once connected', async () => {
  const w = await ownerWindow(3, 300);
  // Closed whatever happens: a timer left running would sync on through every later test in this process.
  onTestFinished(async () => {
    await w.gate.close();
    await w.log.close();
  });
  value(await w.call('mailchimp.connect', { apiKey: w.fake.apiKey, apiBase: w.fake.apiBase, audienceId: LIST }));
  await vi.waitFor(
    async () => expect((await w.status()).runs.find((run) => run.counts.added === 3)).toMatchObject({ outcome: 'done', actor: { name: 'Regulars' } }),
    { timeout: 10_000, interval: 20 },
  );
  expect(w.fake.members(LIST)).toHaveLength(3);
});
