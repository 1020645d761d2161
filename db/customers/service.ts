import { getTableColumns } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  Customer,
  CustomerPage,
  CustomerStatus,
  History,
  ParsedInputOf,
  TimelineEvent,
  TimelineKind,
} from '../../shared/contract';
import { cardCode } from '../../shared/contract/cards';
import type { customerFields } from '../../shared/contract/customers';
import { normalisePhone, type NormalisedPhone } from '../../shared/format/phone';
import { formatDateTime } from '../../shared/format/time';
import { nowIso, personOf, readSettings, toStoredTime, type CoreContext } from '../context';
import type { Dialect } from '../dialect';
import { DomainError, invalid, notFound } from '../errors';
import { all, insert, one, run, value, values, type Query } from '../query';
import { customers } from '../schema';
import {
  customerFrom,
  customerSelect,
  customersInOrder,
  cutoff365,
  fullName,
  recentPurchasesSql,
  tierRange,
  toCustomer,
  toHistory,
  type CustomerRow,
} from './rows';
import { resolveSegment } from '../segments/service';
import { type ListIdPage, type ListQuery } from './search';
import { inBulk, listedLeavesOutMerged } from './tallies';
import { requireState } from './lifecycle';

type CustomerFields = z.output<typeof customerFields>;

export function* recordEvent(ctx: CoreContext, customerId: number, kind: TimelineKind, data: Record<string, unknown> = {}): Query<void> {
  yield* run('INSERT INTO timeline_events (customer_id, kind, at, actor_id, actor_label, data) VALUES (?, ?, ?, ?, ?, ?)', [
    customerId,
    kind,
    nowIso(ctx),
    ctx.actorId,
    ctx.actorLabel,
    JSON.stringify(data),
  ]);
}

function loadRow(ctx: CoreContext, id: number): Query<CustomerRow | undefined> {
  return one<CustomerRow>(`SELECT ${customerSelect} FROM ${customerFrom} WHERE c.id = @id`, { id, cutoff365: cutoff365(ctx.now()) });
}

function* requireRow(ctx: CoreContext, id: number): Query<CustomerRow> {
  const row = yield* loadRow(ctx, id);
  if (!row) throw notFound(`Customer ${id}`);
  return row;
}

export function* getCustomer(ctx: CoreContext, id: number): Query<Customer> {
  return toCustomer(yield* requireRow(ctx, id));
}

export function* getCustomerDetail(ctx: CoreContext, id: number): Query<Customer & { history: History }> {
  const row = yield* requireRow(ctx, id);
  return { ...toCustomer(row), history: toHistory(row, ctx.now()) };
}

/**
 * The columns a set of typed fields becomes: phone normalised with the shop's country, birthday split.
 * `phone` is that normalisation when the caller has already made it (an import reads every row first).
 */
function* toColumns(fields: Partial<CustomerFields>, phone?: NormalisedPhone): Query<Partial<typeof customers.$inferInsert>> {
  const columns: Partial<typeof customers.$inferInsert> = {};
  if (fields.firstName !== undefined) columns.firstName = fields.firstName;
  if (fields.lastName !== undefined) columns.lastName = fields.lastName;
  if (fields.phone !== undefined) {
    if (fields.phone === null) {
      Object.assign(columns, { phone: null, phoneE164: null, phoneSearch: null });
    } else if (phone) {
      Object.assign(columns, { phone: fields.phone, phoneE164: phone.e164, phoneSearch: phone.searchDigits });
    } else {
      const { phoneCountry } = (yield* readSettings());
      const normalised = normalisePhone(fields.phone, phoneCountry);
      if (!normalised) throw invalid('phone', `"${fields.phone}" is not a phone number we can read (shop country ${phoneCountry})`);
      Object.assign(columns, { phone: fields.phone, phoneE164: normalised.e164, phoneSearch: normalised.searchDigits });
    }
  }
  if (fields.email !== undefined) columns.email = fields.email;
  if (fields.address !== undefined) columns.address = fields.address;
  if (fields.birthday !== undefined) {
    const parts = fields.birthday?.split('-').map(Number) ?? [];
    const [year, month, day] = parts.length === 3 ? parts : [null, parts[0] ?? null, parts[1] ?? null];
    Object.assign(columns, { birthdayYear: year, birthdayMonth: month, birthdayDay: day });
  }
  if (fields.type !== undefined) columns.type = fields.type;
  if (fields.tags !== undefined) columns.tags = JSON.stringify(fields.tags);
  if (fields.source !== undefined) columns.source = fields.source;
  return columns;
}

