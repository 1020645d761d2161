// The shop the trust tests (the role matrix, the audit log, the caps) each meet, and a valid input
// for every method of the contract: shared by trust.test.ts and trust-audit.test.ts, which run side by side.
import type { Actor } from '../../../db/access';
import type { InputOf, MethodName } from '../../../shared/contract';
import { openTestBook, type Engine, type TestBook } from '../../support/engines';
import { ownerActor, value } from '../helpers';

/**
 * The role matrix, written out by hand rather than read from the contract, so that a method whose
 * access level changes by accident fails here.
 */
export const publicMethods: MethodName[] = ['auth.status', 'auth.setupOwner', 'auth.signIn', 'auth.signOut'];
export const ownerOnly: MethodName[] = [
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
  'imports.progress',
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
  'mailchimp.connection',
  'mailchimp.plan',
  'mailchimp.startRun',
  'mailchimp.recordPush',
  'mailchimp.recordPull',
  'mailchimp.recordDeleted',
  'mailchimp.finishRun',
];

/** A key of Mailchimp's shape that no account has. */
export const mailchimpKey = '0123456789abcdef0123456789abcdef-us12';

export const csv = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A shop with an owner (PIN 1234), one member of staff (Kofi, 5678), a customer with a sale and a note. */
type ShopBook = Pick<TestBook, 'core' | 'call' | 'rows' | 'reopen'>;
export const opening = new Date('2026-11-30T10:00:00Z');

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

export async function shop(engine: Engine, now = opening) {
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

export type Shop = Awaited<ReturnType<typeof shop>>;

/**
 * New shops, one after another, as `shop(engine)` makes them: each a copy of one shop set up once (a
 * file copied; on PostgreSQL, CREATE DATABASE … TEMPLATE), the same tables without a migration and
 * the PINs' hashing each time (the role matrix and the audit of every write need dozens).
 */
export function shops(engine: Engine): () => Promise<Shop> {
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
export function sampleInputs(s: Shop, actor: Actor | null = ownerActor): { [K in MethodName]: InputOf<K> } {
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
    'mailchimp.connection': {},
    'imports.progress': {},
    'mailchimp.plan': {},
    'mailchimp.startRun': {},
    'mailchimp.recordPush': { results: [] },
    'mailchimp.recordPull': { members: [], until: null },
    'mailchimp.recordDeleted': { hashes: [] },
    'mailchimp.finishRun': { runId: 1, outcome: 'done', counts: { added: 0, updated: 0, unchanged: 0, unsubscribedThere: 0, deleted: 0, leftOut: 0, failed: 0 }, failures: [], error: null },
  };
}

/** What some methods need to exist first: an import to undo, a segment to delete, an archived customer to restore, a suppression to lift. */
export async function prepareFor(s: Shop, method: MethodName) {
  const inputs = sampleInputs(s);
  if (method === 'imports.undo') value(await s.call('imports.commit', inputs['imports.commit']));
  if (method === 'segments.delete') value(await s.call('segments.save', inputs['segments.save']));
  if (method === 'customers.restore') value(await s.call('customers.archive', { id: s.yaw.id }));
  if (method === 'cards.find') value(await s.call('cards.issue', { customerId: s.yaw.id, code: 'R2345678AB' }));
  // The sample's id 1: the shop's first suppression.
  if (method === 'suppression.remove') value(await s.call('suppression.add', inputs['suppression.add']));
  // A sync's steps need a connected book; the sample's run 1 is a sync begun on it.
  if (method.startsWith('mailchimp.') && !['mailchimp.saveConnection', 'mailchimp.status'].includes(method)) {
    value(await s.call('mailchimp.saveConnection', inputs['mailchimp.saveConnection']));
  }
  if (method === 'mailchimp.finishRun') {
    value(await s.call('mailchimp.startRun', {}));
  }
}
