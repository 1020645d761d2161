import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../db/access';
import { hostMethods } from '../../../db/core';
import { hashPin, lockoutSeconds, verifyPin } from '../../../db/staff/pin';
import { methodNames, methods, type InputOf, type MethodName } from '../../../shared/contract';
import { describeEngines, openTestBook, type Engine, type TestBook } from '../../support/engines';
import { ownerActor, value } from '../helpers';

/**
 * The role matrix, written out by hand rather than read from the contract, so that a method whose
 * access level changes by accident fails here.
 */
const publicMethods: MethodName[] = ['auth.status', 'auth.setupOwner', 'auth.signIn', 'auth.signOut'];
const ownerOnly: MethodName[] = [
  'customers.archive',
  'customers.restore',
  'customers.bulkCreate',
  'customers.merge',
  'customers.erase',
  'customers.duplicates',
  'notes.delete',
  'exports.customers',
  'exports.sales',
  'exports.customer',
  'exports.mailchimp',
  'imports.preview',
  'imports.commit',
  'imports.undo',
  'segments.save',
  'segments.delete',
  'settings.update',
  'loyalty.setScheme',
  'loyalty.adjust',
  'staff.list',
  'staff.add',
  'staff.update',
  'staff.setPin',
  'audit.list',
  'backups.list',
  'backups.create',
  'backups.restore',
  'diagnostics.create',
  'sharedBook.status',
  'sharedBook.connect',
  'sharedBook.disconnect',
  'suppression.list',
  'suppression.add',
  'suppression.remove',
  'mailchimp.audiences',
  'mailchimp.connect',
  'mailchimp.disconnect',
  'mailchimp.preview',
  'mailchimp.sync',
  'mailchimp.cancel',
  'mailchimp.status',
  'mailchimp.saveConnection',
  'mailchimp.plan',
  'mailchimp.startRun',
  'mailchimp.recordPush',
  'mailchimp.recordPull',
  'mailchimp.recordDeleted',
  'mailchimp.finishRun',
];

/** A key of Mailchimp's shape that no account has. */
const mailchimpKey = '0123456789abcdef0123456789abcdef-us12';

const csv = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A shop with an owner (PIN 1234), one member of staff (Kofi, 5678), a customer with a sale and a note. */
type ShopBook = Pick<TestBook, 'core' | 'call' | 'rows' | 'reopen'>;
const opening = new Date('2026-11-30T10:00:00Z');

/** The shop's people and records, written through `book`. */
async function setUp(book: ShopBook, clock: () => Date) {
  value(await book.call('auth.setupOwner', { name: 'Esi', pin: '1234' }));
  const kofi = value(await book.call('staff.add', { name: 'Kofi', role: 'staff', pin: '5678' }));
  const staff: Actor = { id: kofi.id, role: 'staff' };
  const ama = value(await book.call('customers.create', { firstName: 'Ama', phone: '024 412 3456', email: 'ama@example.com' }));
  const yaw = value(await book.call('customers.create', { firstName: 'Yaw', email: 'yaw@example.com' }));
  const sale = value(await book.call('sales.record', { customerId: ama.id, amount: 1250 }));
  const note = value(await book.call('notes.add', { customerId: ama.id, type: 'preference', text: 'prefers size M', alert: true }));
  const asStaff = await book.reopen({ now: clock, actor: staff });
  const kofiSale = value(await asStaff.call('sales.record', { customerId: ama.id, amount: 300 }));
  const kofiNote = value(await asStaff.call('notes.add', { customerId: ama.id, type: 'preference', text: 'asked for blue' }));
  return { staff, kofi, ama, yaw, sale, note, kofiSale, kofiNote };
}

async function shop(engine: Engine, now = opening) {
  let clock = now;
  const book = await openTestBook(engine, { now: () => clock });
  return shopOf(book, await setUp(book, () => clock), (at) => (clock = at));
}