/** Phone and email are unique among customers; a clash names who already holds the value. */
function* assertUnique(columns: Partial<typeof customers.$inferInsert>, exceptId?: number): Query<void> {
  const checks: [field: 'phone' | 'email', column: string, value: string | null | undefined, what: string][] = [
    ['phone', 'phone_e164', columns.phoneE164, 'phone number'],
    ['email', 'email', columns.email, 'email address'],
  ];
  for (const [field, column, value, what] of checks) {
    if (!value) continue;
    const holder = yield* one<{ id: number; first_name: string; last_name: string | null }>(
      `SELECT id, first_name, last_name FROM customers WHERE ${column} = ? AND id IS DISTINCT FROM CAST(? AS INTEGER)`,
      [value, exceptId ?? null],
    );
    if (holder) {
      const name = fullName(holder.first_name, holder.last_name);
      const message = `${name} (customer ${holder.id}) already has this ${what}`;
      throw new DomainError('conflict', message, { fields: { [field]: message }, existing: { id: holder.id, name } });
    }
  }
}

export function* createCustomer(ctx: CoreContext, input: ParsedInputOf<'customers.create'>): Query<Customer> {
  return yield* getCustomer(ctx, yield* insertCustomer(ctx, input));
}

export interface InsertOptions {
  /** The typed phone already normalised with the shop's country, when the caller has it. */
  phone?: NormalisedPhone;
  /** An imported opening history, which purchases and total spent include from the start. */
  opening?: { purchases: number; spent: number };
  /**
   * The caller has matched the phone and the email against the book in this same transaction and
   * found no one holding them (an import's plan updates, combines or refuses every row that shares
   * one), so the two reads that would name the holder are skipped: 100,000 rows' worth of them in an
   * import. The unique indexes still refuse a duplicate, and the whole write with it.
   */
  contactsUnheld?: boolean;
}

/** Inserts without reading the customer back: for bulk paths (imports) that only need the id. */
export function* insertCustomer(ctx: CoreContext, input: ParsedInputOf<'customers.create'>, options: InsertOptions = {}): Query<number> {
  const { phone, opening = { purchases: 0, spent: 0 }, contactsUnheld = false } = options;
  const { createdAt, ...fields } = input;
  const columns = yield* toColumns(fields, phone);
  if (!contactsUnheld) yield* assertUnique(columns);
  const now = nowIso(ctx);
  // One fixed statement for every insert (no per-call query building): imports run this 100k times.
  const id = yield* insert(
    `INSERT INTO customers (first_name, last_name, phone, phone_e164, phone_search, email, address,
       birthday_month, birthday_day, birthday_year, type, tags, source, created_at, created_by, created_by_label, updated_at,
       imported_purchases, imported_spent, purchase_count, total_spent)
     VALUES (@firstName, @lastName, @phone, @phoneE164, @phoneSearch, @email, @address,
       @birthdayMonth, @birthdayDay, @birthdayYear, @type, @tags, @source, @createdAt, @createdBy, @createdByLabel, @updatedAt,
       @importedPurchases, @importedSpent, @importedPurchases, @importedSpent)`,
    {
      lastName: null,
      phone: null,
      phoneE164: null,
      phoneSearch: null,
      email: null,
      address: null,
      birthdayMonth: null,
      birthdayDay: null,
      birthdayYear: null,
      source: null,
      ...columns,
      firstName: fields.firstName,
      type: fields.type,
      tags: JSON.stringify(fields.tags),
      createdAt: createdAt ? toStoredTime(createdAt) : now,
      createdBy: ctx.actorId,
      createdByLabel: ctx.actorLabel,
      updatedAt: now,
      importedPurchases: opening.purchases,
      importedSpent: opening.spent,
    },
  );
  yield* run('INSERT INTO customer_preferences (customer_id, updated_at) VALUES (?, ?)', [id, now]);
  yield* recordEvent(ctx, id, 'created');
  return id;
}

/** Columns as the schema names them (`firstName`), set by one UPDATE of customer `id`. */
function updateColumns(id: number, columns: Partial<typeof customers.$inferInsert>): Query<unknown> {
  const schema = getTableColumns(customers);
  const set = Object.entries(columns).filter(([, v]) => v !== undefined);
  const assignments = set.map(([key]) => `${schema[key as keyof typeof schema].name} = @${key}`);
  return run(`UPDATE customers SET ${assignments.join(', ')} WHERE id = @id`, { ...Object.fromEntries(set), id });
}

