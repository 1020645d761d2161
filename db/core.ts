import type { z } from 'zod';
import {
  isMethodName,
  methods,
  type InputOf,
  type MethodName,
  type OutputOf,
  type ParsedInputOf,
} from '../shared/contract';
import { err, ok, type Result } from '../shared/result';
import { authorize, type Actor } from './access';
import { listAudit, readBefore, recordAudit } from './audit';
import { actorLabelOf, statementCache, type CoreContext } from './context';
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
  searchCustomers,
  updateCustomer,
} from './customers/service';
import { getConsent, setConsent } from './consent/service';
import { findDuplicates } from './customers/duplicates';
import { eraseCustomer } from './customers/erase';
import { exportCustomerData, exportCustomers, exportSales } from './exports/data';
import { mergeCustomers } from './customers/merge';
import { DomainError } from './errors';
import { mailchimpExport } from './exports/mailchimp';
import { commitImport, previewImport, undoImport } from './imports/service';
import { addNote, editNote, listNotes } from './notes/service';
import type { OpenedDatabase } from './open';
import { getPreferences, updatePreferences } from './preferences/service';
import { listSales, recordSale, voidSale } from './sales/service';
import { countSegment, deleteSegment, listSegments, saveSegment } from './segments/service';
import { getSettings, updateSettings } from './settings/service';
import { addStaff, authStatus, CommittedRefusal, listStaff, setStaffPin, setupOwner, signIn, updateStaff } from './staff/service';
import { getDashboard, getStats } from './stats/service';

/**
 * Served by the host around the core (a backup is copied while calls go on; a restore reopens the
 * book; diagnostics read the support log beside it).
 */
export const hostMethods = ['backups.list', 'backups.create', 'backups.restore', 'diagnostics.create'] as const satisfies readonly MethodName[];
export type HostMethodName = (typeof hostMethods)[number];
export type CoreMethodName = Exclude<MethodName, HostMethodName>;
export const isHostMethod = (method: MethodName): method is HostMethodName => (hostMethods as readonly string[]).includes(method);

type Handlers = { [K in CoreMethodName]: (ctx: CoreContext, input: ParsedInputOf<K>) => OutputOf<K> | CommittedRefusal };

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
  'preferences.get': (ctx, { customerId }) => getPreferences(ctx, customerId),
  'preferences.update': updatePreferences,
  'sales.record': recordSale,
  'sales.void': voidSale,
  'sales.list': (ctx, { customerId }) => listSales(ctx, customerId),
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
  'auth.signOut': () => null,
  'audit.list': listAudit,
  'consent.set': setConsent,
  'consent.get': (ctx, { customerId }) => getConsent(ctx, customerId),
  'exports.mailchimp': mailchimpExport,
  'segments.list': listSegments,
  'segments.count': (ctx, { conditions }) => countSegment(ctx, conditions),
  'segments.save': saveSegment,
  'segments.delete': (ctx, { id }) => deleteSegment(ctx, id),
};

export interface CoreOptions {
  /** Who `call` acts as (typed callers in the same process: the CLI, tests); by default the shop's first owner. */
  actor?: Actor | null;
  now?: () => Date;
  /** Where unexpected failures are reported; the caller only ever sees a stable `internal` result. */
  onInternalError?: (method: string, error: unknown) => void;
}

export interface Core {
  /**
   * For hosts: the method name and input come from outside and are checked here, and so is the
   * actor's right to call it. The host passes whoever is signed in at its window (null for nobody).
   */
  handle(method: unknown, input: unknown, actor: Actor | null): Result<unknown>;
  /** For typed callers in the same process (CLI, tests), acting as `options.actor`. */
  call<K extends MethodName>(method: K, input: InputOf<K>): Result<OutputOf<K>>;
}

function validationError(error: z.ZodError) {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  const [first] = error.issues;
  const where = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return err('validation', `${where}${first.message}`, { fields });
}

const SQLITE_CONSTRAINT = /^SQLITE_CONSTRAINT/;

export function createCore(database: OpenedDatabase, options: CoreOptions = {}): Core {
  const ownerId = (database.sqlite.prepare("SELECT id FROM staff WHERE role = 'owner' ORDER BY id LIMIT 1").get() as
    | { id: number }
    | undefined)?.id;
  const defaultActor: Actor | null = options.actor !== undefined ? options.actor : { id: ownerId ?? null, role: 'owner' };
  const base = {
    db: database.db,
    sqlite: database.sqlite,
    now: options.now ?? (() => new Date()),
    prepare: statementCache(database.sqlite),
  };

  function handle(method: unknown, input: unknown, actor: Actor | null): Result<unknown> {
    if (!isMethodName(method)) return err('validation', `Unknown method: ${String(method)}`);
    // Access before input: a refused caller learns nothing about what a valid call would look like.
    const allowed = authorize(method, actor);
    if (!allowed.ok) return allowed;
    if (isHostMethod(method)) return err('not_found', `${method} is served by the desktop app; on the command line use \`regulars backup\`, \`regulars restore\` or \`regulars diagnostics\``);
    const def = methods[method];
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) return validationError(parsed.error);
    const ctx: CoreContext = { ...base, actor, actorId: actor?.id ?? null, actorLabel: actorLabelOf(actor) };
    const handler = handlers[method] as (c: CoreContext, i: unknown) => unknown;
    const run =
      def.kind === 'write'
        ? () => {
            const before = readBefore(ctx, method, parsed.data);
            const output = handler(ctx, parsed.data);
            if (output instanceof CommittedRefusal) {
              recordAudit(ctx, method, parsed.data, null, null, { refused: output.message });
            } else {
              recordAudit(ctx, method, parsed.data, output, before);
            }
            return output;
          }
        : () => handler(ctx, parsed.data);
    try {
      // IMMEDIATE takes the write lock up front, so two writers (app and CLI) wait on busy_timeout
      // instead of failing when a read lock cannot be upgraded.
      const output = def.kind === 'write' ? database.sqlite.transaction(run).immediate() : run();
      return output instanceof CommittedRefusal ? err(output.code, output.message) : ok(output);
    } catch (error) {
      if (error instanceof DomainError) return err(error.code, error.message, error.extra);
      const code = (error as { code?: string }).code;
      if (code && SQLITE_CONSTRAINT.test(code)) return err('conflict', `That change clashes with data already saved (${(error as Error).message})`);
      options.onInternalError?.(method, error);
      return err('internal', 'Something went wrong inside Regulars; nothing was saved. Please try again.');
    }
  }

  return {
    handle,
    call: (method, input) => handle(method, input, defaultActor) as ReturnType<Core['call']>,
  };
}
