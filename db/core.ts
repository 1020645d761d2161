import { methods, type BookOutputOf, type InputOf, type MethodName, type ParsedInputOf } from '../shared/contract';
import { err, ok, type Result } from '../shared/result';
import { parseCall } from '../shared/transport';
import { authorize, type Actor } from './access';
import { listAudit, readBefore, recordAudit } from './audit';
import { bookChanges } from './changes/service';
import { actorLabelOf, type CoreContext } from './context';
import {
  archiveCustomer,
  bulkCreateCustomers,
  createCustomer,
  customerTimeline,
  getCustomerDetail,
  listCustomers,
  repeatCustomers,
  resolveCustomer,
  restoreCustomer,
  updateCustomer,
} from './customers/service';
import { searchCustomers } from './customers/search';
import { getConsent, setConsent } from './consent/service';
import { findDuplicates } from './customers/duplicates';
import { eraseCustomer } from './customers/erase';
import { exportCustomerData, exportCustomers, exportSales } from './exports/data';
import { mergeCustomers } from './customers/merge';
import { DomainError, failureOf } from './errors';
import { sqliteParts } from './engines/sqlite/context';
import { isSqliteConstraint } from './engines/sqlite/run';
import { done, value, type Query } from './query';
import { mailchimpExport } from './exports/mailchimp';
import { commitImport, previewImport, undoImport } from './imports/service';
import { addNote, clearAlert, deleteNote, editNote, listNotes } from './notes/service';
import type { OpenedDatabase } from './open';
import { getPreferences, updatePreferences } from './preferences/service';
import { findByCard, issueCard } from './cards/service';
import { adjustPoints, expireAll, getAccount, getScheme, setScheme } from './loyalty/service';
import { listSales, recordSale, voidSale } from './sales/service';
import { finishRun, mailchimpStatus, planSync, recordDeleted, recordPull, recordPush, saveConnection, startRun, syncConnection } from './mailchimp/service';
import { addSuppression, listSuppressions, removeSuppression } from './suppression/service';
import { countSegment, deleteSegment, listSegments, saveSegment } from './segments/service';
import { getSettings, updateSettings } from './settings/service';
import { addStaff, authStatus, CommittedRefusal, listStaff, setStaffPin, setupOwner, signIn, updateStaff } from './staff/service';
import { getDashboard, getStats } from './stats/service';

/**
 * Served by the host around the core (a backup is copied while calls go on; a restore reopens the
 * book; diagnostics read the support log beside it; a shared book is connected by closing this book
 * and opening that one; the till's outbox sits in front of the book).
 */
export const hostMethods = [
  'backups.list',
  'backups.create',
  'backups.restore',
  'diagnostics.create',
  'sharedBook.status',
  'sharedBook.connect',
  'sharedBook.disconnect',
  'outbox.status',
  'mailchimp.audiences',
  'mailchimp.connect',
  'mailchimp.disconnect',
  'mailchimp.preview',
  'mailchimp.sync',
  'mailchimp.cancel',
  'imports.progress',
] as const satisfies readonly MethodName[];
export type HostMethodName = (typeof hostMethods)[number];
export const isHostMethod = (method: MethodName): method is HostMethodName => hostMethods.some((name) => name === method);

type Handler<K extends MethodName> = (ctx: CoreContext, input: ParsedInputOf<K>) => Query<BookOutputOf<K> | CommittedRefusal>;
type Handlers = { [K in MethodName]: Handler<K> };

/** What a caller of the book itself (the command line) is told for a method only the app around it serves. */
const hostMethodHint = (name: HostMethodName) =>
  name === 'outbox.status'
    ? `${name} is answered by the app's till, which keeps an outbox in front of a shared book; the command line sends each call to the book itself`
    : name === 'imports.progress'
      ? `${name} is answered by the app while an import runs there; the command line's import prints its own progress`
      : name.startsWith('mailchimp.')
      ? `${name} talks to Mailchimp, which the app around the book does; on the command line use \`regulars mailchimp connect|status|sync\``
      : `${name} is served by the desktop app; on the command line use \`regulars backup\`, \`regulars restore\`, \`regulars diagnostics\`, or \`--db\` for a shared book`;

/** Never reached (`handle` answers host methods before any handler runs); here so that the map covers the whole contract. */
const servedByHost = (): never => {
  throw new DomainError('internal', 'This method is served by the host around the core');
};

