import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, expect, it } from 'vitest';
import { describeEngines, type Engine } from '../../support/engines';
import { startFakeMailchimp, type FakeMailchimp } from '../../support/fake-mailchimp';
import { cli, cli as run, cliJson, isolatedEnv, newBook, tempDir } from './helpers';

const LIST = 'list0001';
let fake: FakeMailchimp | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function shopWithSubscribers(engine: Engine, db: string) {
  await cliJson(db, ['init', '--country', 'GH', '--shop-name', 'Osu Corner Shop']);
  for (const [name, email] of [
    ['Ama', 'ama@example.com'],
    ['Kofi', 'kofi@example.com'],
  ]) {
    const customer = await cliJson(db, ['customers', 'add', '--first-name', name, '--email', email]);
    await cliJson(db, ['consent', 'set', String(customer.id), '--channel', 'email', '--status', 'subscribed', '--method', 'paper_form', '--wording', 'Offers by email?']);
  }
  fake = await startFakeMailchimp();
  fake.addList(LIST, 'Osu Corner Shop', { mergeFields: ['FNAME', 'LNAME'] });
  return fake;
}

describeEngines('regulars mailchimp', (engine) => {
  it('connects with the key checked by Mailchimp, previews, syncs, and shows the log', async () => {
    const db = await newBook(engine);
    const fake = await shopWithSubscribers(engine, db);
    // One PC's home throughout: a shared book's key is sealed under the key file beside this PC's own book.
    const env = isolatedEnv();
    const cli = (args: string[]) => run(args, env);
    const cliJson = async (db: string, args: string[]) => JSON.parse((await cli(['--db', db, '--json', ...args])).stdout);
    const wrongKey = await cli(['--db', db, 'mailchimp', 'connect', '--api-key', 'ffffffffffffffffffffffffffffffff-us12', '--audience', LIST, '--api-base', fake.apiBase]);
    expect([wrongKey.code, wrongKey.stderr]).toEqual([2, expect.stringContaining('Mailchimp did not accept the API key')]);
    const notAKey = await cli(['--db', db, 'mailchimp', 'connect', '--api-key', 'hello', '--audience', LIST]);
    expect([notAKey.code, notAKey.stderr]).toEqual([2, expect.stringContaining('ends with the data centre')]);

    const status = await cliJson(db, ['mailchimp', 'connect', '--api-key', fake.apiKey, '--audience', LIST, '--api-base', fake.apiBase, '--create-fields']);
    expect(status.connection).toMatchObject({ audienceId: LIST, audienceName: 'Osu Corner Shop', apiBase: fake.apiBase });
    // The merge fields the audience lacked were made.
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/merge-fields')).map((r) => (r.body as { tag: string }).tag)).toEqual(['PHONE', 'BIRTHDAY', 'ADDRESS']);

    const preview = await cli(['--db', db, 'mailchimp', 'sync', '--dry-run']);
    expect(preview.stdout).toContain('A sync would send: 2 to add, 0 to update, 0 unchanged');
    expect(fake.members(LIST)).toEqual([]);
    const synced = await cliJson(db, ['mailchimp', 'sync']);
    expect(synced.run).toMatchObject({ outcome: 'done', counts: { added: 2 }, actor: { name: expect.stringContaining('command line') } });
    expect(fake.members(LIST).map((m) => m.email_address).sort()).toEqual(['ama@example.com', 'kofi@example.com']);
    const shown = await cli(['--db', db, 'mailchimp', 'status']);
    expect(shown.stdout).toContain(`Connected to the audience Osu Corner Shop (${LIST})`);
    expect(shown.stdout).toMatch(/done\s+2\s+0\s+0\s+0\s+0/);
  });
});

it('the API key is written nowhere in the data folder, the logs or the exports but sealed in the book', async () => {
  const folder = tempDir();
  const db = path.join(folder, 'regulars.db');
  const server = await shopWithSubscribers('sqlite', db);
  await cliJson(db, ['mailchimp', 'connect', '--api-key', server.apiKey, '--audience', LIST, '--api-base', server.apiBase]);
  await cliJson(db, ['mailchimp', 'sync']);
  await cliJson(db, ['export', 'mailchimp', '--out', path.join(folder, 'mailchimp.csv')]);
  await cliJson(db, ['export', 'customers', '--out', path.join(folder, 'customers.csv')]);
  await cliJson(db, ['backup', '--out', path.join(folder, 'backup.db')]);
  await cli(['--db', db, 'diagnostics', '--out', path.join(folder, 'diagnostics.zip')]);
  await cliJson(db, ['audit']);

  const key = '0123456789abcdef0123456789abcdef-us12';
  const files = fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  expect(files.map((file) => path.basename(file))).toEqual(expect.arrayContaining(['regulars.db', 'mailchimp.csv', 'backup.db', 'regulars-secrets.key']));
  expect(files.some((file) => file.includes(`${path.sep}logs${path.sep}`))).toBe(true);
  // A zip's entries are compressed: each is read as it was written.
  const contents = files.flatMap((file) =>
    file.endsWith('.zip') ? Object.entries(unzipSync(fs.readFileSync(file))).map(([entry, bytes]) => [`${file}:${entry}`, Buffer.from(bytes)] as const) : [[file, fs.readFileSync(file)] as const],
  );
  expect(contents.some(([name]) => name.endsWith('book.json'))).toBe(true);
  for (const [name, bytes] of contents) {
    expect([name, bytes.includes(key) || bytes.includes(Buffer.from(key, 'utf16le'))]).toEqual([name, false]);
  }
  // The diagnostics for support leave out even the sealed key.
  expect(contents.filter(([name]) => name.includes('diagnostics.zip:')).some(([, bytes]) => bytes.includes('k1:'))).toBe(false);
  // What the book keeps is the sealed key, which opens only with the key file beside it.
  const sealed = fs.readFileSync(db).includes('k1:');
  expect(sealed).toBe(true);
});
