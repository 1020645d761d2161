import Papa from 'papaparse';
import {
  createCustomerInput,
  type ImportField,
  type ImportPreview,
  type ImportReport,
  type ImportRowPlan,
  type ParsedInputOf,
} from '../../shared/contract';
import { normalisePhone, type NormalisedPhone } from '../../shared/format/phone';
import { nowIso, readSettings, type CoreContext } from '../context';
import { isSuppressed, recordConsent, type ConsentSubject } from '../consent/service';
import { insertCustomer, updateCustomer, withSearchIndexDeferred } from '../customers/service';
import { DomainError } from '../errors';
import { insertNote } from '../notes/service';
import { decode, looksGarbled } from './decode';
import { addressParts, defaultMapping, detectFormat, mailchimpFileConsent, readBirthday, readConsent } from './formats';

type Input = ParsedInputOf<'imports.commit'>;
type CustomerInput = ParsedInputOf<'customers.create'>;

interface PlannedRow extends ImportRowPlan {
  customer: CustomerInput | null;
  /** The customer's phone as normalised while planning, so that committing does not do it again. */
  normalisedPhone: NormalisedPhone | null;
  note: string | null;
  emailConsent: 'subscribed' | 'unsubscribed' | null;
  smsConsent: 'subscribed' | 'unsubscribed' | null;
}

interface Plan extends Omit<ImportPreview, 'rows' | 'counts'> {
  rows: PlannedRow[];
}

const foldName = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
/** Excel-proofing apostrophes ('+233…, '0012) are not part of the value. */
const clean = (value: string | undefined) => (value ?? '').replace(/^'+/, '').trim();

/** Import files come from anywhere: these bounds turn a wrong or hostile file into a clear refusal, not a frozen till. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
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
  if (bytes.length > IMPORT_MAX_BYTES) throw refuse(input.fileName, `it is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, and at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB can be imported at once (split it)`);
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

/** Reads, maps, validates and matches every row, writing nothing. */
function plan(ctx: CoreContext, input: Input): Plan {
  const { phoneCountry } = readSettings(ctx);
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
    return { format, mapping, fileConsent, get };
  };
  // Set up from the first row's headers. A refusal found there is thrown once the whole file is read,
  // so that a quote never closed is still reported first, as the file's own fault.
  let setup: ReturnType<typeof setUp> | null = null;
  let refusal: unknown = null;

  const planRow = (raw: Record<string, string>, index: number, garbled: boolean, { format, fileConsent, get }: ReturnType<typeof setUp>) => {
    const errors: string[] = [];
    const warnings: string[] = [];
    const extraAddress = (addressParts[format] ?? []).map((h) => clean(raw[h])).filter(Boolean);
    const address = [get(raw, 'address'), ...extraAddress].filter(Boolean).join(', ');
    const candidate = {
      firstName: get(raw, 'firstName'),
      lastName: get(raw, 'lastName'),
      phone: get(raw, 'phone'),
      email: get(raw, 'email').toLowerCase(),
      address,
      birthday: readBirthday(get(raw, 'birthday')) ?? '',
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
    };
    planned.push(row);
    if (row.action === 'invalid') return;

    // The same person twice in one file (Shopify does this: once with a phone, once with an email).
    // By name only when the row lacks an email or a phone: no name is folded (NFD and a regex) for nothing.
    const nameKey = !email || !row.phone ? foldName(row.name) : null;
    const earlier = (email && byEmail.get(email)) || (row.phone && byPhone.get(row.phone)) || (nameKey !== null ? byNameMissingOne.get(nameKey) : undefined);
    if (earlier && earlier.customer && row.customer && (!email || !earlier.email || email === earlier.email) && (!row.phone || !earlier.phone || row.phone === earlier.phone)) {
      earlier.customer = { ...row.customer, ...Object.fromEntries(Object.entries(earlier.customer).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))) } as CustomerInput;
      earlier.email ??= email;
      earlier.phone ??= row.phone;
      earlier.normalisedPhone ??= row.normalisedPhone;
      earlier.note = [earlier.note, row.note].filter(Boolean).join('\n') || null;
      earlier.emailConsent ??= row.emailConsent;
      earlier.smsConsent ??= row.smsConsent;
      row.action = 'skip';
      row.warnings.push(`The same person as row ${earlier.row}: combined into it`);
      return;
    }
    if (email) byEmail.set(email, row);
    if (row.phone) byPhone.set(row.phone, row);
    if (nameKey !== null) byNameMissingOne.set(nameKey, row);
  };

  const { encoding, headers, count } = readRows(input, (raw, index, file) => {
    if (refusal !== null) return;
    try {
      setup ??= setUp(file.headers);
    } catch (error) {
      refusal = error;
      return;
    }
    planRow(raw, index, file.garbled, setup);
  });
  if (refusal !== null) throw refusal;
  setup ??= setUp(headers);

  // Every new row matched against the book by email or phone in one statement, not one a row (for
  // 100,000 rows, a fifth of the time).
  const creating = planned.filter((row) => row.action === 'create');
  const existing = new Map<number, number[]>();
  const found = ctx
    .prepare(
      `SELECT j.key AS i, c.id FROM json_each(?) j
       JOIN customers c ON (c.email = j.value ->> 0 OR c.phone_e164 = j.value ->> 1) AND c.erased_at IS NULL`,
    )
    .all(JSON.stringify(creating.map((row) => [row.email, row.phone]))) as { i: number; id: number }[];
  for (const { i, id } of found) {
    const ids = existing.get(i);
    if (ids) ids.push(id);
    else existing.set(i, [id]);
  }
  creating.forEach((row, i) => {
    const ids = existing.get(i) ?? [];
    if (ids.length > 1) {
      row.action = 'invalid';
      row.errors.push(`Its email and phone belong to two different customers (${ids.join(' and ')})`);
    } else if (ids.length === 1) {
      row.customerId = ids[0];
      row.action = input.onDuplicate === 'update' ? 'update' : 'skip';
    }
  });
  return { format: setup.format, encoding, headers, mapping: setup.mapping, totalRows: count, rows: planned };
}

