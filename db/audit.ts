import type { AuditEntityType, AuditEntry, AuditPage, MethodName, ParsedInputOf } from '../shared/contract';
import { nowIso, type CoreContext } from './context';
import { all, insert, one, run, type Query } from './query';

type Loose = Record<string, unknown> | null | undefined;

const asRecord = (value: unknown): Loose => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

/** A sale or note is recorded against a customer: the entry is about that customer, so filtering by the customer finds it. */
const entityTypeByMethod: Partial<Record<MethodName, AuditEntityType>> = {
  'sales.record': 'customer',
  'notes.add': 'customer',
  'cards.issue': 'customer',
  'loyalty.adjust': 'customer',
  'loyalty.setScheme': 'settings',
};

const entityTypeByDomain: Record<string, AuditEntityType> = {
  customers: 'customer',
  preferences: 'customer',
  consent: 'customer',
  sales: 'sale',
  notes: 'note',
  staff: 'staff',
  auth: 'staff',
  settings: 'settings',
  imports: 'import',
  segments: 'segment',
  exports: 'export',
  backups: 'backup',
  cards: 'customer',
  // An adjustment names its customer; a sweep of lapsed points is about customers too, many at once.
  loyalty: 'customer',
  // The connection is kept in the settings; a run is about the whole audience.
  mailchimp: 'settings',
};

/**
 * A suppression is about the customer who holds the contact, when one does (their history in the log
 * shows it); an address nobody in the book holds is the shop's own list, filed with its settings.
 */
const suppressionEntity = (output: Loose): { type: AuditEntityType; id: number | null } =>
  typeof output?.customerId === 'number' ? { type: 'customer', id: output.customerId } : { type: 'settings', id: null };

/** Which customer (or sale, note…) a write was about, from its input or its result. */
function entityOf(input: Loose, output: Loose): number | null {
  for (const candidate of [input?.id, input?.customerId, input?.keepId, input?.staffId, asRecord(output?.customer)?.id, output?.id, output?.customerId, output?.batchId]) {
    if (typeof candidate === 'number') return candidate;
  }
  return null;
}

/** What to keep about a write besides changed values: field names and counts, never personal values. */
function detailsOf(method: MethodName, input: Loose, output: Loose): Record<string, unknown> {
  if (method === 'mailchimp.finishRun') return { outcome: input?.outcome ?? null, counts: input?.counts ?? null };
  // The address is personal data, kept on the list itself (masked once its customer is erased), never here.
  if (method === 'suppression.add') return { kind: input?.kind ?? null, fields: Object.keys(input ?? {}) };
  // Lifting a suppression needs a new consent: how it was given and the words are its proof.
  if (method === 'suppression.remove') return { method: input?.method ?? null, wording: input?.wording ?? null };
  if (method.startsWith('exports.')) {
    return { segment: input?.segment ?? null, format: input?.format ?? null, rows: output?.exported ?? output?.rows ?? (output?.customer ? 1 : null) };
  }
  // A deleted note's entry is filed under the note; whose it was is said here, as nothing else in the book says it any more.
  if (method === 'notes.delete') return { customerId: output?.customerId ?? null };
  const patch = asRecord(input?.patch) ?? asRecord(input?.newCustomer);
  return { fields: Object.keys(patch ?? input ?? {}).filter((key) => key !== 'contentBase64' && key !== 'pin') };
}

/**
 * The rows an update touches, read before and after it so the log can say what each field was and
 * became. `customerId` says whose personal data the values are, so that erasure can remove them.
 */
interface Snapshot {
  table: 'customers' | 'customer_preferences' | 'notes' | 'sales' | 'settings' | 'staff';
  key: 'id' | 'customer_id';
  id: number;
}

const snapshotOf: Partial<Record<MethodName, (input: Record<string, unknown>) => Snapshot | null>> = {
  'customers.update': (i) => ({ table: 'customers', key: 'id', id: i.id as number }),
  'cards.issue': (i) => ({ table: 'customers', key: 'id', id: i.customerId as number }),
  'customers.archive': (i) => ({ table: 'customers', key: 'id', id: i.id as number }),
  'customers.restore': (i) => ({ table: 'customers', key: 'id', id: i.id as number }),
  'consent.set': (i) => ({ table: 'customers', key: 'id', id: i.customerId as number }),
  'preferences.update': (i) => ({ table: 'customer_preferences', key: 'customer_id', id: i.customerId as number }),
  'notes.edit': (i) => ({ table: 'notes', key: 'id', id: i.id as number }),
  'notes.clearAlert': (i) => ({ table: 'notes', key: 'id', id: i.id as number }),
  // Not notes.delete: its before-values would be the very text the owner is deleting.
  'sales.void': (i) => ({ table: 'sales', key: 'id', id: i.id as number }),
  'settings.update': () => ({ table: 'settings', key: 'id', id: 1 }),
  'loyalty.setScheme': () => ({ table: 'settings', key: 'id', id: 1 }),
  'staff.update': (i) => ({ table: 'staff', key: 'id', id: i.id as number }),
  'staff.setPin': (i) => ({ table: 'staff', key: 'id', id: i.id as number }),
};

/**
 * A sync's steps, written as it goes: the log keeps the run (`mailchimp.finishRun`, with its counts),
 * and each consent a step brings home is its own record; an entry for every batch of 500 would bury the rest.
 */
export const unauditedMethods: ReadonlySet<MethodName> = new Set<MethodName>(['mailchimp.startRun', 'mailchimp.recordPush', 'mailchimp.recordPull', 'mailchimp.recordDeleted']);