export function* updateCustomer(ctx: CoreContext, { id, patch, expectedUpdatedAt }: ParsedInputOf<'customers.update'>): Query<Customer> {
  yield* requireState(ctx, id, 'customers.update');
  const before = yield* requireRow(ctx, id);
  const beforeCustomer = toCustomer(before);
  if (expectedUpdatedAt !== undefined && toStoredTime(expectedUpdatedAt) !== before.updated_at) {
    const { locale, timeZone } = yield* readSettings();
    throw new DomainError(
      'conflict',
      `Someone else saved ${beforeCustomer.name}'s details at ${formatDateTime(before.updated_at, locale, timeZone)}, after you opened them. Nothing was saved: open them again to see their change, then make yours.`,
    );
  }
  const columns = yield* toColumns(patch);
  yield* assertUnique(columns, id);
  const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter(
    (key) => JSON.stringify(patch[key] ?? null) !== JSON.stringify(beforeCustomer[key] ?? null),
  );
  if (changed.length === 0) return beforeCustomer;
  yield* updateColumns(id, { ...columns, updatedAt: nowIso(ctx) });
  yield* recordEvent(ctx, id, 'updated', { fields: changed });
  return yield* getCustomer(ctx, id);
}

function* setStatus(ctx: CoreContext, id: number, status: CustomerStatus): Query<Customer> {
  yield* requireState(ctx, id, status === 'archived' ? 'customers.archive' : 'customers.restore');
  yield* run('UPDATE customers SET status = ?, updated_at = ? WHERE id = ?', [status, nowIso(ctx), id]);
  yield* recordEvent(ctx, id, status === 'archived' ? 'archived' : 'restored');
  return yield* getCustomer(ctx, id);
}

export const archiveCustomer = (ctx: CoreContext, id: number): Query<Customer> => setStatus(ctx, id, 'archived');
export const restoreCustomer = (ctx: CoreContext, id: number): Query<Customer> => setStatus(ctx, id, 'active');

/** `<customer>` as people give it: an id, a phone in any format, or an email. */
export function* resolveCustomer(ctx: CoreContext, ref: string): Query<Customer> {
  const text = ref.trim();
  // A card's code first: a scanned card always names its holder, even a numeric one that looks like an id or a phone.
  const code = cardCode.safeParse(text);
  if (code.success) {
    const holder = yield* value<number>('SELECT id FROM customers WHERE card_code = ?', [code.data]);
    if (holder !== undefined) return yield* getCustomer(ctx, holder);
  }
  if (/^[1-9]\d{0,8}$/.test(text)) {
    const row = yield* loadRow(ctx, Number(text));
    if (row) return toCustomer(row);
  }
  let id: number | undefined;
  if (text.includes('@')) {
    id = yield* value<number>('SELECT id FROM customers WHERE email = ?', [text.toLowerCase()]);
  } else {
    const phone = normalisePhone(text, (yield* readSettings()).phoneCountry);
    if (phone) {
      id = yield* value<number>('SELECT id FROM customers WHERE phone_e164 = ?', [phone.e164]);
    }
  }
  if (id === undefined) throw new DomainError('not_found', `No customer matches "${text}" (by card, id, phone or email)`);
  return yield* getCustomer(ctx, id);
}

/** Each sort matches an index on (status, column), ending on the id so that pages never overlap. */
const sortColumns = (d: Dialect): Record<ParsedInputOf<'customers.list'>['sort'], { expr: string; defaultDirection: 'asc' | 'desc' }> => ({
  name: { expr: `${d.nocase('c.first_name')} {dir}, ${d.nocase('c.last_name')} {dir}, c.id {dir}`, defaultDirection: 'asc' },
  spent: { expr: 'c.total_spent {dir}, c.id {dir}', defaultDirection: 'desc' },
  // Never-bought customers sort after everyone who bought, in either direction.
  'last-purchase': { expr: 'c.last_purchase_at {dir} NULLS LAST, c.id {dir}', defaultDirection: 'desc' },
  created: { expr: 'c.created_at {dir}, c.id {dir}', defaultDirection: 'desc' },
});

/** Every customer the list's conditions keep, all counted (by the engine's tallies, where they are all the conditions); the page's ids found before its rows are read. */
function* pageOfAll({ where, params, order, limit, offset }: ListQuery, tallied: Query<number> | null): Query<ListIdPage> {
  const filter = `FROM customers c WHERE ${where.join(' AND ')}`;
  const total = tallied ? yield* tallied : (yield* value<number>(`SELECT count(*) ${filter}`, params))!;
  // Page the ids first, then read full rows for that page only: skipped rows cost an index step, not a row build.
  const ids = yield* values<number>(`SELECT c.id ${filter} ORDER BY ${order} LIMIT @limit OFFSET @offset`, { ...params, limit, offset });
  return { ids, total, totalExact: true };
}