const countActions = (rows: ImportRowPlan[]) => ({
  create: rows.filter((r) => r.action === 'create').length,
  update: rows.filter((r) => r.action === 'update').length,
  skip: rows.filter((r) => r.action === 'skip').length,
  invalid: rows.filter((r) => r.action === 'invalid').length,
});

const publicRow = ({ customer: _c, normalisedPhone: _p, note: _n, emailConsent: _e, smsConsent: _s, ...row }: PlannedRow): ImportRowPlan => row;

export function previewImport(ctx: CoreContext, input: Input): ImportPreview {
  const { rows, ...rest } = plan(ctx, input);
  const shown = rows.filter((r, i) => i < 200 || r.errors.length > 0 || r.warnings.length > 0).map(publicRow);
  return { ...rest, counts: countActions(rows), rows: shown };
}

/**
 * Consent only as the file proves it, recorded as an import, and never over a suppression.
 * `created`: the customer as this import has just created them (not read back).
 */
function importConsent(ctx: CoreContext, customerId: number, row: PlannedRow, fileName: string, notes: string[], created?: ConsentSubject): number[] {
  const ids: number[] = [];
  for (const [channel, status] of [['email', row.emailConsent], ['sms', row.smsConsent]] as const) {
    if (!status) continue;
    const contact = channel === 'email' ? row.email : row.phone;
    if (!contact) continue;
    if (status === 'subscribed' && isSuppressed(ctx, channel === 'email' ? 'email' : 'phone', contact)) {
      notes.push(`${channel} consent not imported: the contact opted out earlier`);
      continue;
    }
    ids.push(recordConsent(ctx, { customerId, channel, status, method: 'import', wording: `imported from ${fileName}` }, created).eventId);
  }
  return ids;
}