/** Columns the app keeps for itself (the time of a write, wrong PIN tries): they say nothing about what the person changed. */
const unremarkable = new Set(['updated_at', 'failed_attempts', 'locked_until']);
/** Never copied into the log, only marked as changed. */
const secret = new Set(['pin_hash']);

export interface BeforeImage {
  snapshot: Snapshot;
  row: Record<string, unknown> | undefined;
}

export function* readBefore(_ctx: CoreContext, method: MethodName, input: unknown): Query<BeforeImage | null> {
  const record = asRecord(input);
  const snapshot = record ? snapshotOf[method]?.(record) : null;
  if (!snapshot || typeof snapshot.id !== 'number') return null;
  return { snapshot, row: yield* readRow(snapshot) };
}

const readRow = (s: Snapshot) => one<Record<string, unknown>>(`SELECT * FROM ${s.table} WHERE ${s.key} = ?`, [s.id]);

function customerIdOf(snapshot: Snapshot, row: Record<string, unknown> | undefined): number | null {
  if (snapshot.table === 'customers') return snapshot.id;
  const id = row?.customer_id;
  return typeof id === 'number' ? id : null;
}

/** Appends one entry, in the write's own transaction: the entry and the change land together or not at all. */
export function* recordAudit(
  ctx: CoreContext,
  method: MethodName,
  input: unknown,
  output: unknown,
  before: BeforeImage | null = null,
  extra: Record<string, unknown> = {},
): Query<void> {
  if (unauditedMethods.has(method)) return;
  const inputRecord = asRecord(input);
  const outputRecord = asRecord(output);
  const entity = method.startsWith('suppression.')
    ? suppressionEntity(outputRecord)
    : { type: entityTypeByMethod[method] ?? entityTypeByDomain[method.split('.')[0]] ?? null, id: entityOf(inputRecord, outputRecord) };
  const entryId = yield* insert(
    'INSERT INTO audit_log (at, actor_id, actor_label, method, entity_type, entity_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [
      nowIso(ctx),
      ctx.actorId,
      ctx.actorLabel,
      method,
      entity.type,
      entity.id,
      JSON.stringify({ ...detailsOf(method, inputRecord, outputRecord), ...extra }),
    ],
  );
  if (!before) return;
  const after = yield* readRow(before.snapshot);
  const customerId = customerIdOf(before.snapshot, after ?? before.row);
  const changeSql = 'INSERT INTO audit_changes (entry_id, customer_id, field, before, after) VALUES (?, ?, ?, ?, ?)';
  for (const field of new Set([...Object.keys(before.row ?? {}), ...Object.keys(after ?? {})])) {
    if (unremarkable.has(field)) continue;
    const was = before.row?.[field] ?? null;
    const now = after?.[field] ?? null;
    if (was === now) continue;
    if (secret.has(field)) yield* run(changeSql, [entryId, null, field, JSON.stringify('(hidden)'), JSON.stringify('(changed)')]);
    else yield* run(changeSql, [entryId, customerId, field, JSON.stringify(was), JSON.stringify(now)]);
  }
}

interface EntryRow {
  id: number;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  actor_label: string | null;
  method: string;
  entity_type: AuditEntityType | null;
  entity_id: number | null;
  details: string;
}

const parseJson = (text: string | null): unknown => {
  if (text == null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** Newest first, filtered by person, entity and date, paged by id so new entries never shift a page. */
export function* listAudit(_ctx: CoreContext, input: ParsedInputOf<'audit.list'>): Query<AuditPage> {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: input.limit + 1 };
  if (input.actorId !== undefined) {
    where.push('a.actor_id = @actorId');
    params.actorId = input.actorId;
  }
  if (input.entityType !== undefined) {
    where.push('a.entity_type = @entityType');
    params.entityType = input.entityType;
  }
  if (input.entityId !== undefined) {
    where.push('a.entity_id = @entityId');
    params.entityId = input.entityId;
  }
  if (input.from !== undefined) {
    where.push('a.at >= @from');
    params.from = new Date(input.from).toISOString();
  }
  if (input.to !== undefined) {
    where.push('a.at <= @to');
    params.to = new Date(input.to).toISOString();
  }
  if (input.beforeId !== undefined) {
    where.push('a.id < @beforeId');
    params.beforeId = input.beforeId;
  }
  const rows = yield* all<EntryRow>(
    `SELECT a.id, a.at, a.actor_id, s.name AS actor_name, a.actor_label, a.method, a.entity_type, a.entity_id, a.details
     FROM audit_log a LEFT JOIN staff s ON s.id = a.actor_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY a.id DESC LIMIT @limit`,
    params,
  );
  const page = rows.slice(0, input.limit);
  const changes = new Map<number, AuditEntry['changes']>();
  if (page.length > 0) {
    const changeRows = yield* all<{ entry_id: number; field: string; before: string | null; after: string | null }>(
      `SELECT entry_id, field, before, after FROM audit_changes WHERE entry_id BETWEEN ? AND ? ORDER BY id`,
      [page[page.length - 1].id, page[0].id],
    );
    for (const c of changeRows) {
      const list = changes.get(c.entry_id) ?? [];
      list.push({ field: c.field, before: parseJson(c.before), after: parseJson(c.after) });
      changes.set(c.entry_id, list);
    }
  }
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at,
      actor: { id: r.actor_id, name: r.actor_name ?? r.actor_label ?? 'Nobody signed in' },
      method: r.method,
      entityType: r.entity_type,
      entityId: r.entity_id,
      details: (parseJson(r.details) as Record<string, unknown>) ?? {},
      changes: changes.get(r.id) ?? [],
    })),
    nextBeforeId: rows.length > input.limit ? page[page.length - 1].id : null,
  };
}
