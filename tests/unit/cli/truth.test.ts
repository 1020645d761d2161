import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsPatch } from '../../../shared/contract';
import { formatMoney } from '../../../shared/format/money';
import { describeEngines, type Engine } from '../../support/engines';
import { callBook, cli, cliJson, newBook, spawnCli, tempDir } from './helpers';

/** Issue 11, "The command line tells the truth": what the CLI prints is what happened, in the form a script can read. */

async function shop(engine: Engine, currency = 'GHS', country = 'GH') {
  const db = await newBook(engine);
  await cliJson(db, ['init', '--currency', currency, '--country', country, '--locale', 'en-GH', '--time-zone', 'Africa/Accra']);
  return db;
}

async function seedCustomers(db: string, names: string[]) {
  const result = await callBook(db, 'customers.bulkCreate', { customers: names.map((firstName) => ({ firstName, lastName: 'Walker' })) });
  expect(result.ok).toBe(true);
}

describeEngines('--json failures are JSON on stdout', (engine) => {
  it('a bad flag value, from the real binary: the error object on stdout, exit 2, nothing on stderr', async () => {
    const db = await shop(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama']);
    const run = spawnCli(['--db', db, '--json', 'sales', 'add', String(ama.id), '--amount', 'abc']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'validation', message: expect.stringContaining('"abc" is not an amount'), fields: { '--amount': expect.any(String) } } });
  });

  it('carries the fields the core gave, with the exit codes of today', async () => {
    const db = await shop(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--phone', '024 412 3456']);

    const badEmail = await cli(['--db', db, '--json', 'customers', 'update', String(ama.id), '--email', 'nope']);
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toBe('');
    const parsed = JSON.parse(badEmail.stdout);
    expect(parsed.error).toMatchObject({ code: 'validation', message: expect.stringContaining('Enter a valid email') });
    expect(Object.values(parsed.error.fields)).toEqual([expect.stringContaining('Enter a valid email')]);

    const missing = await cli(['--db', db, '--json', 'customers', 'show', '999']);
    expect(missing).toMatchObject({ code: 3, stderr: '' });
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'not_found', message: expect.stringContaining('No customer matches "999"') } });

    const clash = await cli(['--db', db, 'customers', 'add', '--first-name', 'Kofi', '--phone', '+233244123456', '--json']);
    expect(clash).toMatchObject({ code: 4, stderr: '' });
    expect(JSON.parse(clash.stdout).error).toMatchObject({ code: 'conflict', message: expect.stringContaining(`(customer ${ama.id}) already has this phone number`) });
  });

  it.each([
    ['an unknown flag', ['customers', 'add', '--first-name', 'X', '--nickname', 'Y'], "Unknown option '--nickname'"],
    ['an unknown command', ['refunds'], 'Unknown command "refunds"'],
    ['a group without a command', ['sales'], '"sales" needs a command'],
    ['an extra argument', ['customers', 'show', '1', 'extra'], 'Unexpected argument "extra"'],
    ['a missing required flag', ['customers', 'add'], '--first-name is required'],
    ['no command at all', [], 'Give a command'],
  ])('usage errors are validation errors too: %s', async (_name, args, message) => {
    const db = await newBook(engine);
    for (const argv of [['--json', ...args], [...args, '--json']]) {
      const run = await cli(['--db', db, ...argv]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('');
      const parsed = JSON.parse(run.stdout);
      expect(parsed.error.code).toBe('validation');
      expect(parsed.error.message).toContain(message);
    }
    // Without --json the words stay for a person, on stderr.
    const human = await cli(['--db', db, ...args]);
    expect(human).toMatchObject({ code: 2, stdout: '' });
    expect(human.stderr).toContain(message);
  });

  it('a flag error names the flag in fields, and --json may come after the command', async () => {
    const db = await newBook(engine);
    const run = await cli(['--db', db, 'customers', 'list', '--limit', 'many', '--json']);
    expect(run).toMatchObject({ code: 2, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'validation', message: '--limit: Expected a whole number', fields: { '--limit': 'Expected a whole number' } } });
  });

  it('a book that cannot be opened is an internal error, exit 1', async () => {
    let db: string;
    if (engine === 'sqlite') {
      db = path.join(tempDir(), 'notes.txt');
      fs.writeFileSync(db, 'this is not a database, just some text that is long enough to have a header');
    } else {
      // A database the server does not have.
      db = (await newBook(engine)).replace(/\/regulars_test_\w+\?/, '/regulars_test_missing?');
    }
    const run = await cli(['--db', db, '--json', 'stats']);
    expect(run).toMatchObject({ code: 1, stderr: '' });
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'internal', message: expect.stringContaining(engine === 'sqlite' ? 'is damaged' : 'regulars_test_missing') });
  });
});

