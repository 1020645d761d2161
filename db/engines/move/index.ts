import { createHash } from 'node:crypto';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { err, ok, type Result } from '../../../shared/result';
import { auditChanges, auditLog, consentEvents, customers, loyaltyEntries, settings, staff } from '../../schema';
import { DomainError } from '../../errors';
import { DatabaseOpenError } from '../../open';
import type { SettingsDefaults } from '../../settings/defaults';
import { reasonOf } from '../postgres/reason';
import { passwordHider, postgresUrl } from '../postgres/url';
import type { MovedTable } from './plan';
import type { BookReader, BookWriter, Row } from './side';
import { openSqliteDestination, openSqliteSource } from './sqlite';

/** An address that names a scheme (`something://`) is a server's; anything else is a file path. */
const looksLikeAddress = /^[a-z][a-z0-9+.-]*:\/\//i;

/** One end of a move: a SQLite file, or a PostgreSQL database by its address. */
export const bookLocation = z
  .string()
  .trim()
  .min(1, 'Give a file path or a postgresql:// address')
  .transform((text, ctx) => {
    if (!looksLikeAddress.test(text)) return { engine: 'sqlite' as const, file: text };
    const url = postgresUrl.safeParse(text);
    if (url.success) return { engine: 'postgres' as const, url: url.data };
    for (const issue of url.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
    return z.NEVER;
  });
export type BookLocation = z.output<typeof bookLocation>;

export const moveBookInput = z
  .object({ from: bookLocation, to: bookLocation })
  .refine((move) => move.from.engine !== move.to.engine, {
    path: ['to'],
    message: 'A book moves between a SQLite file and a PostgreSQL database: give one of each',
  });

export type MoveProgress =
  | { step: 'copying'; table: string; rows: number; of: number }
  | { step: 'copied'; table: string; rows: number }
  | { step: 'verifying' };

export interface MoveSummary {
  /** Both ends as they may be shown: an address's password is hidden. */
  from: string;
  to: string;
  tables: { name: string; rows: number }[];
  rows: number;
  /** What the verification found equal on both sides, for a person to recognise their book. */
  customers: number;
  purchases: number;
  spent: number;
  ms: number;
}

export interface MoveOptions {
  from: string;
  to: string;
  onProgress?: (progress: MoveProgress) => void;
  /** Rows per batch written. */
  batchRows?: number;
  /** Where each engine's committed migrations are; the packaged app resolves them from its own path. */
  migrationsFolders?: { sqlite?: string; postgres?: string };
  /** Only for the first settings a new SQLite book is made with, all of which the move replaces. */
  defaults?: Partial<SettingsDefaults>;
}

const nameOf = (table: Parameters<typeof getTableConfig>[0]) => getTableConfig(table).name;

/**
 * Copies a whole book between a SQLite file and a PostgreSQL database, either way, into an empty
 * destination, and keeps it only once it is verified equal to the source: every table's row count,
 * every customer's purchases and total spent, and a SHA-256 of the audit log and of the consent
 * history, read the same way from both. All of it is one transaction on the destination (a new
 * SQLite book is written as a temporary file, named only once committed); on any difference or
 * failure it is rolled back, and the answer says why. The source is only read.
 *
 * An empty destination is a PostgreSQL database with no tables, or a Regulars book with nothing in
 * it but what its first open fills in (the settings, and an owner without a PIN); or a SQLite file
 * that does not exist yet. Both of those first rows are replaced by the source's.
 */
export async function moveBook(options: MoveOptions): Promise<Result<MoveSummary>> {
  const parsed = moveBookInput.safeParse({ from: options.from, to: options.to });
  const hide = (text: string) => passwordHider(options.to)(passwordHider(options.from)(text));
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'move')] ??= hide(issue.message);
    return err('validation', Object.entries(fields).map(([field, message]) => `${field}: ${message}`).join('\n'), { fields });
  }
  const { from, to } = parsed.data;
  const shownFrom = hide(options.from);
  const shownTo = hide(options.to);
  // The plan reads both engines' schemas: drizzle's PostgreSQL tables are built only when a move runs,
  // not at every start of a worker thread or a command (about 11 ms of a command line's start).
  const tables = (await import('./plan')).movedTables();
  const started = performance.now();
  const report = options.onProgress ?? (() => {});

  let source: BookReader | undefined;
  let destination: BookWriter | undefined;
  try {
    // Loaded only when a move runs: no other command needs the PostgreSQL driver.
    const postgresSide = () => import('./postgres');
    source =
      from.engine === 'sqlite'
        ? openSqliteSource(from.file, options.migrationsFolders?.sqlite)
        : await (await postgresSide()).openPostgresSource(from.url, options.migrationsFolders?.postgres);
    destination =
      to.engine === 'sqlite'
        ? openSqliteDestination(to.file, tables, { migrationsFolder: options.migrationsFolders?.sqlite, defaults: options.defaults })
        : await (await postgresSide()).openPostgresDestination(to.url, tables, options.migrationsFolders?.postgres);

    await refuseUnlessEmpty(destination, tables, shownTo);
    // Children before parents: only the first settings and owner can be there.
    for (const table of [...tables].reverse()) await destination.deleteAll(table);
    for (const table of tables) await copyTable(source, destination, table, options.batchRows ?? 10_000, report);
    await destination.finishDerived();

    report({ step: 'verifying' });
    const expected = await fingerprint(source, tables);
    const found = await fingerprint(destination, tables);
    const differences = compare(expected, found);
    if (differences.length > 0) {
      await destination.rollback();
      const shown = differences.slice(0, 10);
      return err('conflict', [`The copy at ${shownTo} did not match the book at ${shownFrom}, so nothing was kept:`, ...shown.map((line) => `  ${line}`), ...(differences.length > shown.length ? [`  … and ${differences.length - shown.length} more`] : [])].join('\n'), {
        fields: Object.fromEntries(shown.map((line, i) => [`difference ${i + 1}`, line])),
      });
    }
    await destination.commit();

    const counted = tables.map((table) => ({ name: table.name, rows: found.counts.get(table.name) ?? 0 }));
    return ok({
      from: shownFrom,
      to: shownTo,
      tables: counted,
      rows: counted.reduce((sum, table) => sum + table.rows, 0),
      customers: found.customers.length,
      purchases: found.customers.reduce((sum, row) => sum + Number(row[1]), 0),
      spent: found.customers.reduce((sum, row) => sum + Number(row[2]), 0),
      ms: Math.round(performance.now() - started),
    });
  } catch (error) {
    await destination?.rollback();
    if (error instanceof DomainError) return err(error.code, hide(error.message), error.extra);
    if (error instanceof DatabaseOpenError) return err('internal', hide(error.message));
    return err('internal', `The move failed and nothing was kept at ${shownTo}: ${hide(reasonOf(error))}`);
  } finally {
    await source?.close();
  }
}