function shopOf(book: ShopBook, records: Awaited<ReturnType<typeof setUp>>, setClock: (at: Date) => void) {
  // Every table in key order (customer_preferences is keyed by its customer; SQLite's rowid is the key).
  // One table after another: on PostgreSQL, on one connection rather than one each.
  const fingerprint = async () => {
    const tables: unknown[] = [];
    for (const t of ['audit_log', 'audit_changes', 'customers', 'customer_preferences', 'notes', 'sales', 'timeline_events', 'consent_events', 'suppressions', 'saved_segments', 'import_batches', 'import_changes', 'settings', 'staff']) {
      tables.push(await book.rows(`SELECT * FROM ${t} ORDER BY ${t === 'customer_preferences' ? 'customer_id' : 'id'}`));
    }
    return JSON.stringify(tables);
  };
  return { book, core: book.core, call: book.call, ...records, fingerprint, setClock, done: async () => {} };
}

type Shop = Awaited<ReturnType<typeof shop>>;

/**
 * New shops, one after another, as `shop(engine)` makes them: each a copy of one shop set up once (a
 * file copied; on PostgreSQL, CREATE DATABASE … TEMPLATE), the same tables without a migration and
 * the PINs' hashing each time (the role matrix and the audit of every write need dozens).
 */
function shops(engine: Engine): () => Promise<Shop> {
  let template: { location: string; records: Awaited<ReturnType<typeof setUp>> } | null = null;
  return async () => {
    if (!template) {
      const book = await openTestBook(engine, { now: () => opening });
      template = { location: book.location, records: await setUp(book, () => opening) };
      await book.close();
    }
    let clock = opening;
    const book = await openTestBook(engine, { now: () => clock, copyOf: template.location });
    // Closed when done with (dozens of shops' connections at once would pass the server's limit), or at the end.
    return { ...shopOf(book, template.records, (at) => (clock = at)), done: book.close };
  };
}

/**
 * A valid input for every method, so that a permitted call gets past validation and does its work;
 * staff act on their own sale and note (the finer rules are tested on their own below).
 */
