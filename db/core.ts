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
import { statementCache, type CoreContext } from './context';
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
import { recordAudit } from './audit';
import { DomainError } from './errors';
import { mailchimpExport } from './exports/mailchimp';
import { commitImport, previewImport, undoImport } from './imports/service';
import { addNote, editNote, listNotes } from './notes/service';
import type { OpenedDatabase } from './open';
import { getPreferences, updatePreferences } from './preferences/service';
import { listSales, recordSale, voidSale } from './sales/service';
import { countSegment, deleteSegment, listSegments, saveSegment } from './segments/service';
import { getSettings, updateSettings } from './settings/service';
import { listStaff } from './staff/service';
import { getDashboard, getStats } from './stats/service';

type Handlers = { [K in MethodName]: (ctx: CoreContext, input: ParsedInputOf<K>) => OutputOf<K> };

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
  'consent.set': setConsent,
  'consent.get': (ctx, { customerId }) => getConsent(ctx, customerId),
  'exports.mailchimp': mailchimpExport,
  'segments.list': listSegments,
  'segments.count': (ctx, { conditions }) => countSegment(ctx, conditions),
  'segments.save': saveSegment,
  'segments.delete': (ctx, { id }) => deleteSegment(ctx, id),
};

export interface CoreOptions {
  /** The member of staff acting; until sign-in exists, the owner. */
  actorId?: number;
  now?: () => Date;
  /** Where unexpected failures are reported; the caller only ever sees a stable `internal` result. */
  onInternalError?: (method: string, error: unknown) => void;
}

export interface Core {
  /** For hosts: the method name and input come from outside and are checked here. */
  handle(method: unknown, input: unknown): Result<unknown>;
  /** For typed callers in the same process (CLI, tests). */
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
  const ctx: CoreContext = {
    db: database.db,
    sqlite: database.sqlite,
    actorId: options.actorId ?? ownerId ?? 1,
    now: options.now ?? (() => new Date()),
    prepare: statementCache(database.sqlite),
  };

  function handle(method: unknown, input: unknown): Result<unknown> {
    if (!isMethodName(method)) return err('validation', `Unknown method: ${String(method)}`);
    const def = methods[method];
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) return validationError(parsed.error);
    const handler = handlers[method] as (c: CoreContext, i: unknown) => unknown;
    const run =
      def.kind === 'write'
        ? () => {
            const output = handler(ctx, parsed.data);
            recordAudit(ctx, method, parsed.data, output);
            return output;
          }
        : () => handler(ctx, parsed.data);
    try {
      // IMMEDIATE takes the write lock up front, so two writers (app and CLI) wait on busy_timeout
      // instead of failing when a read lock cannot be upgraded.
      return ok(def.kind === 'write' ? database.sqlite.transaction(run).immediate() : run());
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
    call: (method, input) => handle(method, input) as ReturnType<Core['call']>,
  };
}