export function* listCustomers(ctx: CoreContext, input: ParsedInputOf<'customers.list'>): Query<CustomerPage> {
  const d = ctx.dialect;
  const where: string[] = ['c.status = @status', 'c.erased_at IS NULL'];
  const cutoff = cutoff365(ctx.now());
  const params: Record<string, unknown> = { status: input.status, cutoff365: cutoff };
  if (listedLeavesOutMerged(input.status)) where.push('c.merged_into IS NULL');
  if (input.type) {
    where.push('c.type = @type');
    params.type = input.type;
  }
  if (input.tag) {
    where.push(`EXISTS (SELECT 1 FROM ${d.jsonTexts('c.tags', 'tag')} WHERE ${d.nocase('tag.value')} = ${d.nocase('@tag')})`);
    params.tag = input.tag;
  }
  if (input.segment) {
    const { filter } = (yield* resolveSegment(ctx, input.segment));
    where.push(`(${filter.clause})`);
    Object.assign(params, filter.params);
  }
  if (input.tier) {
    [params.tierMin, params.tierMax] = tierRange[input.tier];
    where.push(`${recentPurchasesSql()} BETWEEN @tierMin AND @tierMax`);
  }
  const sort = sortColumns(d)[input.sort];
  const order = sort.expr.replaceAll('{dir}', (input.direction ?? sort.defaultDirection).toUpperCase());
  const query: ListQuery = { where, params, order, limit: input.limit, offset: input.offset };
  const tallied = input.tag || input.segment || input.tier ? null : ctx.tallies.listed(input.status, input.type);
  const { ids, total, totalExact } = input.search ? yield* ctx.search.pageOfMatches(input.search, query) : yield* pageOfAll(query, tallied);
  return { rows: yield* customersInOrder(ctx, ids, cutoff), total, totalExact, offset: input.offset };
}

/** Customers with two or more purchases, best first. */
export function* repeatCustomers(ctx: CoreContext, input: ParsedInputOf<'customers.repeat'>): Query<CustomerPage> {
  const params = { cutoff365: cutoff365(ctx.now()), limit: input.limit, offset: input.offset };
  const where = "c.status = 'active' AND c.purchase_count >= 2";
  const total = (yield* value<number>(`SELECT count(*) AS n FROM customers c WHERE ${where}`))!;
  const rows = yield* all<CustomerRow>(
    `SELECT ${customerSelect} FROM ${customerFrom} WHERE ${where}
     ORDER BY c.purchase_count DESC, c.total_spent DESC, c.id LIMIT @limit OFFSET @offset`,
    params,
  );
  return { rows: rows.map(toCustomer), total, totalExact: true, offset: input.offset };
}

export function* customerTimeline(ctx: CoreContext, id: number): Query<TimelineEvent[]> {
  yield* requireRow(ctx, id);
  const rows = yield* all<{
    id: number;
    customer_id: number;
    kind: TimelineEvent['kind'];
    at: string;
    actor_id: number | null;
    actor_name: string | null;
    actor_label: string | null;
    data: string;
  }>(
    `SELECT t.id, t.customer_id, t.kind, t.at, t.actor_id, s.name AS actor_name, t.actor_label, t.data
     FROM timeline_events t LEFT JOIN staff s ON s.id = t.actor_id
     WHERE t.customer_id = ? ORDER BY t.at DESC, t.id DESC`,
    [id],
  );
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    kind: r.kind,
    at: r.at,
    actor: personOf(r.actor_id, r.actor_name, r.actor_label),
    data: safeObject(r.data),
  }));
}

function safeObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function* bulkCreateCustomers(ctx: CoreContext, input: ParsedInputOf<'customers.bulkCreate'>): Query<{ created: number }> {
  // Up to 100,000 at once: the engine's search index and tallies are written once for all of them.
  yield* inBulk(ctx, function* () {
    for (const [index, customer] of input.customers.entries()) {
      try {
        yield* insertCustomer(ctx, customer);
      } catch (error) {
        if (error instanceof DomainError) {
          throw new DomainError(error.code, `Row ${index + 1}: ${error.message}`, error.extra);
        }
        throw error;
      }
    }
  });
  return { created: input.customers.length };
}
