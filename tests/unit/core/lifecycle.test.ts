import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../db/access';
import { allowedStates, customerStates, transitions, type CustomerState } from '../../../db/customers/lifecycle';
import type { Result } from '../../../shared/result';
import { describeEngines, openTestBook, type Engine } from '../../support/engines';
import { value } from '../helpers';

/**
 * A book with one customer, X, in the state asked for: X has a phone, an email, a note and a sale
 * from while they were active; S is another active customer (who X is merged into).
 */
async function bookWithCustomerIn(engine: Engine, state: CustomerState) {
  const book = await openTestBook(engine, { now: () => new Date('2026-12-03T10:00:00Z') });
  const x = value(await book.call('customers.create', { firstName: 'Xena', lastName: 'Asare', phone: '024 412 3456', email: 'xena@example.com' }));
  const s = value(await book.call('customers.create', { firstName: 'Sena', lastName: 'Boateng', phone: '020 111 2222' }));
  const note = value(await book.call('notes.add', { customerId: x.id, type: 'preference', text: 'prefers size M', alert: true }));
  const sale = value(await book.call('sales.record', { customerId: x.id, amount: 1500 }));
  if (state === 'archived') value(await book.call('customers.archive', { id: x.id }));
  if (state === 'merged') value(await book.call('customers.merge', { keepId: s.id, otherId: x.id }));
  if (state === 'erased') value(await book.call('customers.erase', { id: x.id, confirm: true }));
  return { book, x: x.id, s: s.id, note: note.id, sale: sale.id };
}

type Book = Awaited<ReturnType<typeof bookWithCustomerIn>>;
const wording = 'May we email you offers?';

/** Each method the state table names, called on X as a person at the counter would. */
const calls: Record<string, (b: Book) => Promise<Result<unknown>>> = {
  'customers.update': (b) => b.book.call('customers.update', { id: b.x, patch: { address: '4 Ring Road' } }),
  'customers.archive': (b) => b.book.call('customers.archive', { id: b.x }),
  'customers.restore': (b) => b.book.call('customers.restore', { id: b.x }),
  'customers.merge': (b) => b.book.call('customers.merge', { keepId: b.s, otherId: b.x }),
  'customers.erase': (b) => b.book.call('customers.erase', { id: b.x, confirm: true }),
  'notes.add': (b) => b.book.call('notes.add', { customerId: b.x, type: 'personal', text: 'came back' }),
  'notes.edit': (b) => b.book.call('notes.edit', { id: b.note, text: 'prefers size L' }),
  'notes.clearAlert': (b) => b.book.call('notes.clearAlert', { id: b.note }),
  'notes.delete': (b) => b.book.call('notes.delete', { id: b.note }),
  'consent.set': (b) => b.book.call('consent.set', { customerId: b.x, channel: 'email', status: 'subscribed', method: 'counter_verbal', wording }),
  'preferences.update': (b) => b.book.call('preferences.update', { customerId: b.x, patch: { bestTime: 'mornings' } }),
  'loyalty.adjust': (b) => b.book.call('loyalty.adjust', { customerId: b.x, points: 20, reason: 'old card' }),
  'cards.issue': (b) => b.book.call('cards.issue', { customerId: b.x }),
  'sales.record': (b) => b.book.call('sales.record', { customerId: b.x, amount: 900 }),
  'sales.void': (b) => b.book.call('sales.void', { id: b.sale, reason: 'typed twice' }),
};

/**
 * What each call must answer in each state, written out by hand (not read from the table, so a
 * wrong table fails here). A merged customer's note and sale now belong to the customer kept, so
 * editing or voiding them works; an erased customer's notes are gone.
 */
