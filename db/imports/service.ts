import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import {
  createCustomerInput,
  importMaxBytes,
  importSizeRule,
  type ImportField,
  type ImportPreview,
  type ImportReport,
  type ImportRowPlan,
  type ParsedInputOf,
  type SettableConsentStatus,
} from '../../shared/contract';
import { normalisePhone, type NormalisedPhone } from '../../shared/format/phone';
import { nowIso, readSettings, type CoreContext } from '../context';
import { recordConsent, type ConsentSubject } from '../consent/service';
import { insertCustomer, updateCustomer } from '../customers/service';
import { requireState } from '../customers/lifecycle';
import { DomainError } from '../errors';
import { inBulk } from '../customers/tallies';
import { insertNote } from '../notes/service';
import { all, insert, one, run, type Query } from '../query';
import { decode, looksGarbled } from './decode';
import { addressParts, dateOrderFor, defaultMapping, detectFormat, mailchimpFileConsent, readAmount, readConsent, readCount, readDate, splitName } from './formats';

type Input = ParsedInputOf<'imports.commit'>;
type CustomerInput = ParsedInputOf<'customers.create'>;

interface PlannedRow extends ImportRowPlan {
  customer: CustomerInput | null;
  /** The customer's phone as normalised while planning, so that committing does not do it again. */
  normalisedPhone: NormalisedPhone | null;
  note: string | null;
  emailConsent: SettableConsentStatus | null;
  smsConsent: SettableConsentStatus | null;
  /** An opening history from the file's totals columns; null where the file gives none. */
  openingPurchases: number | null;
  openingSpent: number | null;
  /** A digest of the whole line, kept only where it carries totals: the same line twice must not count them twice. */
  lineDigest: string | null;
}

interface Plan extends Omit<ImportPreview, 'rows' | 'counts'> {
  rows: PlannedRow[];
}

const foldName = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
/** Excel-proofing apostrophes ('+233…, '0012) are not part of the value. */
const clean = (value: string | undefined) => (value ?? '').replace(/^'+/, '').trim();

/** Import files come from anywhere: these bounds turn a wrong or hostile file into a clear refusal, not a frozen till. */
export const IMPORT_MAX_LINE = 64 * 1024;

const refuse = (fileName: string, why: string) => new DomainError('validation', `${fileName} cannot be imported: ${why}. Nothing was imported.`, { fields: { contentBase64: why } });

/** NUL and other C0 controls (tab, CR and LF aside) do not occur in a spreadsheet's CSV; a few in the first 8,000 characters mean binary data. */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const code = head.charCodeAt(i);
    if (code === 0) return true;
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) controls++;
  }
  return controls > head.length / 100;
}

function longestLine(text: string): { length: number; line: number } {
  let longest = { length: 0, line: 1 };
  let start = 0;
  let line = 1;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      if (i - start > longest.length) longest = { length: i - start, line };
      start = i + 1;
      line++;
    }
  }
  return longest;
}

/**
 * Decodes and checks the file, then parses it, handing each row to `onRow` as it is read: a 100k-row
 * file's rows are never all held as parsed objects at once (the garbage collector copied every one of
 * them: planning took about a quarter longer).
 */