describeEngines('lists say how many there are', (engine) => {
  it('customers list --limit: "2 of 6 customers"; --json stays the array, --with-total adds the total', async () => {
    const db = await shop(engine);
    await seedCustomers(db, ['Ama', 'Bea', 'Cal', 'Dee', 'Eve', 'Fay']);

    const text = await cli(['--db', db, 'customers', 'list', '--limit', '2']);
    expect(text.code).toBe(0);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('2 of 6 customers');
    expect((await cli(['--db', db, 'customers', 'list'])).stdout.trimEnd().split('\n').at(-1)).toBe('6 customers');
    expect((await cli(['--db', db, 'customers', 'list', '--limit', '10'])).stdout.trimEnd().split('\n').at(-1)).toBe('6 customers');
    expect((await cli(['--db', db, 'customers', 'list', '--limit', '1', '--search', 'ama'])).stdout.trimEnd().split('\n').at(-1)).toBe('1 customer');

    const bare = await cliJson(db, ['customers', 'list', '--limit', '2']);
    expect(Array.isArray(bare)).toBe(true);
    expect(bare).toHaveLength(2);
    const withTotal = await cliJson(db, ['customers', 'list', '--limit', '2', '--with-total']);
    expect(withTotal).toEqual({ items: bare, total: 6, totalExact: true });
    expect(await cliJson(db, ['customers', 'list', '--with-total'])).toMatchObject({ items: expect.any(Array), total: 6, totalExact: true });
    expect((await cliJson(db, ['customers', 'list', '--with-total'])).items).toHaveLength(6);
  });

  it('a search that the core counts only so far says "at least"', async () => {
    const db = await shop(engine);
    await seedCustomers(db, Array.from({ length: 1203 }, (_, i) => `C${String(i).padStart(4, '0')}`));
    const text = await cli(['--db', db, 'customers', 'list', '--search', 'walker', '--limit', '2']);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('2 of at least 1,000 customers');
    expect(await cliJson(db, ['customers', 'list', '--search', 'walker', '--limit', '2', '--with-total'])).toMatchObject({ total: 1000, totalExact: false });
    // Walking every page ends with the exact count.
    expect(await cliJson(db, ['customers', 'list', '--search', 'walker', '--with-total'])).toMatchObject({ total: 1203, totalExact: true });
  });

  it('audit --limit says when older entries were left out, without inventing a total', async () => {
    const db = await shop(engine);
    await seedCustomers(db, ['Ama']);
    await cliJson(db, ['customers', 'add', '--first-name', 'Bea']);
    const cut = await cli(['--db', db, 'audit', '--limit', '1']);
    expect(cut.stdout.trimEnd().split('\n').at(-1)).toBe('The latest entry; older ones were left out (raise --limit to see them)');
    const all = await cli(['--db', db, 'audit', '--limit', '50']);
    expect(all.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ entries$/);
  });

  it('customers duplicates --limit says when the limit may have cut the list', async () => {
    const db = await shop(engine);
    await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--email', 'ama.mensah@gmail.com']);
    await cliJson(db, ['customers', 'add', '--first-name', 'Amma', '--email', 'amamensah@gmail.com']);
    await cliJson(db, ['customers', 'add', '--first-name', 'Kofi', '--email', 'kofi.b@gmail.com']);
    await cliJson(db, ['customers', 'add', '--first-name', 'Koffi', '--email', 'kofib@gmail.com']);
    const cut = await cli(['--db', db, 'customers', 'duplicates', '--limit', '1']);
    expect(cut.stdout.trimEnd().split('\n').at(-1)).toBe('The first pair found; there may be more (raise --limit)');
    const all = await cli(['--db', db, 'customers', 'duplicates']);
    expect(all.stdout.trimEnd().split('\n').at(-1)).toBe('2 pairs');
  });
});

describeEngines('backup', (engine) => {
  it('leaves exactly one file: no -wal, -shm or .partial beside it', async () => {
    const db = await shop(engine);
    await cliJson(db, ['customers', 'add', '--first-name', 'Ama']);
    const folder = tempDir();
    const run = await cli(['--db', db, 'backup', '--out', path.join(folder, 'x.db')]);
    expect(run.code, run.stderr).toBe(0);
    expect(fs.readdirSync(folder)).toEqual(['x.db']);
  });
});

// SQLite only: a restore replaces a book file (a shared book refuses it: commands.test.ts).
describe('restoring a backup', () => {
  it('leaves the backup alone, as one file', async () => {
    const db = await shop('sqlite');
    await cliJson(db, ['customers', 'add', '--first-name', 'Ama']);
    const folder = tempDir();
    const run = await cli(['--db', db, 'backup', '--out', path.join(folder, 'x.db')]);
    expect(run.code, run.stderr).toBe(0);
    expect(fs.readdirSync(folder)).toEqual(['x.db']);
    // Restoring it and reading it leaves it alone too.
    expect((await cli(['--db', db, 'restore', path.join(folder, 'x.db'), '--yes'])).code).toBe(0);
    expect(await cliJson(db, ['customers', 'list'])).toMatchObject([{ firstName: 'Ama' }]);
    expect(fs.readdirSync(folder)).toEqual(['x.db']);
  });
});