const expected: Record<keyof typeof calls, Record<CustomerState, 'ok' | 'conflict' | 'not_found'>> = {
  'customers.update': { active: 'ok', archived: 'ok', merged: 'conflict', erased: 'conflict' },
  'customers.archive': { active: 'ok', archived: 'conflict', merged: 'conflict', erased: 'conflict' },
  'customers.restore': { active: 'conflict', archived: 'ok', merged: 'conflict', erased: 'conflict' },
  'customers.merge': { active: 'ok', archived: 'ok', merged: 'conflict', erased: 'conflict' },
  'customers.erase': { active: 'ok', archived: 'ok', merged: 'conflict', erased: 'conflict' },
  'notes.add': { active: 'ok', archived: 'ok', merged: 'conflict', erased: 'conflict' },
  'notes.clearAlert': { active: 'ok', archived: 'ok', merged: 'ok', erased: 'not_found' },
  'notes.edit': { active: 'ok', archived: 'ok', merged: 'ok', erased: 'not_found' },
  'notes.delete': { active: 'ok', archived: 'ok', merged: 'ok', erased: 'not_found' },
  'consent.set': { active: 'ok', archived: 'ok', merged: 'conflict', erased: 'conflict' },
  'preferences.update': { active: 'ok', archived: 'ok', merged: 'conflict', erased: 'conflict' },
  'loyalty.adjust': { active: 'ok', archived: 'ok', merged: 'conflict', erased: 'conflict' },
  'cards.issue': { active: 'ok', archived: 'ok', merged: 'conflict', erased: 'conflict' },
  'sales.record': { active: 'ok', archived: 'conflict', merged: 'conflict', erased: 'conflict' },
  'sales.void': { active: 'ok', archived: 'ok', merged: 'ok', erased: 'ok' },
};

/** Every table read straight from the book: a refused call must leave the book exactly as it was. */
async function snapshot(b: Book): Promise<string> {
  const tables = { customers: 'id', notes: 'id', sales: 'id', consent_events: 'id', customer_preferences: 'customer_id', timeline_events: 'id', suppressions: 'id' };
  const rows = [];
  for (const [table, key] of Object.entries(tables)) rows.push(await b.book.rows(`SELECT * FROM ${table} ORDER BY ${key}`));
  return JSON.stringify(rows);
}

// No book, so no engine: this checks the table of calls above against the core's.
describe('the customer state machine', () => {
  it('has a walked call for every method in the core table, and the imports are tested below', () => {
    expect(Object.keys(allowedStates).filter((m) => !m.startsWith('imports.')).sort()).toEqual(Object.keys(calls).sort());
  });
});

describeEngines('the customer state machine', (engine) => {
  for (const method of Object.keys(calls)) {
    for (const state of customerStates) {
      const want = expected[method][state];
      it(`${method} on a customer who is ${state}: ${want}`, async () => {
        const book = await bookWithCustomerIn(engine, state);
        const before = await snapshot(book);
        const result = await calls[method](book);
        expect(result.ok ? 'ok' : result.error.code, result.ok ? '' : result.error.message).toBe(want);
        if (!result.ok) expect(await snapshot(book)).toBe(before);
      });
    }
  }

  it('moves between states only as the transitions say, and nothing leaves merged or erased', async () => {
    const stateOfX = async (b: Book): Promise<CustomerState> => {
      const c = value(await b.book.call('customers.get', { id: b.x }));
      return c.erasedAt ? 'erased' : c.mergedInto != null ? 'merged' : c.status;
    };
    for (const { method, from, to } of transitions) {
      const book = await bookWithCustomerIn(engine, from);
      value(await calls[method](book));
      expect(await stateOfX(book), `${method} from ${from}`).toBe(to);
    }
    expect(transitions.filter((t) => t.from === 'merged' || t.from === 'erased')).toEqual([]);
  });
});