function sampleInputs(s: Shop, actor: Actor | null = ownerActor): { [K in MethodName]: InputOf<K> } {
  const own = actor?.role === 'staff';
  return {
    'customers.create': { firstName: 'Efua' },
    'customers.update': { id: s.ama.id, patch: { firstName: 'Amma' } },
    'customers.get': { id: s.ama.id },
    'customers.resolve': { ref: String(s.ama.id) },
    'customers.archive': { id: s.yaw.id },
    'customers.restore': { id: s.yaw.id },
    'customers.search': { query: 'ama' },
    'customers.list': {},
    'customers.repeat': {},
    'customers.timeline': { id: s.ama.id },
    'customers.bulkCreate': { customers: [{ firstName: 'Bulk' }] },
    'customers.merge': { keepId: s.ama.id, otherId: s.yaw.id },
    'customers.erase': { id: s.yaw.id, confirm: true },
    'customers.duplicates': {},
    'exports.customers': {},
    'exports.sales': {},
    'exports.customer': { id: s.ama.id },
    'exports.mailchimp': {},
    'imports.preview': { fileName: 'list.csv', contentBase64: csv('First Name,Email\nAbena,abena@example.com\n') },
    'imports.commit': { fileName: 'list.csv', contentBase64: csv('First Name,Email\nAbena,abena@example.com\n') },
    'imports.undo': { batchId: 1 },
    'notes.add': { customerId: s.ama.id, type: 'preference', text: 'asked about sandals' },
    'notes.edit': { id: own ? s.kofiNote.id : s.note.id, text: 'prefers size L' },
    'notes.list': { customerId: s.ama.id },
    'notes.clearAlert': { id: s.note.id },
    'notes.delete': { id: s.note.id },
    'preferences.get': { customerId: s.ama.id },
    'preferences.update': { customerId: s.ama.id, patch: { bestTime: 'mornings' } },
    'sales.record': { customerId: s.ama.id, amount: 500 },
    'sales.void': { id: own ? s.kofiSale.id : s.sale.id, reason: 'typed twice' },
    'sales.list': { customerId: s.ama.id },
    'cards.issue': { customerId: s.ama.id },
    'cards.find': { code: 'R2345678AB' },
    'loyalty.scheme': {},
    'loyalty.setScheme': { scheme: { spendPerPoint: 100, rewardPoints: 100, rewardValue: 500 } },
    'loyalty.account': { customerId: s.ama.id },
    'loyalty.adjust': { customerId: s.ama.id, points: 10, reason: 'welcome gift' },
    'loyalty.expire': {},
    'stats.get': {},
    'stats.dashboard': {},
    'settings.get': {},
    'settings.update': { shopName: 'Osu Corner' },
    'staff.list': {},
    'staff.add': { name: 'Abena', role: 'staff', pin: '2468' },
    'staff.update': { id: s.kofi.id, patch: { name: 'Kofi B.' } },
    'staff.setPin': { id: s.kofi.id, pin: '9999' },
    'consent.set': { customerId: s.ama.id, channel: 'email', status: 'subscribed', method: 'paper_form', wording: 'Offers by email' },
    'consent.get': { customerId: s.ama.id },
    'segments.list': {},
    'segments.count': { conditions: {} },
    'segments.save': { name: 'Big spenders', conditions: { totalSpent: { min: 1000 } } },
    'segments.delete': { id: 1 },
    'auth.status': {},
    'auth.setupOwner': { name: 'Esi', pin: '1234' },
    'auth.signIn': { staffId: s.kofi.id, pin: '5678' },
    'auth.signOut': {},
    'audit.list': {},
    'backups.list': {},
    'backups.create': {},
    'backups.restore': { file: '/nowhere.db' },
    'diagnostics.create': {},
    'sharedBook.status': {},
    'sharedBook.connect': { url: 'postgresql://regulars@server-pc/regulars', moveThisBook: true },
    'sharedBook.disconnect': {},
    'book.changes': {},
    'outbox.status': {},
    'suppression.list': {},
    'suppression.add': { kind: 'email', value: 'complained@example.com', note: 'Complained by phone' },
    'suppression.remove': { id: 1, method: 'customer_request', wording: 'Asked to hear from us again' },
    'mailchimp.audiences': { apiKey: mailchimpKey },
    'mailchimp.connect': { apiKey: mailchimpKey, audienceId: 'a1b2c3' },
    'mailchimp.disconnect': {},
    'mailchimp.preview': {},
    'mailchimp.sync': {},
    'mailchimp.cancel': {},
    'mailchimp.status': {},
    'mailchimp.saveConnection': { connection: { audienceId: 'a1b2c3', audienceName: 'Shop', apiBase: 'http://127.0.0.1:9/3.0', sealedKey: 'sealed', permissionId: null } },
    'mailchimp.plan': {},
    'mailchimp.startRun': {},
    'mailchimp.recordPush': { results: [] },
    'mailchimp.recordPull': { members: [], until: null },
    'mailchimp.recordDeleted': { hashes: [] },
    'mailchimp.finishRun': { runId: 1, outcome: 'done', counts: { added: 0, updated: 0, unchanged: 0, unsubscribedThere: 0, deleted: 0, leftOut: 0, failed: 0 }, failures: [], error: null },
  };
}