/** The contract's methods wired to their rules: adding a method here gives it to every host. */
const handlers: Handlers = {
  'customers.create': createCustomer,
  'customers.update': updateCustomer,
  'customers.get': (ctx, { id }) => getCustomerDetail(ctx, id),
  'customers.resolve': (ctx, { ref }) => resolveCustomer(ctx, ref),
  'customers.archive': (ctx, { id }) => archiveCustomer(ctx, id),
  'customers.restore': (ctx, { id }) => restoreCustomer(ctx, id),
  'customers.search': searchCustomers,
  'customers.list': listCustomers,
  'customers.repeat': repeatCustomers,
  'customers.timeline': (ctx, { id }) => customerTimeline(ctx, id),
  'customers.bulkCreate': bulkCreateCustomers,
  'customers.merge': mergeCustomers,
  'customers.erase': (ctx, { id }) => eraseCustomer(ctx, id),
  'exports.customers': exportCustomers,
  'exports.sales': exportSales,
  'exports.customer': (ctx, { id }) => exportCustomerData(ctx, id),
  'imports.preview': previewImport,
  'imports.commit': commitImport,
  'imports.undo': (ctx, { batchId }) => undoImport(ctx, batchId),
  'customers.duplicates': (ctx, { limit }) => findDuplicates(ctx, limit),
  'notes.add': addNote,
  'notes.edit': editNote,
  'notes.list': (ctx, { customerId }) => listNotes(ctx, customerId),
  'notes.clearAlert': clearAlert,
  'notes.delete': deleteNote,
  'preferences.get': (ctx, { customerId }) => getPreferences(ctx, customerId),
  'preferences.update': updatePreferences,
  'sales.record': recordSale,
  'sales.void': voidSale,
  'sales.list': (ctx, { customerId }) => listSales(ctx, customerId),
  'cards.issue': issueCard,
  'cards.find': findByCard,
  'loyalty.scheme': getScheme,
  'loyalty.setScheme': setScheme,
  'loyalty.account': (ctx, { customerId }) => getAccount(ctx, customerId),
  'loyalty.adjust': adjustPoints,
  'loyalty.expire': (ctx) => expireAll(ctx),
  'stats.get': getStats,
  'stats.dashboard': (ctx, { months }) => getDashboard(ctx, months),
  'settings.get': getSettings,
  'settings.update': updateSettings,
  'staff.list': listStaff,
  'staff.add': addStaff,
  'staff.update': updateStaff,
  'staff.setPin': setStaffPin,
  'auth.status': authStatus,
  'auth.setupOwner': setupOwner,
  'auth.signIn': signIn,
  'auth.signOut': () => done(null),
  'audit.list': listAudit,
  'consent.set': setConsent,
  'consent.get': (ctx, { customerId }) => getConsent(ctx, customerId),
  'exports.mailchimp': mailchimpExport,
  'segments.list': listSegments,
  'segments.count': (ctx, { conditions }) => countSegment(ctx, conditions),
  'segments.save': saveSegment,
  'segments.delete': (ctx, { id }) => deleteSegment(ctx, id),
  'backups.list': servedByHost,
  'backups.create': servedByHost,
  'backups.restore': servedByHost,
  'diagnostics.create': servedByHost,
  'sharedBook.status': servedByHost,
  'sharedBook.connect': servedByHost,
  'sharedBook.disconnect': servedByHost,
  'book.changes': bookChanges,
  'outbox.status': servedByHost,
  'mailchimp.audiences': servedByHost,
  'mailchimp.connect': servedByHost,
  'mailchimp.disconnect': servedByHost,
  'mailchimp.preview': servedByHost,
  'mailchimp.sync': servedByHost,
  'mailchimp.cancel': servedByHost,
  'imports.progress': servedByHost,
  'mailchimp.status': mailchimpStatus,
  'mailchimp.saveConnection': saveConnection,
  'mailchimp.connection': syncConnection,
  'mailchimp.plan': planSync,
  'mailchimp.startRun': startRun,
  'mailchimp.recordPush': recordPush,
  'mailchimp.recordPull': recordPull,
  'mailchimp.recordDeleted': recordDeleted,
  'mailchimp.finishRun': finishRun,
  'suppression.list': listSuppressions,
  'suppression.add': addSuppression,
  'suppression.remove': removeSuppression,
};

export interface CoreOptions {
  /** Who `call` acts as (typed callers in the same process: tests, the benchmarks); by default the shop's first owner. */
  actor?: Actor | null;
  now?: () => Date;
  /** Where unexpected failures are reported; the caller only ever sees a stable `internal` result. */
  onInternalError?: (method: MethodName, error: Error) => void;
}

/** What a host may ask of one call besides its answer. */
export interface CallOptions {
  /** How far a long write is (an import commit's rows written, of all), as it goes. */
  onProgress?: (done: number, total: number) => void;
}

/** A book's core as every host uses it, whichever engine holds the book. */
export interface BookCore {
  /**
   * For hosts: the core's edge. The input is checked here with the method's schema (`parseCall`),
   * and so is the actor's right to call it; the host passes whoever is signed in at its window (null
   * for nobody). SQLite's rules run synchronously inside it, PostgreSQL's await the server; each
   * write runs in its own transaction.
   */
  handle<K extends MethodName>(method: K, input: InputOf<K>, actor: Actor | null, options?: CallOptions): Promise<Result<BookOutputOf<K>>>;
  /**
   * Runs `read` against one consistent state of the book: every call it makes sees the same committed
   * data, whatever other processes write meanwhile (the command line walks the pages of a long list
   * this way). For one caller that makes its calls one after another, as the command line does: a
   * core whose calls interleave (a worker serving a window) must not hold a snapshot open across them.
   * SQLite: a DEFERRED transaction on the core's connection; PostgreSQL: a REPEATABLE READ one.
   */
  snapshot<T>(read: () => Promise<T>): Promise<T>;
}