function readRows(input: Input, onRow: (raw: Record<string, string>, index: number, file: { headers: string[]; garbled: boolean }) => void) {
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length > importMaxBytes) throw refuse(input.fileName, `it is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, and ${importSizeRule}`);
  if (bytes.length === 0) throw refuse(input.fileName, 'the file is empty');
  const { text, encoding } = decode(bytes, input.encoding);
  if (looksBinary(text)) throw refuse(input.fileName, 'it is not a text file (it looks like binary data). Export a CSV from your spreadsheet or shop system');
  const longest = longestLine(text);
  if (longest.length > IMPORT_MAX_LINE) {
    throw refuse(input.fileName, `line ${longest.line} is ${longest.length.toLocaleString('en')} characters long, more than any customer row (at most ${IMPORT_MAX_LINE / 1024} KB). It may not be a CSV, or a quote may be missing`);
  }
  // Rows are checked one by one only when the whole text has something that looks garbled somewhere.
  const file = { headers: [] as string[], garbled: looksGarbled(text) };
  let count = 0;
  let unclosedQuoteRow: number | null = null;
  Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
    step: (result) => {
      for (const error of result.errors) if (error.code === 'MissingQuotes') unclosedQuoteRow ??= count + 1;
      if (count === 0) file.headers = result.meta.fields ?? Object.keys(result.data);
      onRow(result.data, count++, file);
    },
    complete: (result) => {
      file.headers = result.meta.fields ?? file.headers;
    },
  });
  if (unclosedQuoteRow !== null) throw refuse(input.fileName, `a quote opened in row ${unclosedQuoteRow} is never closed, so the rows after it cannot be told apart`);
  return { encoding, headers: file.headers, count };
}

/** What two rows that share an email or phone disagree on, so that they cannot be one customer; null when they can. */
function clashBetween(a: PlannedRow, b: PlannedRow): string | null {
  if (a.email && b.email && a.email !== b.email) return 'email';
  if (a.phone && b.phone && a.phone !== b.phone) return 'phone';
  if (!a.customer || !b.customer) return null;
  if (foldName(a.customer.firstName) !== foldName(b.customer.firstName)) return 'first name';
  if (a.customer.lastName && b.customer.lastName && foldName(a.customer.lastName) !== foldName(b.customer.lastName)) return 'last name';
  const [x, y] = [a.customer.birthday, b.customer.birthday];
  // 03-04 and 1990-03-04 agree: one row gives the year, the other not.
  if (x && y && x !== y && !x.endsWith(`-${y}`) && !y.endsWith(`-${x}`)) return 'birthday';
  return null;
}

const sum = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));

/**
 * Folds `row` into `earlier` (the same person on two rows, as Shopify writes someone once with a
 * phone and once with an email): the earlier row's details stand, the later one fills the gaps, notes
 * are joined, and totals are added (they are two records in the system the file came from).
 */
function combine(earlier: PlannedRow, row: PlannedRow): void {
  if (row.lineDigest !== null && row.lineDigest === earlier.lineDigest) {
    row.action = 'skip';
    row.warnings.push(`The same line as row ${earlier.row}: left out, so its totals count once`);
    return;
  }
  earlier.customer = { ...row.customer, ...Object.fromEntries(Object.entries(earlier.customer!).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))) } as CustomerInput;
  earlier.email ??= row.email;
  earlier.phone ??= row.phone;
  earlier.normalisedPhone ??= row.normalisedPhone;
  earlier.note = [earlier.note, row.note].filter(Boolean).join('\n') || null;
  earlier.emailConsent ??= row.emailConsent;
  earlier.smsConsent ??= row.smsConsent;
  earlier.openingPurchases = sum(earlier.openingPurchases, row.openingPurchases);
  earlier.openingSpent = sum(earlier.openingSpent, row.openingSpent);
  earlier.name = [earlier.customer.firstName, earlier.customer.lastName].filter(Boolean).join(' ');
  row.action = 'skip';
  row.warnings.push(`The same person as row ${earlier.row}: combined into it`);
}

const refuseRow = (row: PlannedRow, message: string) => {
  row.action = 'invalid';
  row.errors.push(message);
};

/**
 * Reads, maps, validates and matches every row, writing nothing. Preview and commit both come from
 * here, so a plan with no invalid row is one the commit carries out exactly: every clash a write
 * would meet (one email or phone on two customers) is found here first.
 */