/** Refuses a destination that holds more than a first open leaves: the settings and an owner without a PIN. */
async function refuseUnlessEmpty(destination: BookWriter, tables: MovedTable[], shownTo: string): Promise<void> {
  const firstRows = new Set([nameOf(settings), nameOf(staff)]);
  const holding: string[] = [];
  for (const table of tables) {
    const rows = await destination.count(table);
    if (rows === 0) continue;
    if (firstRows.has(table.name) && rows === 1) {
      if (table.name !== nameOf(staff)) continue;
      const [[role, pin]] = await destination.page(table, [staff.role.name, staff.pinHash.name], null, 1);
      if (role === 'owner' && pin === null) continue;
    }
    holding.push(`${table.name} (${rows})`);
  }
  if (holding.length > 0) {
    throw new DomainError('conflict', `${shownTo} already holds a customer book (${holding.slice(0, 5).join(', ')}${holding.length > 5 ? ', …' : ''}): a book moves only into an empty one, and nothing was changed.`, {
      fields: { to: 'not empty' },
    });
  }
}

async function copyTable(source: BookReader, destination: BookWriter, table: MovedTable, batchRows: number, report: (progress: MoveProgress) => void): Promise<void> {
  const of = await source.count(table);
  const keyAt = table.columns.indexOf(table.key);
  // A row may point at one that comes later (a customer merged into a newer one): such columns go
  // in empty, and are filled in once every row is there.
  const selfAt = table.selfReferences.map((column) => ({ column, at: table.columns.indexOf(column), pairs: [] as [number, Row[number]][] }));
  let after: number | null = null;
  let rows = 0;
  // One batch is written while the next is read: the server works while this process reads and encodes.
  let writing: Promise<void> = Promise.resolve();
  for (;;) {
    const batch = await source.page(table, table.columns, after, batchRows);
    if (batch.length === 0) break;
    for (const self of selfAt) {
      for (const row of batch) {
        if (row[self.at] === null) continue;
        self.pairs.push([row[keyAt] as number, row[self.at]]);
        row[self.at] = null;
      }
    }
    await writing;
    writing = destination.insert(table, batch);
    // Its failure is awaited with the next batch or after the last; until then it is not "unhandled".
    writing.catch(() => {});
    rows += batch.length;
    after = batch[batch.length - 1][keyAt] as number;
    report({ step: 'copying', table: table.name, rows, of });
  }
  await writing;
  for (const self of selfAt) if (self.pairs.length > 0) await destination.setColumn(table, self.column, self.pairs);
  if (table.counted) await destination.raiseCounter(table, await source.highWater(table));
  report({ step: 'copied', table: table.name, rows });
}