describeEngines('settings show and settings set', (engine) => {
  it('settings show prints every setting, as text and as JSON', async () => {
    const db = await shop(engine);
    const json = await cliJson(db, ['settings', 'show']);
    expect(json).toMatchObject({ currency: 'GHS', phoneCountry: 'GH', locale: 'en-GH', timeZone: 'Africa/Accra', highValueThreshold: 100000, idleLockMinutes: expect.any(Number) });
    const text = await cli(['--db', db, 'settings', 'show']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/High value from\s+.*1,000\.00/);
    expect(text.stdout).toMatch(/Largest sale\s+/);
    expect(text.stdout).toMatch(/Lock after\s+/);
    expect(text.stdout).toMatch(/Backup folder\s+/);
    expect(text.stdout).toContain(db);
  });

  it('has a flag for every field of the contract, money in major units', async () => {
    const db = await shop(engine);
    const help = await cli(['settings', 'set', '--help']);
    for (const key of Object.keys(settingsPatch.shape)) expect(help.stdout).toContain(`--${key.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)} `);
    expect(help.stdout).toMatch(/major units/);

    const backups = tempDir();
    const set = await cliJson(db, [
      'settings', 'set',
      '--shop-name', 'Bea Fabrics',
      '--high-value-threshold', '500',
      '--sale-ceiling', '2,000.50',
      '--idle-lock-minutes', '10',
      '--backup-folder', backups,
      '--phone-country', 'gb',
      '--locale', 'en-GB',
      '--time-zone', 'Europe/London',
    ]);
    expect(set).toMatchObject({ shopName: 'Bea Fabrics', highValueThreshold: 50000, saleCeiling: 200050, idleLockMinutes: 10, backupFolder: backups, phoneCountry: 'GB', locale: 'en-GB', timeZone: 'Europe/London', currency: 'GHS' });
    expect(await cliJson(db, ['settings', 'show'])).toEqual(set);

    // The threshold follows the currency typed with it: JPY has no minor unit.
    expect(await cliJson(db, ['settings', 'set', '--currency', 'JPY', '--high-value-threshold', '20000'])).toMatchObject({ currency: 'JPY', highValueThreshold: 20000 });
    expect(await cliJson(db, ['settings', 'set', '--currency', 'EUR', '--sale-ceiling', '500.5'])).toMatchObject({ currency: 'EUR', saleCeiling: 50050 });
    expect(await cliJson(db, ['settings', 'set', '--backup-folder', ''])).toMatchObject({ backupFolder: null });

    const text = await cli(['--db', db, 'settings', 'set', '--high-value-threshold', '750.25']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(formatMoney(75025, 'EUR', 'en-GB'));
  });

  it.each([
    ['--high-value-threshold', '0', 'The threshold must be more than zero'],
    ['--high-value-threshold', 'lots', '"lots" is not an amount'],
    ['--high-value-threshold', '10.555', 'At most 2 digits after the point'],
    ['--sale-ceiling', '5 cedis', '"5 cedis" is not an amount'],
    ['--idle-lock-minutes', '500', 'At most 240 minutes'],
    ['--idle-lock-minutes', 'soon', 'Expected a whole number'],
    ['--backup-folder', 'backups', 'Give a full folder path'],
    ['--currency', 'XYZ', 'Currency must be an ISO 4217 code'],
    ['--phone-country', 'ZZ', 'Country must be a two-letter code'],
    ['--time-zone', 'Mars/Olympus', 'Time zone must be an IANA name'],
    ['--shop-name', '  ', 'The shop needs a name'],
  ])('refuses %s %j with the contract message, exit 2, nothing changed', async (flag, value, message) => {
    const db = await shop(engine);
    const before = await cliJson(db, ['settings', 'show']);
    const run = await cli(['--db', db, 'settings', 'set', flag, value]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${flag}: ${message}`);
    const json = await cli(['--db', db, '--json', 'settings', 'set', flag, value]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'validation', message: expect.stringContaining(message) });
    expect(await cliJson(db, ['settings', 'show'])).toEqual(before);
  });

  it('refuses a whole-number amount with decimals for a currency without them, and an empty set', async () => {
    const db = await shop(engine, 'JPY', 'JP');
    const run = await cli(['--db', db, 'settings', 'set', '--high-value-threshold', '500.50']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--high-value-threshold: JPY has no minor unit');
    const nothing = await cli(['--db', db, 'settings', 'set']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('Nothing to change');
  });

  it('the High value segment uses the threshold set from the command line', async () => {
    const db = await shop(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama']);
    for (let i = 0; i < 3; i++) await cliJson(db, ['sales', 'add', String(ama.id), '--amount', '200']);
    const inHighValue = async () => (await cliJson<{ id: number }[]>(db, ['customers', 'list', '--segment', 'High value'])).map((c) => c.id);
    expect(await inHighValue()).toEqual([]);
    await cliJson(db, ['settings', 'set', '--high-value-threshold', '600']);
    expect(await inHighValue()).toEqual([ama.id]);
  });
});