function* plan(ctx: CoreContext, input: Input): Query<Plan> {
  const { phoneCountry, currency, locale } = yield* readSettings();
  const byEmail = new Map<string, PlannedRow>();
  const byPhone = new Map<string, PlannedRow>();
  const byNameMissingOne = new Map<string, PlannedRow>();
  const planned: PlannedRow[] = [];

  /** The file's format and mapping, from its headers; throws when the mapping names a column the file lacks. */
  const setUp = (headers: string[]) => {
    if (headers.length === 0) throw new DomainError('validation', `${input.fileName} has no header row`);
    const format = input.format === 'auto' ? detectFormat(headers) : input.format;
    const mapping = { ...defaultMapping(format, headers), ...input.mapping };
    for (const [field, header] of Object.entries(mapping)) {
      if (header && !headers.includes(header)) throw new DomainError('validation', `Column "${header}" (for ${field}) is not in the file`, { fields: { [`mapping.${field}`]: 'Not a column of this file' } });
    }
    const fileConsent = format === 'mailchimp' ? mailchimpFileConsent(headers) : null;
    const get = (row: Record<string, string>, field: ImportField) => (mapping[field] ? clean(row[mapping[field]!]) : '');
    const dateOrder = dateOrderFor(format, input.dateOrder, phoneCountry, locale);
    return { format, mapping, fileConsent, get, dateOrder };
  };
  // Set up from the first row's headers. A refusal found there is thrown once the whole file is read,
  // so that a quote never closed is still reported first, as the file's own fault.
  let setup: ReturnType<typeof setUp> | null = null;
  let refusal: unknown = null;

  /** Indexes a row that will write a customer by its email, phone and (lacking one of them) name. */
  const indexRow = (row: PlannedRow) => {
    if (row.email) byEmail.set(row.email, row);
    if (row.phone) byPhone.set(row.phone, row);
    if ((!row.email || !row.phone) && row.name) byNameMissingOne.set(foldName(row.name), row);
  };

  const planRow = (raw: Record<string, string>, index: number, garbled: boolean, { format, fileConsent, get, dateOrder }: ReturnType<typeof setUp>) => {
    const errors: string[] = [];
    const warnings: string[] = [];
    const extraAddress = (addressParts[format] ?? []).map((h) => clean(raw[h])).filter(Boolean);
    const address = [get(raw, 'address'), ...extraAddress].filter(Boolean).join(', ');
    let firstName = get(raw, 'firstName');
    let lastName = get(raw, 'lastName');
    if (!firstName && get(raw, 'name')) {
      const split = splitName(get(raw, 'name'));
      firstName = split.firstName;
      lastName ||= split.lastName;
    }
    const date = readDate(get(raw, 'birthday'), dateOrder);
    if (!date.ok) errors.push(date.message);
    const openingPurchases = readCount(get(raw, 'openingPurchases'), 'total orders');
    if (!openingPurchases.ok) errors.push(openingPurchases.message);
    const openingSpent = readAmount(get(raw, 'openingSpent'), currency, 'total spent');
    if (!openingSpent.ok) errors.push(openingSpent.message);
    const candidate = {
      firstName,
      lastName,
      phone: get(raw, 'phone'),
      email: get(raw, 'email').toLowerCase(),
      address,
      birthday: date.ok ? date.birthday ?? '' : '',
      tags: get(raw, 'tags').split(',').map((t) => t.trim()).filter(Boolean),
      source: get(raw, 'source'),
    };
    if (garbled && Object.values(raw).some((v) => typeof v === 'string' && looksGarbled(v))) warnings.push('Some text looks garbled: check the file encoding');
    const parsed = createCustomerInput.safeParse(candidate);
    if (!parsed.success) for (const issue of parsed.error.issues) errors.push(`${issue.path.join('.') || 'row'}: ${issue.message}`);
    const phone = candidate.phone ? normalisePhone(candidate.phone, phoneCountry) : null;
    if (candidate.phone && !phone) errors.push(`phone: "${candidate.phone}" is not a phone number we can read`);
    const email = parsed.success ? parsed.data.email ?? null : null;
    const row: PlannedRow = {
      row: index + 1,
      action: errors.length > 0 ? 'invalid' : 'create',
      customerId: null,
      name: [candidate.firstName, candidate.lastName].filter(Boolean).join(' '),
      email,
      phone: phone?.e164 ?? null,
      errors,
      warnings,
      customer: parsed.success ? parsed.data : null,
      normalisedPhone: phone,
      note: get(raw, 'note') || null,
      emailConsent: fileConsent ?? readConsent(get(raw, 'emailConsent')),
      smsConsent: readConsent(get(raw, 'smsConsent')),
      openingPurchases: openingPurchases.ok ? openingPurchases.count : null,
      openingSpent: openingSpent.ok ? openingSpent.minor : null,
      lineDigest: (openingPurchases.ok && openingPurchases.count !== null) || (openingSpent.ok && openingSpent.minor !== null) ? createHash('sha1').update(JSON.stringify(raw)).digest('base64') : null,
    };
    planned.push(row);
    if (row.action === 'invalid') return;

    // The same person twice in one file: rows sharing an email or phone are one person, combined, or
    // else a clash no customer book can hold (one email on two customers), refused here.
    const byEmailRow = email ? byEmail.get(email) : undefined;
    const byPhoneRow = row.phone ? byPhone.get(row.phone) : undefined;
    if (byEmailRow && byPhoneRow && byEmailRow !== byPhoneRow) {
      return refuseRow(row, `Its email is also in row ${byEmailRow.row} and its phone in row ${byPhoneRow.row}, which are different customers: rows ${byEmailRow.row}, ${byPhoneRow.row} and ${row.row} cannot be told apart`);
    }
    const sharing = byEmailRow ?? byPhoneRow;
    if (sharing) {
      const clash = clashBetween(sharing, row);
      if (clash) {
        const shared = byEmailRow ? 'email' : 'phone';
        return refuseRow(row, `Rows ${sharing.row} and ${row.row} have the same ${shared} but a different ${clash}, so they cannot be one customer: fix one of them`);
      }
      combine(sharing, row);
      return indexRow(sharing);
    }
    // By name only when the row lacks an email or a phone, and only when nothing disagrees: two people
    // may share a name.
    const nameKey = !email || !row.phone ? foldName(row.name) : null;
    const namesake = nameKey !== null ? byNameMissingOne.get(nameKey) : undefined;
    if (namesake && (!namesake.email || !namesake.phone) && clashBetween(namesake, row) === null) {
      combine(namesake, row);
      return indexRow(namesake);
    }
    indexRow(row);
  };

  const { encoding, headers, count } = readRows(input, (raw, rowIndex, file) => {
    if (refusal !== null) return;
    try {
      setup ??= setUp(file.headers);
    } catch (error) {
      refusal = error;
      return;
    }
    planRow(raw, rowIndex, file.garbled, setup);
  });
  if (refusal !== null) throw refusal;
  setup ??= setUp(headers);

  // Every new row matched against the book by email or phone in one statement, not one a row (for
  // 100,000 rows, a fifth of the time). Every record holding the email or phone is found, whatever its
  // state: the commit's uniqueness check sees them all.
  const creating = planned.filter((row) => row.action === 'create');
  const existing = new Map<number, { id: number; gone: string | null }[]>();
  // Each row's place in `creating` travels with it (i), as the array index does not on every engine.
  const d = ctx.dialect;
  const found = yield* all<{ i: number; id: number; gone: string | null }>(
    `SELECT CAST(${d.jsonText('j.value', 'i')} AS INTEGER) AS i, c.id,
       CASE WHEN c.erased_at IS NOT NULL THEN 'erased' WHEN c.merged_into IS NOT NULL THEN 'merged' END AS gone
     FROM ${d.jsonTexts('?', 'j')}
     JOIN customers c ON c.email = ${d.jsonText('j.value', 'email')} OR c.phone_e164 = ${d.jsonText('j.value', 'phone')}`,
    [JSON.stringify(creating.map((row, i) => ({ i, email: row.email, phone: row.phone })))],
  );
  for (const match of found) {
    const matches = existing.get(match.i);
    if (matches) matches.push(match);
    else existing.set(match.i, [match]);
  }
  const updating = new Map<number, PlannedRow>();
  creating.forEach((row, i) => {
    const matches = existing.get(i) ?? [];
    if (matches.length > 1) return refuseRow(row, `Its email and phone belong to two different customers (${matches.map((m) => m.id).join(' and ')})`);
    if (matches.length === 0) return;
    const [{ id, gone }] = matches;
    if (gone) return refuseRow(row, `Its ${row.email ? 'email or phone' : 'phone'} belongs to customer ${id}, whose record was ${gone}`);
    row.customerId = id;
    if (input.onDuplicate === 'skip') {
      row.action = 'skip';
      return;
    }
    // Two rows updating one customer are one person, or they would overwrite each other.
    const earlier = updating.get(id);
    if (!earlier) {
      row.action = 'update';
      updating.set(id, row);
      return;
    }
    const clash = clashBetween(earlier, row);
    if (clash) return refuseRow(row, `Rows ${earlier.row} and ${row.row} both match customer ${id} but have a different ${clash}, so they cannot both update it: fix one of them`);
    combine(earlier, row);
  });
  return { format: setup.format, encoding, headers, mapping: setup.mapping, dateOrder: setup.dateOrder, totalRows: count, rows: planned };
}