export function commitImport(ctx: CoreContext, input: Input): ImportReport {
  const { rows, format } = plan(ctx, input);
  const errors = rows.filter((r) => r.action === 'invalid').map((r) => ({ row: r.row, message: r.errors.join('; ') }));
  if (errors.length > 0 && !input.skipInvalid) {
    const first = errors.slice(0, 3).map((e) => `row ${e.row}: ${e.message}`).join('; ');
    throw new DomainError('validation', `${errors.length} ${errors.length === 1 ? 'row is' : 'rows are'} invalid, so nothing was imported (${first}). Fix the file, or skip invalid rows.`, {
      fields: Object.fromEntries(errors.map((e) => [`row ${e.row}`, e.message])),
    });
  }
  const now = nowIso(ctx);
  const { id: batchId } = ctx
    .prepare('INSERT INTO import_batches (file_name, format, actor_id, created_at, created, updated, skipped) VALUES (?, ?, ?, ?, 0, 0, 0) RETURNING id')
    .get(input.fileName, format, ctx.actorId, now) as { id: number };
  const recordChange = ctx.prepare('INSERT INTO import_changes (batch_id, customer_id, action, before) VALUES (?, ?, ?, ?)');
  let created = 0;
  let updated = 0;
  // The search index is written once for every customer created, not row by row (see withSearchIndexDeferred).
  withSearchIndexDeferred(ctx, () => {
    for (const row of rows) {
      if (row.action === 'create' && row.customer) {
        const id = insertCustomer(ctx, row.customer, row.normalisedPhone ?? undefined);
        recordChange.run(batchId, id, 'created', null);
        if (row.note) insertNote(ctx, { customerId: id, type: 'personal', text: row.note.slice(0, 4000) });
        importConsent(ctx, id, row, input.fileName, row.warnings, { id, name: row.name, email: row.email, phoneE164: row.phone });
        created++;
      } else if (row.action === 'update' && row.customer && row.customerId) {
        const before = ctx.prepare('SELECT * FROM customers WHERE id = ?').get(row.customerId);
        const { createdAt: _createdAt, ...fields } = row.customer;
        const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)));
        delete patch.type; // a file's default type must not overwrite what staff chose
        updateCustomer(ctx, { id: row.customerId, patch });
        const noteIds = row.note ? [insertNote(ctx, { customerId: row.customerId, type: 'personal', text: row.note.slice(0, 4000) })] : [];
        const consentIds = importConsent(ctx, row.customerId, row, input.fileName, row.warnings);
        recordChange.run(batchId, row.customerId, 'updated', JSON.stringify({ customer: before, noteIds, consentIds }));
        updated++;
      }
    }
  });
  const skipped = rows.length - created - updated;
  ctx.prepare('UPDATE import_batches SET created = ?, updated = ?, skipped = ? WHERE id = ?').run(created, updated, skipped, batchId);
  return { batchId, format, created, updated, skipped, errors };
}

const restorable = ['first_name', 'last_name', 'phone', 'phone_e164', 'phone_search', 'email', 'address', 'birthday_month', 'birthday_day', 'birthday_year', 'type', 'tags', 'source', 'email_consent', 'sms_consent', 'updated_at'];

/** Undoes a whole batch: created customers go, updated ones get their earlier values back. */
export function undoImport(ctx: CoreContext, batchId: number): { batchId: number; removed: number; restored: number } {
  const batch = ctx.prepare('SELECT id, undone_at FROM import_batches WHERE id = ?').get(batchId) as { id: number; undone_at: string | null } | undefined;
  if (!batch) throw new DomainError('not_found', `Import ${batchId} was not found`);
  if (batch.undone_at) throw new DomainError('conflict', `Import ${batchId} was already undone`);
  const changes = ctx.prepare('SELECT customer_id, action, before FROM import_changes WHERE batch_id = ? ORDER BY id DESC').all(batchId) as { customer_id: number; action: string; before: string | null }[];
  let removed = 0;
  let restored = 0;
  for (const change of changes) {
    const id = change.customer_id;
    if (change.action === 'created') {
      const used = ctx
        .prepare('SELECT (SELECT count(*) FROM sales WHERE customer_id = @id) AS sales, (SELECT count(*) FROM customers WHERE merged_into = @id) AS mergedIn')
        .get({ id }) as { sales: number; mergedIn: number };
      if (used.sales > 0 || used.mergedIn > 0) {
        throw new DomainError('conflict', `Customer ${id} from this import has sales or merged records since: the import cannot be undone`);
      }
      for (const table of ['timeline_events', 'consent_events', 'notes', 'customer_preferences', 'import_changes']) {
        ctx.prepare(`DELETE FROM ${table} WHERE customer_id = ?`).run(id);
      }
      ctx.prepare('DELETE FROM customers WHERE id = ?').run(id);
      removed++;
    } else {
      const before = JSON.parse(change.before ?? '{}') as { customer: Record<string, unknown>; noteIds: number[]; consentIds: number[] };
      const taken = ctx.prepare('SELECT id FROM customers WHERE id != @id AND ((email = @email AND @email IS NOT NULL) OR (phone_e164 = @phone AND @phone IS NOT NULL))').get({ id, email: before.customer.email ?? null, phone: before.customer.phone_e164 ?? null }) as { id: number } | undefined;
      if (taken) throw new DomainError('conflict', `Customer ${id}'s earlier email or phone now belongs to customer ${taken.id}: the import cannot be undone`);
      ctx.prepare(`UPDATE customers SET ${restorable.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({ ...Object.fromEntries(restorable.map((c) => [c, before.customer[c] ?? null])), id });
      for (const noteId of before.noteIds) ctx.prepare('DELETE FROM notes WHERE id = ?').run(noteId);
      for (const eventId of before.consentIds) ctx.prepare('DELETE FROM consent_events WHERE id = ?').run(eventId);
      restored++;
    }
  }
  ctx.prepare('UPDATE import_batches SET undone_at = ? WHERE id = ?').run(nowIso(ctx), batchId);
  return { batchId, removed, restored };
}