interface Fingerprint {
  counts: Map<string, number>;
  /** [id, purchase_count, total_spent, loyalty_points] of every customer, by id. */
  customers: Row[];
  /** SHA-256 over the rows of each digested table, in id order. */
  digests: Map<string, string>;
}

/** The audit log (entries and their recorded values), the consent history and the points history: compared whole, row by row. */
const digestedTables = [nameOf(auditLog), nameOf(auditChanges), nameOf(consentEvents), nameOf(loyaltyEntries)];

async function fingerprint(book: BookReader, tables: MovedTable[]): Promise<Fingerprint> {
  const counts = new Map<string, number>();
  for (const table of tables) counts.set(table.name, await book.count(table));
  const customerTable = tables.find((table) => table.name === nameOf(customers))!;
  const customerRows = await allRows(book, customerTable, [customerTable.key, customers.purchaseCount.name, customers.totalSpent.name, customers.loyaltyPoints.name]);
  const digests = new Map<string, string>();
  for (const name of digestedTables) {
    const table = tables.find((candidate) => candidate.name === name)!;
    const hash = createHash('sha256');
    await eachPage(book, table, table.columns, (rows) => {
      for (const row of rows) hash.update(`${JSON.stringify(row)}\n`);
    });
    digests.set(name, hash.digest('hex'));
  }
  return { counts, customers: customerRows, digests };
}

async function eachPage(book: BookReader, table: MovedTable, columns: string[], use: (rows: Row[]) => void): Promise<void> {
  const keyAt = columns.indexOf(table.key);
  if (keyAt < 0) throw new Error(`Pages of ${table.name} are read with its key`);
  let after: number | null = null;
  for (;;) {
    const rows = await book.page(table, columns, after, 10_000);
    if (rows.length === 0) return;
    use(rows);
    after = rows[rows.length - 1][keyAt] as number;
  }
}

async function allRows(book: BookReader, table: MovedTable, columns: string[]): Promise<Row[]> {
  const all: Row[] = [];
  await eachPage(book, table, columns, (rows) => all.push(...rows));
  return all;
}

/** What differs between the source and the copy, in words; empty when they agree. */
function compare(source: Fingerprint, copy: Fingerprint): string[] {
  const differences: string[] = [];
  for (const [name, rows] of source.counts) {
    const copied = copy.counts.get(name);
    if (copied !== rows) differences.push(`${name}: ${rows} rows in the source, ${copied} in the copy`);
  }
  const copied = new Map(copy.customers.map((row) => [row[0], row]));
  for (const [id, purchases, spent, points] of source.customers) {
    const other = copied.get(id);
    if (!other) differences.push(`customer ${id}: missing from the copy`);
    else if (other[1] !== purchases || other[2] !== spent) {
      differences.push(`customer ${id}: ${purchases} purchases and ${spent} spent in the source, ${other[1]} and ${other[2]} in the copy`);
    } else if (other[3] !== points) {
      differences.push(`customer ${id}: ${points} loyalty points in the source, ${other[3]} in the copy`);
    }
  }
  for (const [name, digest] of source.digests) {
    if (copy.digests.get(name) !== digest) differences.push(`${name}: the rows differ (SHA-256 ${digest.slice(0, 12)}… in the source, ${copy.digests.get(name)?.slice(0, 12)}… in the copy)`);
  }
  return differences;
}