export interface Core extends BookCore {
  /**
   * SQLite only: the same call as `handle`, synchronously, acting as `options.actor`. For tests and
   * the benchmarks, which drive the core directly; hosts go through `handle`.
   */
  call<K extends MethodName>(method: K, input: InputOf<K>): Result<BookOutputOf<K>>;
}

/** A call the core will serve: whether it writes, and the rule's work, audit included, for the engine to run. */
export interface PlannedCall<K extends MethodName> {
  kind: 'read' | 'write';
  query: Query<BookOutputOf<K> | CommittedRefusal>;
}

/**
 * The engine-neutral half of a call: access first, then the input, then the rule, with a write's
 * audit entry recorded in the same work. `base` is the engine's part of the rule context.
 */
export function planCall<K extends MethodName>(
  base: Omit<CoreContext, 'actor' | 'actorId' | 'actorLabel'>,
  method: K,
  input: InputOf<K>,
  actor: Actor | null,
): Result<PlannedCall<K>> {
  // Access before input: a refused caller learns nothing about what a valid call would look like.
  const call = parseCall(method, input, (name) => {
    const allowed = authorize(name, actor);
    if (!allowed.ok) return allowed;
    if (isHostMethod(name)) return err('not_found', hostMethodHint(name));
    return allowed;
  });
  if (!call.ok) return call;
  const { parsed } = call.value;
  const ctx: CoreContext = { ...base, actor, actorId: actor?.id ?? null, actorLabel: actorLabelOf(actor) };
  const handler: Handler<K> = handlers[method];
  if (methods[method].kind === 'read') return ok({ kind: 'read', query: handler(ctx, parsed) });
  return ok({
    kind: 'write',
    query: (function* () {
      const before = yield* readBefore(ctx, method, parsed);
      const output = yield* handler(ctx, parsed);
      if (output instanceof CommittedRefusal) {
        yield* recordAudit(ctx, method, parsed, null, null, { refused: output.message });
      } else {
        yield* recordAudit(ctx, method, parsed, output, before);
      }
      return output;
    })(),
  });
}

/** A rule's answer as the contract's result: a refusal that was committed is still a refusal. */
export const resultOf = <T>(output: T | CommittedRefusal): Result<T> =>
  output instanceof CommittedRefusal ? err(output.code, output.message) : ok(output);

/** The owner the core acts as when no actor is given (tests, the benchmarks). */
export const ownerQuery = () => value<number>("SELECT id FROM staff WHERE role = 'owner' ORDER BY id LIMIT 1");

export function createCore(database: OpenedDatabase, options: CoreOptions = {}): Core {
  const parts = sqliteParts(database);
  const ownerId = parts.runNow(ownerQuery());
  const defaultActor: Actor | null = options.actor !== undefined ? options.actor : { id: ownerId ?? null, role: 'owner' };
  const base = { dialect: parts.dialect, search: parts.search, tallies: parts.tallies, now: options.now ?? (() => new Date()) };

  function serve<K extends MethodName>(method: K, input: InputOf<K>, actor: Actor | null, asked: CallOptions = {}): Result<BookOutputOf<K>> {
    const planned = planCall({ ...base, progress: asked.onProgress }, method, input, actor);
    if (!planned.ok) return planned;
    const { kind, query } = planned.value;
    try {
      // IMMEDIATE takes the write lock up front, so two writers (app and CLI) wait on busy_timeout
      // instead of failing when a read lock cannot be upgraded.
      const output = kind === 'write' ? database.sqlite.transaction(() => parts.runNow(query)).immediate() : parts.runNow(query);
      return resultOf(output);
    } catch (error) {
      return failureOf(error, isSqliteConstraint, (failure) => options.onInternalError?.(method, failure));
    }
  }
  async function snapshot<T>(read: () => Promise<T>): Promise<T> {
    // better-sqlite3 has one connection per core, and a transaction is the connection's, not the
    // caller's: a second snapshot, or another caller's calls between BEGIN and COMMIT, would share it.
    if (database.sqlite.inTransaction) throw new Error('A snapshot is already open on this book');
    // DEFERRED: the snapshot is taken at the first read and held until COMMIT, and it takes no write
    // lock. A handler's own transaction inside it becomes a savepoint (better-sqlite3 nests that way).
    database.sqlite.exec('BEGIN DEFERRED');
    try {
      const value = await read();
      database.sqlite.exec('COMMIT');
      return value;
    } catch (error) {
      // SQLite may already have rolled back on its own (a full disk, an interrupted statement).
      if (database.sqlite.inTransaction) database.sqlite.exec('ROLLBACK');
      throw error;
    }
  }

  return {
    handle: async (method, input, actor, options) => serve(method, input, actor, options),
    snapshot,
    call: (method, input) => serve(method, input, defaultActor),
  };
}