/** What some methods need to exist first: an import to undo, a segment to delete, an archived customer to restore, a suppression to lift. */
async function prepareFor(s: Shop, method: MethodName) {
  const inputs = sampleInputs(s);
  if (method === 'imports.undo') value(await s.call('imports.commit', inputs['imports.commit']));
  if (method === 'segments.delete') value(await s.call('segments.save', inputs['segments.save']));
  if (method === 'customers.restore') value(await s.call('customers.archive', { id: s.yaw.id }));
  if (method === 'cards.find') value(await s.call('cards.issue', { customerId: s.yaw.id, code: 'R2345678AB' }));
  // The sample's id 1: the shop's first suppression.
  if (method === 'suppression.remove') value(await s.call('suppression.add', inputs['suppression.add']));
  // The sample's run 1: a sync begun on a connected book.
  if (method === 'mailchimp.finishRun') {
    value(await s.call('mailchimp.saveConnection', inputs['mailchimp.saveConnection']));
    value(await s.call('mailchimp.startRun', {}));
  }
}

describe('the role matrix, in the contract', () => {
  it('names every method once, and the contract agrees with it', () => {
    for (const method of methodNames) {
      const expected = publicMethods.includes(method) ? 'public' : ownerOnly.includes(method) ? 'owner' : 'staff';
      expect([method, methods[method].access]).toEqual([method, expected]);
    }
  });
});