const countActions = (rows: ImportRowPlan[]) => ({
  create: rows.filter((r) => r.action === 'create').length,
  update: rows.filter((r) => r.action === 'update').length,
  skip: rows.filter((r) => r.action === 'skip').length,
  invalid: rows.filter((r) => r.action === 'invalid').length,
});

const publicRow = ({ customer: _c, normalisedPhone: _p, note: _n, emailConsent: _e, smsConsent: _s, openingPurchases: _op, openingSpent: _os, lineDigest: _d, ...row }: PlannedRow): ImportRowPlan => row;

export function* previewImport(ctx: CoreContext, input: Input): Query<ImportPreview> {
  const { rows, ...rest } = yield* plan(ctx, input);
  const shown = rows.filter((r, i) => i < 200 || r.errors.length > 0 || r.warnings.length > 0).map(publicRow);
  return { ...rest, counts: countActions(rows), rows: shown };
}

/**
 * Consent only as the file proves it, recorded as an import, and never over a suppression.
 * `created`: the customer as this import has just created them (not read back).
 */
function* importConsent(ctx: CoreContext, customerId: number, row: PlannedRow, fileName: string, notes: string[], created?: ConsentSubject): Query<number[]> {
  const ids: number[] = [];
  for (const [channel, status] of [['email', row.emailConsent], ['sms', row.smsConsent]] as const) {
    if (!status) continue;
    const contact = channel === 'email' ? row.email : row.phone;
    if (!contact) continue;
    try {
      ids.push((yield* recordConsent(ctx, { customerId, channel, status, method: 'import', wording: `imported from ${fileName}` }, created)).eventId);
    } catch (error) {
      // recordConsent refuses an import's subscription of a suppressed contact before it writes anything.
      if (!(status === 'subscribed' && error instanceof DomainError && error.code === 'conflict')) throw error;
      notes.push(`${channel} consent not imported: the contact opted out earlier`);
    }
  }
  return ids;
}