describeEngines('erased stays erased', (engine) => {
  it('refuses every change with the date of the erasure in plain words', async () => {
    const book = await bookWithCustomerIn(engine, 'erased');
    for (const method of ['customers.restore', 'customers.update', 'notes.add', 'consent.set', 'sales.record'] as const) {
      const result = await calls[method](book);
      expect(result.ok ? null : result.error.message, method).toBe("This customer was erased on 3 Dec 2026; their record can't be changed");
    }
  });

  it('cannot be merged into a living customer in either direction, so its sales stay anonymous', async () => {
    const book = await bookWithCustomerIn(engine, 'erased');
    expect(await book.book.call('customers.merge', { keepId: book.s, otherId: book.x })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await book.book.call('customers.merge', { keepId: book.x, otherId: book.s })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(value(await book.book.call('sales.list', { customerId: book.s }))).toEqual([]);
  });

  it('frees the old phone and email for a newcomer, who starts not asked and whom an import cannot subscribe', async () => {
    const book = await bookWithCustomerIn(engine, 'erased');
    const newcomer = value(await book.book.call('customers.create', { firstName: 'Nana', phone: '024 412 3456', email: 'xena@example.com' }));
    expect(newcomer).toMatchObject({ emailConsent: 'not_asked', smsConsent: 'not_asked' });
    expect(value(await book.book.call('customers.resolve', { ref: '0244123456' })).id).toBe(newcomer.id);
    expect(value(await book.book.call('customers.resolve', { ref: 'xena@example.com' })).id).toBe(newcomer.id);
    const sale = value(await book.book.call('sales.record', { customerId: newcomer.id, amount: 700 }));
    expect(sale.customerId).toBe(newcomer.id);
    const csv = 'First Name,Email,Accepts Email Marketing\nNana,xena@example.com,yes\n';
    const report = value(await book.book.call('imports.commit', { fileName: 'list.csv', contentBase64: Buffer.from(csv).toString('base64'), onDuplicate: 'update' }));
    expect(report).toMatchObject({ created: 0, updated: 1 });
    expect(value(await book.book.call('consent.get', { customerId: newcomer.id })).email).toBe('not_asked');
  });
});

describeEngines('merged stays merged', (engine) => {
  it('cannot be restored, edited or merged again, and says where it went', async () => {
    const book = await bookWithCustomerIn(engine, 'merged');
    for (const method of ['customers.restore', 'customers.update', 'customers.merge'] as const) {
      const result = await calls[method](book);
      expect(result.ok ? null : result.error.message, method).toBe(
        `Xena Asare (customer ${book.x}) was merged into Sena Boateng (customer ${book.s}); their record can't be changed. Use Sena Boateng (customer ${book.s}) instead`,
      );
    }
    expect(value(await book.book.call('customers.get', { id: book.x })).mergedInto).toBe(book.s);
  });

  it('is not found by any search or list, archived included', async () => {
    const book = await bookWithCustomerIn(engine, 'merged');
    for (const status of ['active', 'archived'] as const) {
      // Her email went to Sena with the merge, so Sena is found by it; Xena's own record never is.
      expect(value(await book.book.call('customers.search', { query: 'Asare', status }))).toEqual([]);
      expect(value(await book.book.call('customers.list', { status })).rows.map((c) => c.id)).not.toContain(book.x);
      expect(value(await book.book.call('customers.list', { status, search: 'xen' })).rows.map((c) => c.id)).not.toContain(book.x);
    }
    expect(value(await book.book.call('customers.search', { query: 'Asare' }))).toEqual([]);
    const exported = value(await book.book.call('exports.customers', { format: 'json' })).content;
    expect(JSON.parse(exported).map((c: { id: number }) => c.id)).toEqual([book.s]);
  });

  it('is not counted again as a new customer', async () => {
    const book = await bookWithCustomerIn(engine, 'merged');
    expect(value(await book.book.call('stats.get', {}))).toMatchObject({ newLast7Days: 1, newThisMonth: 1 });
  });
});

describeEngines('who acted, on every record', (engine) => {
  it('labels notes, sales, voids, consent, new customers and the timeline with the actor the audit log names', async () => {
    const cliActor: Actor = { id: null, role: 'owner', label: 'command line (ama)' };
    const book = await openTestBook(engine, { actor: cliActor });
    const c = value(await book.call('customers.create', { firstName: 'Kojo', email: 'kojo@example.com' }));
    const note = value(await book.call('notes.add', { customerId: c.id, type: 'personal', text: 'likes blue' }));
    const consent = value(await book.call('consent.set', { customerId: c.id, channel: 'email', status: 'subscribed', method: 'paper_form', wording }));
    const sale = value(await book.call('sales.record', { customerId: c.id, amount: 500 }));
    const voided = value(await book.call('sales.void', { id: sale.id, reason: 'wrong amount' }));
    const by = { id: null, name: 'command line (ama)' };
    expect(value(await book.call('customers.get', { id: c.id })).createdBy).toEqual(by);
    expect(note.author).toEqual(by);
    expect(consent.history[0].actor).toEqual(by);
    expect(voided).toMatchObject({ author: by, voidedBy: by });
    const timeline = value(await book.call('customers.timeline', { id: c.id }));
    expect(timeline.map((e) => e.kind).sort()).toEqual(['created', 'note_added', 'sale_recorded', 'sale_voided']);
    expect(timeline.map((e) => e.actor)).toEqual(Array(4).fill(by));
    const audit = value(await book.call('audit.list', {})).entries;
    expect(new Set(audit.map((e) => e.actor.name))).toEqual(new Set(['command line (ama)']));
  });

  it('records a signed-in member by their staff id alone', async () => {
    const book = await openTestBook(engine);
    const c = value(await book.call('customers.create', { firstName: 'Kojo' }));
    expect(value(await book.call('notes.add', { customerId: c.id, type: 'personal', text: 'x' })).author).toEqual({ id: 1, name: 'Owner' });
  });
});

describeEngines('imports and the states', (engine) => {
  const file = (csv: string) => ({ fileName: 'list.csv', contentBase64: Buffer.from(csv).toString('base64') });

  it('cannot be undone to give an erased customer their details back', async () => {
    const book = await openTestBook(engine);
    const ama = value(await book.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
    const report = value(await book.call('imports.commit', { ...file('First Name,Last Name,Email,Address\nAma,Mensah,ama@example.com,12 Oxford St\n'), onDuplicate: 'update' }));
    expect(report).toMatchObject({ updated: 1 });
    value(await book.call('customers.erase', { id: ama.id, confirm: true }));
    const undo = await book.call('imports.undo', { batchId: report.batchId! });
    expect(undo.ok ? null : undo.error.message).toMatch(new RegExp(`^Import ${report.batchId} cannot be undone: This customer was erased on `));
    expect(value(await book.call('customers.get', { id: ama.id }))).toMatchObject({ name: 'Erased customer', email: null, address: null });
  });

  it('cannot be undone once a customer it created was merged into another', async () => {
    const book = await openTestBook(engine);
    const report = value(await book.call('imports.commit', file('First Name,Email\nKofi,kofi@example.com\n')));
    const kofi = value(await book.call('customers.resolve', { ref: 'kofi@example.com' }));
    const keep = value(await book.call('customers.create', { firstName: 'Kofi', phone: '020 123 4567' }));
    value(await book.call('customers.merge', { keepId: keep.id, otherId: kofi.id }));
    const undo = await book.call('imports.undo', { batchId: report.batchId! });
    expect(undo).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(value(await book.call('customers.get', { id: kofi.id })).mergedInto).toBe(keep.id);
  });

  it('names the command line as who ran an import', async () => {
    const book = await openTestBook(engine, { actor: { id: null, role: 'owner', label: 'command line (ama)' } });
    const report = value(await book.call('imports.commit', file('First Name\nKofi\n')));
    expect(await book.rows('SELECT actor_id, actor_label FROM import_batches WHERE id = ?', [report.batchId])).toEqual([{ actor_id: null, actor_label: 'command line (ama)' }]);
  });
});
