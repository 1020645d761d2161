import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../../shared/format/money';
import { describeEngines, type Engine } from '../../support/engines';
import { overwriteFirstPage } from '../helpers';
import { allKeys, bookForSuite, bookRows, callBook, cli, cliJson, countBookRows, isolatedEnv, newBook, repoRoot, tempDir } from './helpers';

/** The CLI in-process (runCli): same code as the binary, without tsx start-up per call. On a book file and on a shared (PostgreSQL) book. */

async function shop(engine: Engine, currency = 'GHS', country = 'GH') {
  const db = await newBook(engine);
  await cliJson(db, ['init', '--currency', currency, '--country', country, '--locale', 'en-GH', '--time-zone', 'Africa/Accra']);
  return db;
}

const camelCase = /^[a-z][a-zA-Z0-9]*$/;
const isoUtc = (value: unknown) => typeof value === 'string' && new Date(value).toISOString() === value;

describeEngines('--json output', (engine) => {
  it('is one JSON value with camelCase keys, money in minor units and times in ISO 8601 UTC', async () => {
    const db = await shop(engine);
    const outputs: unknown[] = [];
    const json = async (args: string[]) => {
      const run = await cli(['--db', db, '--json', ...args]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      const value: unknown = JSON.parse(run.stdout);
      outputs.push(value);
      return value as any;
    };

    const ama = await json(['customers', 'add', '--first-name', 'Ama', '--phone', '024 412 3456', '--email', 'Ama@Example.com', '--tags', 'vip, market ,', '--birthday', '03-14', '--type', 'regular', '--created-at', '2025-01-02T03:04:05+01:00']);
    expect(ama).toMatchObject({ email: 'ama@example.com', tags: ['vip', 'market'], birthday: '03-14', type: 'regular', createdAt: '2025-01-02T02:04:05.000Z' });
    const sale = await json(['sales', 'add', 'ama@example.com', '--amount', '1,234.5', '--at', '2025-06-01T12:00:00+02:00', '--note', 'Cloth']);
    expect(sale).toMatchObject({ amount: 123450, occurredAt: '2025-06-01T10:00:00.000Z', note: 'Cloth', customer: { id: ama.id, totalSpent: 123450 } });
    await json(['notes', 'add', String(ama.id), '--type', 'preference', '--text', 'Likes blue']);
    await json(['prefs', 'set', String(ama.id), '--channel', 'sms', '--offers', 'yes']);
    await json(['customers', 'show', String(ama.id)]);
    await json(['customers', 'list']);
    await json(['sales', 'list', String(ama.id)]);
    await json(['notes', 'list', String(ama.id)]);
    await json(['stats']);

    for (const key of allKeys(outputs)) expect(key).toMatch(camelCase);
    const times: unknown[] = [];
    JSON.stringify(outputs, (key, value: unknown) => {
      if (key.endsWith('At') && value !== null) times.push(value);
      return value;
    });
    expect(times.length).toBeGreaterThan(10);
    for (const time of times) expect(isoUtc(time), String(time)).toBe(true);
  });

  it('customers list is the array of rows, walking pages past the contract limit of 500', async () => {
    const db = await shop(engine);
    const created = await callBook(db, 'customers.bulkCreate', {
      customers: Array.from({ length: 1203 }, (_, i) => ({ firstName: `C${String(i).padStart(4, '0')}`, lastName: 'Walker' })),
    });
    expect(created.ok).toBe(true);

    const all = await cliJson<{ firstName: string }[]>(db, ['customers', 'list']);
    expect(all).toHaveLength(1203);
    expect(new Set(all.map((c) => c.firstName)).size).toBe(1203);
    expect(all[0].firstName).toBe('C0000');
    expect(await cliJson(db, ['customers', 'list', '--limit', '600'])).toHaveLength(600);
    // A search counts only a thousand ahead of each page; the walk still gets every match.
    expect(await cliJson(db, ['customers', 'list', '--search', 'walker'])).toHaveLength(1203);
    expect(await cliJson(db, ['customers', 'list', '--limit', '3'])).toHaveLength(3);
  });
});

describeEngines('commands', (engine) => {
  it('update, archive, restore and the list filters', async () => {
    const db = await shop(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--last-name', 'Mensah', '--phone', '024 412 3456']);
    const kofi = await cliJson(db, ['customers', 'add', '--first-name', 'Kofi', '--type', 'vip']);
    await cliJson(db, ['sales', 'add', String(kofi.id), '--amount', '50']);

    const updated = await cliJson(db, ['customers', 'update', '0244123456', '--email', 'ama@example.com', '--last-name', '', '--tags', 'a,b']);
    expect(updated).toMatchObject({ id: ama.id, email: 'ama@example.com', lastName: null, name: 'Ama', tags: ['a', 'b'] });

    expect((await cliJson(db, ['customers', 'list', '--type', 'vip'])).map((c: any) => c.id)).toEqual([kofi.id]);
    expect((await cliJson(db, ['customers', 'list', '--sort', 'spent'])).map((c: any) => c.id)).toEqual([kofi.id, ama.id]);
    expect((await cliJson(db, ['customers', 'list', '--search', 'ama'])).map((c: any) => c.id)).toEqual([ama.id]);

    expect(await cliJson(db, ['customers', 'archive', 'ama@example.com'])).toMatchObject({ status: 'archived' });
    expect((await cliJson(db, ['customers', 'list'])).map((c: any) => c.id)).toEqual([kofi.id]);
    expect((await cliJson(db, ['customers', 'list', '--status', 'archived'])).map((c: any) => c.id)).toEqual([ama.id]);
    expect(await cliJson(db, ['customers', 'restore', String(ama.id)])).toMatchObject({ status: 'active' });
  });

  it('customers duplicates and customers merge <keep> <other>: totals are the sum of both, and the other cannot be merged again', async () => {
    const db = await shop(engine);
    const keep = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--last-name', 'Mensah', '--email', 'ama.mensah@gmail.com']);
    const other = await cliJson(db, ['customers', 'add', '--first-name', 'Amma', '--last-name', 'Mensah', '--email', 'amamensah@gmail.com', '--phone', '024 412 3456']);
    await cliJson(db, ['sales', 'add', String(keep.id), '--amount', '10.00']);
    await cliJson(db, ['sales', 'add', '0244123456', '--amount', '2.50']);
    const pairs = await cliJson(db, ['customers', 'duplicates']);
    expect(pairs).toEqual([expect.objectContaining({ a: expect.objectContaining({ id: keep.id }), b: expect.objectContaining({ id: other.id }), reasons: ['same_email'] })]);
    const merged = await cliJson(db, ['customers', 'merge', String(keep.id), '0244123456', '--take-other', 'firstName']);
    expect(merged).toMatchObject({ id: keep.id, firstName: 'Amma', phone: '024 412 3456', email: 'ama.mensah@gmail.com', history: { purchases: 2, totalSpent: 1250 } });
    const again = await cli(['--db', db, 'customers', 'merge', String(keep.id), String(other.id)]);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain(`(customer ${other.id}) was merged into Amma Mensah (customer ${keep.id})`);
    const badField = await cli(['--db', db, 'customers', 'merge', String(keep.id), String(other.id), '--take-other', 'shoeSize']);
    expect(badField.code).toBe(2);
  });

  it('consent set/show and export mailchimp write the file and the left-out report', async () => {
    const db = await shop(engine);
    const dir = tempDir();
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--email', 'ama@example.com']);
    const role = await cliJson(db, ['customers', 'add', '--first-name', 'Shop', '--email', 'support@example.com']);
    await cliJson(db, ['customers', 'add', '--first-name', 'Kofi', '--email', 'kofi@example.com']);
    for (const who of [String(ama.id), 'support@example.com']) {
      await cliJson(db, ['consent', 'set', who, '--channel', 'email', '--status', 'subscribed', '--method', 'paper_form', '--wording', 'Offers by email']);
    }
    expect(await cliJson(db, ['consent', 'show', 'ama@example.com'])).toMatchObject({ email: 'subscribed', sms: 'not_asked', history: [{ method: 'paper_form', wording: 'Offers by email' }] });
    const out = path.join(dir, 'offers.csv');
    expect(await cliJson(db, ['export', 'mailchimp', '--out', out])).toEqual({ exported: 1, leftOut: [{ customerId: role.id, email: 'support@example.com', reason: 'role_address' }] });
    expect(fs.readFileSync(out, 'utf8').split('\r\n')[0]).toBe('Email Address,First Name,Last Name,Address,Phone Number,Birthday,Tags');
    expect(fs.readFileSync(out, 'utf8')).toContain('ama@example.com');
    expect(fs.readFileSync(path.join(dir, 'offers-left-out.csv'), 'utf8')).toContain('support@example.com,role_address');
    const segments = await cliJson(db, ['segments', 'list']);
    expect(segments.find((x: any) => x.key === 'email_subscribers')).toMatchObject({ name: 'Email subscribers', count: 2 });
    expect((await cliJson(db, ['customers', 'list', '--segment', 'Email subscribers'])).map((c: any) => c.id)).toEqual([ama.id, role.id]);
    const segmentOut = path.join(dir, 'subscribers.csv');
    expect((await cliJson(db, ['export', 'mailchimp', '--out', segmentOut, '--segment', 'email_subscribers'])).exported).toBe(1);
    expect(fs.readFileSync(segmentOut, 'utf8')).toContain('Email subscribers');
    expect((await cli(['--db', db, 'customers', 'list', '--segment', 'nobody'])).code).toBe(3);
    const bad = await cli(['--db', db, 'consent', 'set', String(ama.id), '--channel', 'fax', '--status', 'subscribed', '--method', 'paper_form', '--wording', 'x']);
    expect(bad.code).toBe(2);
    const nowhere = await cli(['--db', db, 'export', 'mailchimp', '--out', path.join(dir, 'no', 'such', 'folder', 'x.csv')]);
    expect(nowhere.code).toBe(1);
  });

  it('export customers/sales/customer write files, and customers erase needs --yes', async () => {
    const db = await shop(engine);
    const dir = tempDir();
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--email', 'ama@example.com']);
    await cliJson(db, ['sales', 'add', String(ama.id), '--amount', '12.50']);
    expect(await cliJson(db, ['export', 'customers', '--out', path.join(dir, 'c.json'), '--format', 'json'])).toMatchObject({ format: 'json', rows: 1 });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'c.json'), 'utf8'))[0]).toMatchObject({ email: 'ama@example.com', history: { totalSpent: 1250 } });
    expect(await cliJson(db, ['export', 'sales', '--out', path.join(dir, 's.csv')])).toMatchObject({ rows: 1 });
    expect(fs.readFileSync(path.join(dir, 's.csv'), 'utf8')).toContain('12.50');
    await cliJson(db, ['export', 'customer', 'ama@example.com', '--out', path.join(dir, 'ama.json')]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'ama.json'), 'utf8')).customer.email).toBe('ama@example.com');
    const unconfirmed = await cli(['--db', db, 'customers', 'erase', String(ama.id)]);
    expect(unconfirmed.code).toBe(2);
    expect(await countBookRows(db, 'notes') + (await cliJson(db, ['customers', 'show', String(ama.id)])).history.purchases).toBe(1);
    expect(await cliJson(db, ['customers', 'erase', String(ama.id), '--yes'])).toMatchObject({ name: 'Erased customer', email: null });
    expect((await cli(['--db', db, 'customers', 'show', 'ama@example.com'])).code).toBe(3);
  });

  it('import: --dry-run writes nothing, invalid rows refuse the file unless --skip-invalid, and import undo', async () => {
    const db = await shop(engine);
    const file = path.join(tempDir(), 'list.csv');
    fs.writeFileSync(file, 'First Name,Email,Phone\nAma,ama@example.com,024 412 3456\n,nobody@example.com,\n');
    expect(await cliJson(db, ['import', file, '--dry-run'])).toEqual({ batchId: null, format: 'generic', dateOrder: 'dmy', created: 1, updated: 0, skipped: 1, errors: [{ row: 2, message: expect.stringContaining('First name') }] });
    expect(await countBookRows(db, 'customers')).toBe(0);
    const refused = await cli(['--db', db, 'import', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/nothing was imported/);
    expect(await countBookRows(db, 'customers')).toBe(0);
    const report = await cliJson(db, ['import', file, '--skip-invalid']);
    expect(report).toMatchObject({ batchId: expect.any(Number), format: 'generic', created: 1, skipped: 1 });
    expect(await countBookRows(db, 'customers')).toBe(1);
    expect(await cliJson(db, ['import', 'undo', String(report.batchId)])).toEqual({ batchId: report.batchId, removed: 1, restored: 0 });
    expect(await countBookRows(db, 'customers')).toBe(0);
    expect((await cli(['--db', db, 'import', path.join(tempDir(), 'missing.csv')])).code).toBe(3);
    expect((await cli(['--db', db, 'import', file, '--format', 'excel'])).code).toBe(2);
  });

  it('import reads dates in the shop country\'s order or the one --date-order gives, and says which', async () => {
    const db = await shop(engine, 'GBP', 'GB');
    const file = path.join(tempDir(), 'birthdays.csv');
    fs.writeFileSync(file, 'Name,Email,Birthday\nBea Brown,bea@example.com,03/04/1990\nCat Cole,cat@example.com,25/12/1985\n');
    const dry = await cli(['--db', db, 'import', file, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dates read day\/month\/year/);
    expect(await cliJson(db, ['import', file, '--dry-run'])).toMatchObject({ dateOrder: 'dmy', created: 2, errors: [] });
    const monthFirst = await cliJson(db, ['import', file, '--dry-run', '--date-order', 'mdy']);
    expect(monthFirst).toMatchObject({ dateOrder: 'mdy', created: 1, errors: [{ row: 2, message: expect.stringContaining('25/12/1985') }] });
    expect((await cli(['--db', db, 'import', file, '--date-order', 'ydm'])).code).toBe(2);
    expect(await cliJson(db, ['import', file, '--date-order', 'dmy'])).toMatchObject({ dateOrder: 'dmy', created: 2 });
    expect(await cliJson(db, ['customers', 'show', 'bea@example.com'])).toMatchObject({ firstName: 'Bea', lastName: 'Brown', birthday: '1990-04-03' });
  });

  it('import keeps a file\'s totals as an opening history, and customers show says so', async () => {
    const db = await shop(engine);
    const file = path.join(tempDir(), 'totals.csv');
    fs.writeFileSync(file, 'First Name,Email,Total Orders,Total Spent\nAma,ama@example.com,2,15.50\n');
    await cliJson(db, ['import', file]);
    expect((await cliJson(db, ['customers', 'show', 'ama@example.com'])).history).toMatchObject({ purchases: 2, totalSpent: 1550, importedPurchases: 2, importedSpent: 1550, lastPurchaseAt: null });
    expect((await cli(['--db', db, 'customers', 'show', 'ama@example.com'])).stdout).toMatch(/Imported before Regulars\s+2 purchases, GH₵\s?15\.50/);
  });

  it('backup --out writes the whole book into one file that opens as a book with the same customers', async () => {
    const db = await shop(engine);
    await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--phone', '024 412 3456']);
    const kofi = await cliJson(db, ['customers', 'add', '--first-name', 'Kofi']);
    await cliJson(db, ['sales', 'add', String(kofi.id), '--amount', '12.50']);
    const backup = path.join(tempDir(), 'backups', 'copy.db');
    expect(await cliJson(db, ['backup', '--out', backup])).toMatchObject({ file: backup, bytes: expect.any(Number) });
    await cliJson(db, ['customers', 'add', '--first-name', 'Esi']);
    // A plain SQLite book, whichever engine the book it came from is on.
    expect(fs.readFileSync(backup).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    const listed = await cliJson<{ firstName: string; phone: string | null; totalSpent: number }[]>(backup, ['customers', 'list']);
    expect(listed.map((c) => [c.firstName, c.phone, c.totalSpent])).toEqual([
      ['Ama', '024 412 3456', 0],
      ['Kofi', null, 1250],
    ]);
    expect(await cliJson(backup, ['settings', 'show'])).toEqual(await cliJson(db, ['settings', 'show']));
  });

  it('prefs set reads yes/no, lists and "none"', async () => {
    const db = await shop(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama']);
    const prefs = await cliJson(db, ['prefs', 'set', String(ama.id), '--channel', 'email', '--do-not-contact', 'YES', '--best-time', 'Mornings', '--favorite-products', 'kente, beads', '--payment', 'mobile_money', '--offers', 'yes', '--loyalty', 'no']);
    expect(prefs).toMatchObject({ channel: 'email', doNotContact: true, bestTime: 'Mornings', favoriteProducts: ['kente', 'beads'], paymentMethod: 'mobile_money', offersOptIn: true, loyaltyOptIn: false });
    expect(await cliJson(db, ['prefs', 'set', String(ama.id), '--channel', 'none', '--payment', ''])).toMatchObject({ channel: null, paymentMethod: null, doNotContact: true });
    const shown = await cliJson(db, ['customers', 'show', String(ama.id)]);
    expect(shown.preferences).toMatchObject({ channel: null, favoriteProducts: ['kente', 'beads'] });
  });

  it('notes add, list and delete', async () => {
    const db = await shop(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama']);
    const note = await cliJson(db, ['notes', 'add', String(ama.id), '--type', 'issue', '--text', 'Zip broke']);
    expect(note).toMatchObject({ id: expect.any(Number), customerId: ama.id, type: 'issue', text: 'Zip broke' });
    expect(await cliJson(db, ['notes', 'list', String(ama.id)])).toEqual([note]);
    expect((await cli(['--db', db, 'notes', 'delete', String(note.id)])).stdout).toBe(`Deleted note ${note.id} of customer ${ama.id}\n`);
    expect(await cliJson(db, ['notes', 'list', String(ama.id)])).toEqual([]);
    const again = await cli(['--db', db, 'notes', 'delete', String(note.id)]);
    expect([again.code, again.stderr]).toEqual([3, expect.stringContaining(`Note ${note.id}`)]);
  });

  it('loyalty set, sales add --redeem, loyalty adjust with a negative number, history, customers show and loyalty off', async () => {
    const db = await shop(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--phone', '024 412 3456']);
    const refused = await cli(['--db', db, 'sales', 'add', '0244123456', '--amount', '10', '--redeem']);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('Loyalty is off')]);

    const scheme = await cliJson(db, ['loyalty', 'set', '--points-per', '1.00', '--reward-at', '100', '--reward-value', '5.00', '--expire-months', '12']);
    expect(scheme).toEqual({ spendPerPoint: 100, rewardPoints: 100, rewardValue: 500, expireMonths: 12 });
    const badAmount = await cli(['--db', db, 'loyalty', 'set', '--points-per', '1.005', '--reward-at', '100', '--reward-value', '5']);
    expect([badAmount.code, badAmount.stderr]).toEqual([2, expect.stringMatching(/^--points-per: /)]);
    expect(await cliJson(db, ['sales', 'add', '0244123456', '--amount', '240.00'])).toMatchObject({ points: { earned: 240, used: 0 }, customer: { loyaltyPoints: 240 } });
    const text = await cli(['--db', db, 'sales', 'add', '0244123456', '--amount', '50.00', '--redeem']);
    expect(text.stdout).toContain('Reward: GH₵5.00 off, GH₵50.00 before it');
    expect(text.stdout).toContain('Points: +45, 100 used; 185 points · 1 reward ready');

    expect(await cliJson(db, ['loyalty', 'adjust', '0244123456', '--points', '-20', '--reason', 'typed twice'])).toMatchObject({ points: 165 });
    const tooMany = await cli(['--db', db, 'loyalty', 'adjust', String(ama.id), '--points', '-500', '--reason', 'x']);
    expect([tooMany.code, tooMany.stderr]).toEqual([2, expect.stringContaining('--points: This customer has 165 points')]);
    const history = await cliJson(db, ['loyalty', 'history', String(ama.id)]);
    expect(history.history.map((e: { kind: string; points: number }) => `${e.kind} ${e.points}`)).toEqual(['adjusted -20', 'earned 45', 'used -100', 'earned 240']);
    expect((await cliJson(db, ['customers', 'show', String(ama.id)])).loyalty).toEqual({ points: 165, rewards: 1 });
    expect((await cli(['--db', db, 'customers', 'show', String(ama.id)])).stdout).toMatch(/Loyalty +165 points · 1 reward ready/);

    expect((await cli(['--db', db, 'loyalty', 'off'])).stdout).toContain('Loyalty is off');
    expect(await cliJson(db, ['loyalty', 'show'])).toBeNull();
    expect((await cli(['--db', db, 'customers', 'show', String(ama.id)])).stdout).toMatch(/Loyalty +165 points \(loyalty is off\)/);
  });

  it('notes add --alert shows at the top of customers show, until notes clear-alert', async () => {
    const db = await shop(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama']);
    await cliJson(db, ['notes', 'add', String(ama.id), '--type', 'preference', '--text', 'prefers size M']);
    const alert = await cliJson(db, ['notes', 'add', String(ama.id), '--type', 'issue', '--text', 'owes GH₵20', '--alert']);
    expect(alert).toMatchObject({ alert: true, alertClearedAt: null });
    expect((await cliJson(db, ['customers', 'show', String(ama.id)])).alerts.map((n: { text: string }) => n.text)).toEqual(['owes GH₵20']);
    expect((await cli(['--db', db, 'customers', 'show', String(ama.id)])).stdout).toMatch(/^ALERT\n {2}! owes GH₵20\n\nAma/);
    expect((await cli(['--db', db, 'notes', 'clear-alert', String(alert.id)])).stdout).toMatch(/^Cleared the alert of Note \d+ \[issue\] \(alert, cleared /);
    expect((await cliJson(db, ['customers', 'show', String(ama.id)])).alerts).toEqual([]);
  });

  it('reads amounts in the shop currency: no minor unit for JPY', async () => {
    const db = await shop(engine, 'JPY', 'JP');
    const taro = await cliJson(db, ['customers', 'add', '--first-name', 'Taro']);
    expect(await cliJson(db, ['sales', 'add', String(taro.id), '--amount', '1200'])).toMatchObject({ amount: 1200 });
    const run = await cli(['--db', db, 'sales', 'add', String(taro.id), '--amount', '12.5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('JPY has no minor unit');
  });

  it('init applies only the flags given and prints the settings', async () => {
    const db = await newBook(engine);
    const first = await cliJson(db, ['init', '--shop-name', 'Auntie Ama Fabrics', '--currency', 'ghs', '--country', 'gh']);
    expect(first).toMatchObject({ shopName: 'Auntie Ama Fabrics', currency: 'GHS', phoneCountry: 'GH' });
    const again = await cliJson(db, ['init']);
    expect(again).toMatchObject({ shopName: 'Auntie Ama Fabrics', currency: 'GHS', phoneCountry: 'GH' });
    const text = await cli(['--db', db, 'init']);
    expect(text.stdout).toContain('Auntie Ama Fabrics');
    expect(text.stdout).toContain(db);
  });

  it('text output formats money with the shop currency and shows history', async () => {
    const db = await shop(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama']);
    const sale = await cli(['--db', db, 'sales', 'add', String(ama.id), '--amount', '12.50']);
    expect(sale.code).toBe(0);
    expect(sale.stdout).toContain(formatMoney(1250, 'GHS', 'en-GH'));
    const shown = await cli(['--db', db, 'customers', 'show', String(ama.id)]);
    expect(shown.stdout).toContain('History');
    expect(shown.stdout).toContain('Preferences');
    const stats = await cli(['--db', db, 'stats']);
    expect(stats.stdout).toMatch(/Revenue from customers\s+.*12\.50/);
  });

  it("stats and sources print the dashboard's email opt-in rate and acquisition sources, as the dashboard reads them", async () => {
    const db = await shop(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--email', 'ama@example.com', '--source', 'Instagram']);
    await cliJson(db, ['customers', 'add', '--first-name', 'Kofi', '--email', 'kofi@example.com', '--source', 'instagram']);
    await cliJson(db, ['customers', 'add', '--first-name', 'Esi']);
    await cliJson(db, ['consent', 'set', String(ama.id), '--channel', 'email', '--status', 'subscribed', '--method', 'paper_form', '--wording', 'Offers by email']);
    await cliJson(db, ['sales', 'add', String(ama.id), '--amount', '10']);
    await cliJson(db, ['sales', 'add', String(ama.id), '--amount', '2.50']);
    const dashboard = await callBook(db, 'stats.dashboard', {});
    if (!dashboard.ok) throw new Error(dashboard.error.message);

    // Of the two with an email, one subscribed.
    const stats = await cliJson(db, ['stats']);
    expect(stats).toEqual(dashboard.value.stats);
    expect(stats.emailOptInRate).toBe(0.5);
    expect((await cli(['--db', db, 'stats'])).stdout).toMatch(/^Email opt-in rate\s+50\.0%$/m);
    const sources = await cliJson(db, ['sources']);
    expect(sources).toEqual(dashboard.value.bySource);
    expect(sources).toEqual([
      { source: 'Instagram', customers: 2, revenue: 1250, repeatRate: 1 },
      { source: null, customers: 1, revenue: 0, repeatRate: 0 },
    ]);
    expect((await cli(['--db', db, 'sources'])).stdout.split('\n')).toEqual([
      'Source        Customers   Revenue  Repeat rate',
      '------------  ---------  --------  -----------',
      'Instagram             2  GH₵12.50       100.0%',
      'Not recorded          1   GH₵0.00         0.0%',
      '',
    ]);
  });
});

// Neither help nor a book: no engine to choose.
describe('help', () => {
  it('help goes to stdout with exit 0, for the tool, a group and a command', async () => {
    for (const args of [['help'], ['--help'], ['-h'], ['sales', '--help'], ['help', 'sales', 'add'], ['customers', 'add', '--help']]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('Usage: regulars');
    }
  });
});

describeEngines('errors and exit codes', (engine) => {
  async function seed(db: string) {
    await cliJson(db, ['init', '--currency', 'GHS', '--country', 'GH', '--locale', 'en-GH', '--time-zone', 'Africa/Accra']);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--last-name', 'Mensah', '--phone', '024 412 3456', '--email', 'ama@example.com']);
    return { db, ama };
  }
  const seeded = async () => seed(await newBook(engine));

  // Every case below writes nothing (each checks so), so they share one seeded book: a new one per
  // case would cost a database and its migrations each on PostgreSQL.
  let book: { db: string; ama: { id: number } };
  let remove: () => Promise<void>;
  beforeAll(async () => {
    const made = await bookForSuite(engine);
    remove = made.remove;
    book = await seed(made.location);
  });
  afterAll(() => remove());

  const cases: [name: string, code: number, stderr: string, args: (ama: { id: number }) => string[]][] = [
    ['amount that is not a number', 2, '--amount: "abc" is not an amount', (a) => ['sales', 'add', String(a.id), '--amount', 'abc']],
    ['too many decimals', 2, '--amount: At most 2 digits', (a) => ['sales', 'add', String(a.id), '--amount', '1.234']],
    ['zero amount', 2, '--amount: Amount must be more than zero', (a) => ['sales', 'add', String(a.id), '--amount', '0']],
    ['missing amount', 2, '--amount is required', (a) => ['sales', 'add', String(a.id)]],
    ['a sale in the future', 2, '--at: A sale cannot be in the future', (a) => ['sales', 'add', String(a.id), '--amount', '1', '--at', '2999-01-01T00:00:00Z']],
    ['a time without a zone', 2, '--at: Expected an ISO 8601', (a) => ['sales', 'add', String(a.id), '--amount', '1', '--at', 'yesterday']],
    ['items not a number', 2, '--items: Expected a whole number', (a) => ['sales', 'add', String(a.id), '--amount', '1', '--items', 'two']],
    ['unknown payment', 2, '--payment: Use one of cash', (a) => ['sales', 'add', String(a.id), '--amount', '1', '--payment', 'gold']],
    ['missing first name', 2, '--first-name is required', () => ['customers', 'add']],
    ['blank first name', 2, '--first-name: First name is required', () => ['customers', 'add', '--first-name', '  ']],
    ['bad email', 2, '--email: Enter a valid email', () => ['customers', 'add', '--first-name', 'X', '--email', 'nope']],
    ['bad phone', 2, '--phone: "12" is not a phone number', () => ['customers', 'add', '--first-name', 'X', '--phone', '12']],
    ['bad birthday', 2, '--birthday: Birthday is not a real date', () => ['customers', 'add', '--first-name', 'X', '--birthday', '02-30']],
    ['unknown type', 2, '--type: Use one of walk_in', () => ['customers', 'add', '--first-name', 'X', '--type', 'friend']],
    ['unknown flag', 2, "Unknown option '--nickname'", () => ['customers', 'add', '--first-name', 'X', '--nickname', 'Y']],
    ['flag without a value', 2, "Option '--first-name <value>' argument missing", () => ['customers', 'add', '--first-name']],
    ['extra argument', 2, 'Unexpected argument "extra"', (a) => ['customers', 'show', String(a.id), 'extra']],
    ['missing customer', 2, 'Missing <customer>', () => ['customers', 'show']],
    ['update with nothing to change', 2, 'Nothing to change', (a) => ['customers', 'update', String(a.id)]],
    ['unknown command', 2, 'Unknown command "refunds"', () => ['refunds']],
    ['unknown subcommand', 2, 'Unknown command "customers delete"', () => ['customers', 'delete', '1']],
    ['group without a command', 2, '"sales" needs a command', () => ['sales']],
    ['no command at all', 2, 'Give a command', () => []],
    ['yes/no flag', 2, '--offers: Use yes or no', (a) => ['prefs', 'set', String(a.id), '--offers', 'maybe']],
    ['unknown note type', 2, '--type: Use one of personal', (a) => ['notes', 'add', String(a.id), '--type', 'gossip', '--text', 'x']],
    ['bad currency', 2, '--currency: Currency must be an ISO 4217 code', () => ['init', '--currency', 'XYZ']],
    ['bad country', 2, '--country: Country must be a two-letter code', () => ['init', '--country', 'ZZ']],
    ['sale id not a number', 2, '<saleId>: A sale id is a whole number', () => ['sales', 'void', 'first', '--reason', 'x']],
    ['unknown customer id', 3, 'No customer matches "999"', () => ['customers', 'show', '999']],
    ['unknown customer email', 3, 'No customer matches "kofi@example.com"', () => ['notes', 'list', 'kofi@example.com']],
    ['unknown customer for a sale', 3, 'No customer matches', () => ['sales', 'add', '055 000 0000', '--amount', '1']],
    ['unknown sale', 3, 'Sale 999 was not found', () => ['sales', 'void', '999', '--reason', 'x']],
    ['duplicate phone', 4, 'Ama Mensah (customer 1) already has this phone number', () => ['customers', 'add', '--first-name', 'Kofi', '--phone', '+233244123456']],
    ['duplicate email', 4, 'Ama Mensah (customer 1) already has this email address', () => ['customers', 'add', '--first-name', 'Kofi', '--email', 'AMA@example.com']],
    ['restore an active customer', 4, 'Ama Mensah is already active', (a) => ['customers', 'restore', String(a.id)]],
  ];

  const errorCodeOfExit: Record<number, string> = { 2: 'validation', 3: 'not_found', 4: 'conflict' };

  it.each(cases)('%s: exit %i, message on stderr (under --json, the error as JSON on stdout), nothing written', async (_name, code, stderr, args) => {
    const { db, ama } = book;
    const counts = () => bookRows(db, `SELECT ${['customers', 'sales', 'notes', 'timeline_events', 'settings', 'audit_log'].map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`);
    const before = await counts();
    const settingsBefore = await cliJson(db, ['init']);

    const run = await cli(['--db', db, ...args(ama)]);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(stderr);
    const json = await cli(['--db', db, '--json', ...args(ama)]);
    expect(json.code).toBe(code);
    expect(json.stderr).toBe('');
    const { error } = JSON.parse(json.stdout);
    expect(error.code).toBe(errorCodeOfExit[code]);
    expect(error.message).toContain(stderr);
    expect(await counts()).toEqual(before);
    expect(await cliJson(db, ['init'])).toEqual(settingsBefore);
  });

  it('4: voiding a sale twice, and selling to an archived customer; neither changes the totals', async () => {
    const { db, ama } = await seeded();
    const sale = await cliJson(db, ['sales', 'add', String(ama.id), '--amount', '10']);
    await cliJson(db, ['sales', 'void', String(sale.id), '--reason', 'Wrong customer']);
    const twice = await cli(['--db', db, 'sales', 'void', String(sale.id), '--reason', 'again']);
    expect(twice).toMatchObject({ code: 4, stdout: '' });
    expect(twice.stderr).toContain('already voided');

    await cliJson(db, ['customers', 'archive', String(ama.id)]);
    const archived = await cli(['--db', db, 'sales', 'add', String(ama.id), '--amount', '5']);
    expect(archived.code).toBe(4);
    expect(archived.stderr).toContain('archived');
    expect(await countBookRows(db, 'sales')).toBe(1);
    expect(await cliJson(db, ['customers', 'show', String(ama.id)])).toMatchObject({ purchases: 0, totalSpent: 0 });
  });
});

// SQLite only: what is damaged here is a file, and the advice is to restore another file over it.
describe('a book file', () => {
  it('1: a file that is not a customer book', async () => {
    const file = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(file, 'this is not a database, just some text that is long enough to have a header');
    const run = await cli(['--db', file, 'stats']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/is damaged \(file is not a database\)/);
    expect(run.stderr).toContain('regulars restore');
    expect(fs.readFileSync(file, 'utf8')).toContain('this is not a database');
  });

  it('2: a book damaged where a read does not look answers the read, and refuses a write before writing anything', async () => {
    const db = await shop('sqlite');
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama']);
    await cliJson(db, ['sales', 'add', String(ama.id), '--amount', '5']);
    overwriteFirstPage(db, 'sales');
    const before = fs.readFileSync(db);
    expect(await cliJson(db, ['settings', 'show'])).toMatchObject({ currency: 'GHS' });
    // Creating a customer reads and writes no sale: only the check of every page stops it.
    const write = await cli(['--db', db, 'customers', 'add', '--first-name', 'Kofi']);
    expect(write.code).toBe(1);
    expect(write.stderr).toMatch(/is damaged [\s\S]*regulars restore/);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });
});


// The backups folder and a restore are about a book file; on a shared book they are refused (below).
describe('backups of a book file', () => {
  it('backup, backups list and restore --yes (which keeps the current book aside)', async () => {
    const db = await shop('sqlite');
    const dir = path.dirname(db);
    await cliJson(db, ['customers', 'add', '--first-name', 'Ama']);
    const backup = path.join(dir, 'backups', 'before.db');
    expect(await cliJson(db, ['backup', '--out', backup])).toMatchObject({ file: backup, bytes: expect.any(Number) });
    await cliJson(db, ['customers', 'add', '--first-name', 'Kofi']);
    expect((await cliJson(db, ['backups', 'list'])).map((b: any) => b.file)).toEqual([backup]);
    expect((await cli(['--db', db, 'restore', backup])).code).toBe(2);
    expect(await countBookRows(db, 'customers')).toBe(2);
    const restored = await cliJson(db, ['restore', backup, '--yes']);
    expect(restored.preRestore).toMatch(/pre-restore-/);
    expect(await countBookRows(db, 'customers')).toBe(1);
    expect((await cli(['--db', db, 'restore', path.join(dir, 'nothing.db'), '--yes'])).code).toBe(1);
  });

});

describeEngines('the commands for a book file only', (engine) => {
  it('work on a book file, and on a shared book are refused with what to do instead', async () => {
    const db = await shop(engine);
    if (engine === 'sqlite') {
      expect(await cliJson(db, ['backups', 'list'])).toEqual([]);
      return;
    }
    // The test server's address has no password to hide: the refusal names the book as given.
    const fileOnly: [name: string, args: string[]][] = [
      ['backups list', []],
      ['restore', [path.join(tempDir(), 'x.db'), '--yes']],
      ['diagnostics', ['--out', path.join(tempDir(), 'd.zip')]],
    ];
    for (const [name, args] of fileOnly) {
      const run = await cli(['--db', db, ...name.split(' '), ...args]);
      expect(run.code, name).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`"regulars ${name}" works on a book file; ${db} is a shared book. Back it up with "regulars backup --out FILE" and use that file.`);
    }
  });
});

describeEngines('which database', (engine) => {
  it('--db wins over REGULARS_DB, which wins over the default', async () => {
    const flagDb = await newBook(engine);
    const envDb = await newBook(engine);
    const env = isolatedEnv({ REGULARS_DB: envDb });
    expect((await cli(['--db', flagDb, 'customers', 'add', '--first-name', 'Flag'], env)).code).toBe(0);
    expect((await cli(['customers', 'add', '--first-name', 'Env'], env)).code).toBe(0);
    expect(await countBookRows(flagDb, 'customers')).toBe(1);
    expect(await countBookRows(envDb, 'customers')).toBe(1);
  });

});

// SQLite only: the default book is this PC's own file.
describe('the default book', () => {
  it.runIf(process.platform === 'linux')("falls back to the desktop app's file under $XDG_CONFIG_HOME", async () => {
    const config = tempDir();
    const run = await cli(['customers', 'add', '--first-name', 'Default'], isolatedEnv({ XDG_CONFIG_HOME: config }));
    expect(run.code).toBe(0);
    expect(await countBookRows(path.join(config, 'Regulars', 'regulars.db'), 'customers')).toBe(1);
  });
});

describe('the CLI stays out of Electron', () => {
  it('no file under electron/cli imports electron', () => {
    const dir = path.join(repoRoot, 'electron', 'cli');
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      expect(source, file).not.toMatch(/from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/);
    }
  });
});