/**
 * Sets a customer's imported opening history (null keeps a figure as it is). The figures replace the
 * earlier ones, so importing one file twice does not double them; purchases and spend, which include
 * them, move by the difference, so sales recorded here stay counted.
 */
const setOpeningHistorySql = `UPDATE customers SET
    purchase_count = purchase_count - imported_purchases + coalesce(@purchases, imported_purchases),
    total_spent = total_spent - imported_spent + coalesce(@spent, imported_spent),
    imported_purchases = coalesce(@purchases, imported_purchases),
    imported_spent = coalesce(@spent, imported_spent)
  WHERE id = @id`;

/** Rows of import_changes written by one statement for the customers an import created: 1,000 parameters, well within either engine's limit. */
const CREATED_CHANGES_PER_STATEMENT = 500;

export function* commitImport(ctx: CoreContext, input: Input): Query<ImportReport> {
  const { rows, format, dateOrder } = yield* plan(ctx, input);
  const errors = rows.filter((r) => r.action === 'invalid').map((r) => ({ row: r.row, message: r.errors.join('; ') }));
  if (errors.length > 0 && !input.skipInvalid) {
    const first = errors.slice(0, 3).map((e) => `row ${e.row}: ${e.message}`).join('; ');
    throw new DomainError('validation', `${errors.length} ${errors.length === 1 ? 'row is' : 'rows are'} invalid, so nothing was imported (${first}). Fix the file, or skip invalid rows.`, {
      fields: Object.fromEntries(errors.map((e) => [`row ${e.row}`, e.message])),
    });
  }
  const now = nowIso(ctx);
  const batchId = yield* insert(
    'INSERT INTO import_batches (file_name, format, actor_id, actor_label, created_at, created, updated, skipped) VALUES (?, ?, ?, ?, ?, 0, 0, 0)',
    [input.fileName, format, ctx.actorId, ctx.actorLabel, now],
  );
  const recordChangeSql = 'INSERT INTO import_changes (batch_id, customer_id, action, before) VALUES (?, ?, ?, ?)';
  let created = 0;
  let updated = 0;
  // Told at most once a percent: a host relays each to the window, and 100,000 would flood it.
  const total = rows.length;
  let told = -1;
  const tell = (done: number) => {
    const percent = Math.floor((done * 100) / Math.max(1, total));
    if (percent === told) return;
    told = percent;
    ctx.progress?.(done, total);
  };
  tell(0);
  const createdIds: number[] = [];
  function* writeRows(): Query<void> {
    for (const [index, row] of rows.entries()) {
      tell(index);
      if (row.action === 'create' && row.customer) {
        const id = yield* insertCustomer(ctx, row.customer, {
          phone: row.normalisedPhone ?? undefined,
          opening: { purchases: row.openingPurchases ?? 0, spent: row.openingSpent ?? 0 },
          // plan() matched this row's phone and email against the book, in this transaction.
          contactsUnheld: true,
        });
        createdIds.push(id);
        if (row.note) yield* insertNote(ctx, { customerId: id, type: 'personal', text: row.note.slice(0, 4000) });
        yield* importConsent(ctx, id, row, input.fileName, row.warnings, { id, name: row.name, email: row.email, phoneE164: row.phone });
        created++;
      } else if (row.action === 'update' && row.customer && row.customerId) {
        const before = yield* one('SELECT * FROM customers WHERE id = ?', [row.customerId]);
        const { createdAt: _createdAt, ...fields } = row.customer;
        const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)));
        delete patch.type; // a file's default type must not overwrite what staff chose
        yield* updateCustomer(ctx, { id: row.customerId, patch });
        if (row.openingPurchases !== null || row.openingSpent !== null) {
          yield* run(setOpeningHistorySql, { id: row.customerId, purchases: row.openingPurchases, spent: row.openingSpent });
        }
        const noteIds = row.note ? [yield* insertNote(ctx, { customerId: row.customerId, type: 'personal', text: row.note.slice(0, 4000) })] : [];
        const consentIds = yield* importConsent(ctx, row.customerId, row, input.fileName, row.warnings);
        yield* run(recordChangeSql, [batchId, row.customerId, 'updated', JSON.stringify({ customer: before, noteIds, consentIds })]);
        updated++;
      }
    }
  }
  // The engine's search index and tallies are written once for every customer created, not row by row.
  yield* inBulk(ctx, writeRows);
  // The created customers' changes, many to a statement rather than one statement a row.
  for (let i = 0; i < createdIds.length; i += CREATED_CHANGES_PER_STATEMENT) {
    const ids = createdIds.slice(i, i + CREATED_CHANGES_PER_STATEMENT);
    yield* run(`INSERT INTO import_changes (batch_id, customer_id, action, before) VALUES ${ids.map(() => "(?, ?, 'created', NULL)").join(', ')}`, ids.flatMap((id) => [batchId, id]));
  }
  // Every row is written; what is left (the search index, the batch's counts, the commit) is quick.
  tell(total);
  const skipped = rows.length - created - updated;
  yield* run('UPDATE import_batches SET created = ?, updated = ?, skipped = ? WHERE id = ?', [created, updated, skipped, batchId]);
  return { batchId, format, dateOrder, created, updated, skipped, errors };
}