describeEngines('the role matrix', (engine) => {
  const roles: [string, (s: Shop) => Actor | null][] = [
    ['owner', () => ownerActor],
    ['staff', (s) => s.staff],
    ['signed out', () => null],
  ];
  for (const [role, actorOf] of roles) {
    it(`as ${role}: every method is allowed or refused as the matrix says, and a refused call writes nothing`, async () => {
      // Each method meets a shop as it was set up: a new one after any call that changed a table (an
      // allowed write, or what prepareFor wrote). A refusal changes nothing (checked below), so the
      // next method may meet the same shop.
      const newShop = shops(engine);
      let s = await newShop();
      let pristine = await s.fingerprint();
      for (const method of methodNames) {
        if ((await s.fingerprint()) !== pristine) {
          await s.done();
          s = await newShop();
          pristine = await s.fingerprint();
        }
        await prepareFor(s, method);
        const actor = actorOf(s);
        const allowed = publicMethods.includes(method) || (actor !== null && (actor.role === 'owner' || !ownerOnly.includes(method)));
        const before = await s.fingerprint();
        const result = await s.core.handle(method, sampleInputs(s, actor)[method] as never, actor);
        if (allowed) {
          // Allowed means the role check let it through: it may still meet a rule (the owner's PIN is already set).
          if (!result.ok) expect([method, result.error.code]).not.toEqual([method, 'forbidden']);
          if (!result.ok && !(hostMethods as readonly string[]).includes(method)) expect([method, result.error.code]).toEqual([method, 'conflict']);
        } else {
          expect([method, result.ok ? 'ok' : result.error.code]).toEqual([method, 'forbidden']);
          expect(await s.fingerprint()).toBe(before);
        }
      }
    }, 180_000);
  }

  it('lets staff void only their own sales from the same shop day; the owner voids any', async () => {
    const s = await shop(engine, new Date('2026-11-30T09:00:00Z'));
    const asKofi = (method: MethodName, input: unknown) => s.core.handle(method, input as never, s.staff);
    const owners = s.sale;
    const mine = value((await asKofi('sales.record', { customerId: s.ama.id, amount: 700 })) as never) as { id: number };
    const before = await s.fingerprint();
    expect(await asKofi('sales.void', { id: owners.id, reason: 'mistake' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('someone else') } });
    expect(await s.fingerprint()).toBe(before);
    // Accra is UTC+0: the next shop day starts at midnight UTC.
    s.setClock(new Date('2026-12-01T00:30:00Z'));
    expect(await asKofi('sales.void', { id: mine.id, reason: 'mistake' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('earlier day') } });
    s.setClock(new Date('2026-11-30T23:59:00Z'));
    expect(await asKofi('sales.void', { id: mine.id, reason: 'mistake' })).toMatchObject({ ok: true, value: { voidedBy: { id: s.kofi.id } } });
    expect(await s.call('sales.void', { id: owners.id, reason: 'owner says so' })).toMatchObject({ ok: true });
  });

  it("lets staff edit their own notes but not someone else's", async () => {
    const s = await shop(engine);
    const asKofi = (method: MethodName, input: unknown) => s.core.handle(method, input as never, s.staff);
    expect(await asKofi('notes.edit', { id: s.note.id, text: 'changed' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const own = await asKofi('notes.add', { customerId: s.ama.id, type: 'preference', text: 'likes blue' });
    expect(own.ok).toBe(true);
    expect(await asKofi('notes.edit', { id: (own as { value: { id: number } }).value.id, text: 'likes green' })).toMatchObject({ ok: true, value: { text: 'likes green' } });
  });

  it('never lets the shop lose its last owner, and refuses two members with one name', async () => {
    const s = await shop(engine);
    expect(await s.call('staff.update', { id: 1, patch: { role: 'staff' } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await s.call('staff.update', { id: 1, patch: { active: false } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await s.call('staff.add', { name: 'kofi', role: 'staff', pin: '1111' })).toMatchObject({ ok: false, error: { code: 'conflict', fields: { name: expect.any(String) } } });
    value(await s.call('staff.update', { id: s.kofi.id, patch: { role: 'owner' } }));
    expect(await s.call('staff.update', { id: 1, patch: { role: 'staff' } })).toMatchObject({ ok: true, value: { role: 'staff' } });
  });
});

describeEngines('PINs', (engine) => {
  it('are hashed with scrypt and a salt per member, never stored as typed', async () => {
    const a = hashPin('1234');
    const b = hashPin('1234');
    expect(a).toMatch(/^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    // The key is scrypt's, from the PIN and the stored salt at the documented cost, and each hash has its own salt.
    const [, salt, key] = a.split('$');
    expect(scryptSync('1234', Buffer.from(salt, 'hex'), 32, { N: 16384, r: 8, p: 1 }).toString('hex')).toBe(key);
    expect(salt).not.toBe(b.split('$')[1]);
    expect(verifyPin('1234', a)).toBe(true);
    expect(verifyPin('1235', a)).toBe(false);
    expect(verifyPin('1234', 'plain$1234')).toBe(false);
    const s = await shop(engine);
    const [stored] = await s.book.rows<{ pin_hash: string }>('SELECT pin_hash FROM staff WHERE id = ?', [s.kofi.id]);
    expect(verifyPin('5678', stored.pin_hash)).toBe(true);
    // The hashes are random hex and may hold any four digits by chance ("…595678ae…" did once): look past them.
    const withoutHashes = (await s.fingerprint()).replace(/scrypt\$[0-9a-f]+\$[0-9a-f]+/g, 'scrypt$…');
    expect(withoutHashes).toContain('scrypt$…');
    expect(withoutHashes).not.toContain('5678');
  });

  it('must be 4 to 8 digits', async () => {
    const s = await shop(engine);
    for (const pin of ['123', '123456789', '12a4', ' 1234', '']) {
      expect(await s.call('staff.add', { name: 'Abena', role: 'staff', pin })).toMatchObject({ ok: false, error: { code: 'validation', message: 'pin: The PIN must be 4 to 8 digits' } });
    }
  });

  it('back off after wrong tries, growing to a lockout of five minutes, kept across restarts and lifted by the owner', async () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map(lockoutSeconds)).toEqual([0, 0, 5, 10, 20, 40, 80, 160, 300, 300]);
    const start = new Date('2026-11-30T10:00:00Z');
    const s = await shop(engine, start);
    const signIn = (pin: string) => s.core.handle('auth.signIn', { staffId: s.kofi.id, pin }, null);
    expect(await signIn('0000')).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Wrong PIN. Try again.' } });
    expect(await signIn('0000')).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Wrong PIN. Try again.' } });
    expect(await signIn('0000')).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Wrong PIN. Wait 5 seconds before trying again.' } });
    // Locked: even the right PIN waits, and is not counted as a try.
    expect(await signIn('5678')).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('Too many wrong PINs. Try again in 5 seconds') } });
    s.setClock(new Date(start.getTime() + 6_000));
    expect(await signIn('0000')).toMatchObject({ ok: false, error: { message: 'Wrong PIN. Wait 10 seconds before trying again.' } });
    // The count survives a restart: it is in the book, not in memory.
    const reopened = (await s.book.reopen({ now: () => new Date(start.getTime() + 20_000) })).core;
    expect(await reopened.handle('auth.signIn', { staffId: s.kofi.id, pin: '0000' }, null)).toMatchObject({ ok: false, error: { message: 'Wrong PIN. Wait 20 seconds before trying again.' } });
    for (let i = 0; i < 10; i++) {
      s.setClock(new Date(start.getTime() + 3_600_000 * (i + 1)));
      await signIn('0000');
    }
    const [row] = await s.book.rows<{ failed_attempts: number; locked_until: string }>('SELECT failed_attempts, locked_until FROM staff WHERE id = ?', [s.kofi.id]);
    expect(row.failed_attempts).toBe(15);
    expect(new Date(row.locked_until).getTime() - (start.getTime() + 3_600_000 * 10)).toBe(300_000);
    // The owner resets the PIN, which lifts the lockout at once.
    value(await s.call('staff.setPin', { id: s.kofi.id, pin: '2580' }));
    expect(await signIn('2580')).toMatchObject({ ok: true, value: { name: 'Kofi', role: 'staff' } });
    // Each wrong try is in the audit log, as a refusal.
    const [refused] = await s.book.rows<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE method = 'auth.signIn' AND details LIKE '%refused%'");
    expect(refused.n).toBeGreaterThanOrEqual(15);
  });

  it('sets up the owner once, on first run only', async () => {
    const { core } = await openTestBook(engine);
    expect(value((await core.handle('auth.status', {}, null)) as never)).toMatchObject({ needsOwnerSetup: true, signedIn: null, members: [] });
    expect(await core.handle('auth.setupOwner', { name: 'Esi', pin: '1234' }, null)).toMatchObject({ ok: true, value: { id: 1, name: 'Esi', role: 'owner', idleLockMinutes: 5 } });
    expect(await core.handle('auth.setupOwner', { name: 'Mallory', pin: '0000' }, null)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(value((await core.handle('auth.status', {}, null)) as never)).toMatchObject({ needsOwnerSetup: false, members: [{ id: 1, name: 'Esi', role: 'owner' }] });
  });
});

describeEngines('the audit log, for trust', (engine) => {
  const writeMethods = methodNames.filter((m) => methods[m].kind === 'write' && !(hostMethods as readonly string[]).includes(m));

  it('appends an entry for every write method, with who, what and which entity', async () => {
    const newShop = shops(engine);
    for (const method of writeMethods) {
      const s = await newShop();
      const inputs = sampleInputs(s);
      await prepareFor(s, method);
      const [{ id: before }] = await s.book.rows<{ id: number }>('SELECT max(id) AS id FROM audit_log');
      const actor = method === 'auth.signIn' || method === 'auth.setupOwner' ? null : ownerActor;
      if (method === 'auth.setupOwner') await s.book.rows('UPDATE staff SET pin_hash = NULL RETURNING id');
      const result = await s.core.handle(method, inputs[method] as never, actor);
      expect([method, result.ok]).toEqual([method, true]);
      const entries = await s.book.rows<{ method: string; actor_id: number | null; entity_type: string | null }>('SELECT method, actor_id, entity_type FROM audit_log WHERE id > ? ORDER BY id', [before]);
      expect([method, entries]).toEqual([method, [{ method, actor_id: actor ? 1 : null, entity_type: expect.any(String) }]]);
      await s.done();
    }
  }, 180_000);

  it('keeps the before and after values of an update, shows them to the owner, and lets erasure remove them', async () => {
    const s = await shop(engine);
    value(await s.call('customers.update', { id: s.yaw.id, patch: { firstName: 'Yao', email: 'yao@example.com' } }));
    value(await s.core.handle('settings.update', { idleLockMinutes: 10 }, ownerActor));
    const page = value(await s.call('audit.list', { entityType: 'customer', entityId: s.yaw.id }));
    const update = page.entries.find((e) => e.method === 'customers.update')!;
    expect(update).toMatchObject({ actor: { id: 1, name: 'Esi' }, entityType: 'customer', entityId: s.yaw.id });
    expect(update.changes).toEqual(
      expect.arrayContaining([
        { field: 'first_name', before: 'Yaw', after: 'Yao' },
        { field: 'email', before: 'yaw@example.com', after: 'yao@example.com' },
      ]),
    );
    const settings = value(await s.call('audit.list', { entityType: 'settings' })).entries[0];
    expect(settings.changes).toEqual([{ field: 'idle_lock_minutes', before: 5, after: 10 }]);
    // Values stay put while the customer exists…
    await expect(s.book.rows('DELETE FROM audit_changes RETURNING id')).rejects.toThrow(/append-only/);
    await expect(s.book.rows("UPDATE audit_changes SET after = '\"x\"' RETURNING id")).rejects.toThrow(/append-only/);
    // …and go with erasure, while the entry saying who changed what, and when, stays.
    value(await s.call('customers.erase', { id: s.yaw.id, confirm: true }));
    const after = value(await s.call('audit.list', { entityType: 'customer', entityId: s.yaw.id }));
    expect(after.entries.find((e) => e.method === 'customers.update')).toMatchObject({ changes: [] });
    expect(JSON.stringify(after)).not.toContain('yao@example.com');
    expect(value(await s.call('audit.list', { entityType: 'settings' })).entries[0].changes).toHaveLength(1);
  });

  it('hides a PIN change, and filters by person and date, newest first, in pages', async () => {
    const s = await shop(engine);
    value(await s.call('staff.setPin', { id: s.kofi.id, pin: '1111' }));
    const pinChange = value(await s.call('audit.list', { entityType: 'staff', entityId: s.kofi.id })).entries[0];
    expect(pinChange.changes).toEqual([{ field: 'pin_hash', before: '(hidden)', after: '(changed)' }]);
    expect(JSON.stringify(pinChange)).not.toContain('1111');
    const kofiSale = await s.core.handle('sales.record', { customerId: s.ama.id, amount: 100 }, s.staff);
    expect(kofiSale.ok).toBe(true);
    expect(value(await s.call('audit.list', { actorId: s.kofi.id })).entries.map((e) => e.method)).toEqual(['sales.record', 'notes.add', 'sales.record']);
    expect(value(await s.call('audit.list', { from: '2026-12-01T00:00:00Z' })).entries).toEqual([]);
    const first = value(await s.call('audit.list', { limit: 2 }));
    expect(first.entries).toHaveLength(2);
    const second = value(await s.call('audit.list', { limit: 2, beforeId: first.nextBeforeId! }));
    expect(second.entries[0].id).toBeLessThan(first.entries[1].id);
  });
});

describeEngines('caps on what a caller may send', (engine) => {
  async function refused(call: TestBook['call'], method: MethodName, input: unknown, message: RegExp) {
    const result = await call(method, input as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(!result.ok && result.error.message).toMatch(message);
  }

  it('refuses over-long names, too many tags, huge notes and long searches with a clear message', async () => {
    const { call, ama } = await shop(engine);
    await refused(call, 'customers.create', { firstName: 'x'.repeat(101) }, /firstName: At most 100 characters/);
    await refused(call, 'customers.create', { firstName: 'Ama', tags: Array.from({ length: 31 }, (_, i) => `t${i}`) }, /At most 30 tags/);
    await refused(call, 'customers.create', { firstName: 'Ama', tags: ['x'.repeat(51)] }, /A tag is at most 50 characters/);
    await refused(call, 'notes.add', { customerId: ama.id, type: 'preference', text: 'x'.repeat(5_001) }, /text:/);
    await refused(call, 'customers.search', { query: 'x'.repeat(201) }, /query:/);
    await refused(call, 'preferences.update', { customerId: ama.id, patch: { favoriteProducts: Array.from({ length: 31 }, (_, i) => `p${i}`) } }, /At most 30 favourite products/);
    await refused(call, 'staff.add', { name: 'x'.repeat(61), role: 'staff', pin: '1234' }, /name: At most 60 characters/);
    await refused(call, 'sales.void', { id: 1, reason: 'x'.repeat(501) }, /reason:/);
    await refused(call, 'settings.update', { idleLockMinutes: 241 }, /At most 240 minutes/);
    await refused(call, 'settings.update', { backupFolder: 'backups/here' }, /Give a full folder path/);
    await refused(call, 'auth.signIn', { staffId: 1, pin: '1'.repeat(65) }, /pin:/);
    expect(value(await call('settings.update', { backupFolder: '/media/usb/backups', idleLockMinutes: 0 }))).toMatchObject({ backupFolder: '/media/usb/backups', idleLockMinutes: 0 });
    expect(value(await call('settings.update', { backupFolder: '' })).backupFolder).toBeNull();
  });
});

describeEngines('hostile import files', (engine) => {
  /** Refused, and nothing written; `s` is a shop of the test's own (a refusal leaves it as it was for the next). */
  async function importRefused(fileName: string, content: Buffer | string, message: RegExp, s?: Shop) {
    s ??= await shop(engine);
    const before = await s.fingerprint();
    const contentBase64 = typeof content === 'string' ? content : content.toString('base64');
    for (const method of ['imports.preview', 'imports.commit'] as const) {
      const result = await s.call(method, { fileName, contentBase64 });
      expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
      expect(!result.ok && result.error.message).toMatch(message);
    }
    expect(await s.fingerprint()).toBe(before);
  }

  it('refuses a 50 MB file before reading it', async () => {
    const fifty = Buffer.alloc(50 * 1024 * 1024, 'a,b\n');
    await importRefused('huge.csv', fifty, /too large: at most 20 MB/);
  });

  it('refuses a file a little over the limit after decoding it, naming its size', async () => {
    const justOver = Buffer.alloc(20 * 1024 * 1024 + 10, 'a,b\n');
    await importRefused('big.csv', justOver, /it is 20\.0 MB, and at most 20 MB can be imported/);
  });

  it('refuses a file whose only line is 1 MB', async () => {
    await importRefused('one-line.csv', Buffer.from('x'.repeat(1024 * 1024)), /line 1 is 1,048,576 characters long/);
  });

  it('refuses binary junk', async () => {
    let seed = 7;
    const junk = Buffer.alloc(200_000);
    for (let i = 0; i < junk.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      junk[i] = seed >> 16;
    }
    const s = await shop(engine);
    await importRefused('photo.csv', junk, /not a text file/, s);
    await importRefused('archive.csv', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 0)]), /not a text file/, s);
  });

  it('refuses a CSV whose quote never closes', async () => {
    await importRefused('quote.csv', Buffer.from('First Name,Email\nAma,ama@example.com\n"Kofi,kofi@example.com\nYaw,yaw@example.com\n'), /a quote opened in row 2 is never closed/);
  });

  it('refuses an empty file, and still reads a UTF-16 file with its byte-order mark', async () => {
    const s = await shop(engine);
    await importRefused('empty.csv', Buffer.alloc(0), /the file is empty/, s);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('First Name,Email\r\nAbena,abena@example.com\r\n', 'utf16le')]);
    const preview = await s.call('imports.preview', { fileName: 'unicode.txt', contentBase64: utf16.toString('base64') });
    expect(preview.ok ? preview.value.encoding : preview.error.message).toBe('utf16le');
  });
});