const restorable = ['first_name', 'last_name', 'phone', 'phone_e164', 'phone_search', 'email', 'address', 'birthday_month', 'birthday_day', 'birthday_year', 'type', 'tags', 'source', 'email_consent', 'sms_consent', 'updated_at'];

/** Undoes a whole batch: created customers go, updated ones get their earlier values back. */
export function* undoImport(ctx: CoreContext, batchId: number): Query<{ batchId: number; removed: number; restored: number }> {
  const batch = yield* one<{ id: number; undone_at: string | null }>('SELECT id, undone_at FROM import_batches WHERE id = ?', [batchId]);
  if (!batch) throw new DomainError('not_found', `Import ${batchId} was not found`);
  if (batch.undone_at) throw new DomainError('conflict', `Import ${batchId} was already undone`);
  const changes = yield* all<{ customer_id: number; action: string; before: string | null }>('SELECT customer_id, action, before FROM import_changes WHERE batch_id = ? ORDER BY id DESC', [batchId]);
  let removed = 0;
  let restored = 0;
  for (const change of changes) {
    const id = change.customer_id;
    // A customer merged or erased since stays so: an undo must not give a husk or an erased record its details back.
    try {
      (yield* requireState(ctx, id, 'imports.undo'));
    } catch (error) {
      if (error instanceof DomainError) throw new DomainError(error.code, `Import ${batchId} cannot be undone: ${error.message}`);
      throw error;
    }
    if (change.action === 'created') {
      const used = (yield* one<{ sales: number; mergedIn: number }>(
        'SELECT (SELECT count(*) FROM sales WHERE customer_id = @id) AS sales, (SELECT count(*) FROM customers WHERE merged_into = @id) AS "mergedIn"',
        { id },
      ))!;
      if (used.sales > 0 || used.mergedIn > 0) {
        throw new DomainError('conflict', `Customer ${id} from this import has sales or merged records since: the import cannot be undone`);
      }
      for (const table of ['timeline_events', 'consent_events', 'notes', 'customer_preferences', 'import_changes']) {
        yield* run(`DELETE FROM ${table} WHERE customer_id = ?`, [id]);
      }
      yield* run('DELETE FROM customers WHERE id = ?', [id]);
      removed++;
    } else {
      const before = JSON.parse(change.before ?? '{}') as { customer: Record<string, unknown>; noteIds: number[]; consentIds: number[] };
      const taken = yield* one<{ id: number }>(
        'SELECT id FROM customers WHERE id != @id AND ((email = @email AND @email IS NOT NULL) OR (phone_e164 = @phone AND @phone IS NOT NULL))',
        { id, email: before.customer.email ?? null, phone: before.customer.phone_e164 ?? null },
      );
      if (taken) throw new DomainError('conflict', `Customer ${id}'s earlier email or phone now belongs to customer ${taken.id}: the import cannot be undone`);
      yield* run(`UPDATE customers SET ${restorable.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`, { ...Object.fromEntries(restorable.map((c) => [c, before.customer[c] ?? null])), id });
      // The earlier opening history back, and the totals that include it moved by the difference: sales recorded since stay counted.
      yield* run(setOpeningHistorySql, { id, purchases: before.customer.imported_purchases ?? null, spent: before.customer.imported_spent ?? null });
      for (const noteId of before.noteIds) yield* run('DELETE FROM notes WHERE id = ?', [noteId]);
      for (const eventId of before.consentIds) yield* run('DELETE FROM consent_events WHERE id = ?', [eventId]);
      restored++;
    }
  }
  yield* run('UPDATE import_batches SET undone_at = ? WHERE id = ?', [nowIso(ctx), batchId]);
  return { batchId, removed, restored };
}
