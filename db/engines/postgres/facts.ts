import { countedTables, secretColumn, type SharedBookFacts } from '../../diagnostics';
import { readJournal } from '../../open';
import { appliedMigrations, defaultPostgresMigrationsFolder, type OpenedPostgresBook } from './open';

/**
 * What a diagnostics zip says about a shared book: the engine, the server's version, the address with
 * its password hidden, the migrations, the counts and the settings (no secret column). Each fact that
 * cannot be read says so instead of failing the zip: support wants what can be had.
 */
export async function sharedBookFacts(book: Pick<OpenedPostgresBook, 'pool' | 'url'>, migrationsFolder = defaultPostgresMigrationsFolder()): Promise<SharedBookFacts> {
  const attempt = async <T>(read: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await read();
    } catch {
      return fallback;
    }
  };
  const serverVersion = await attempt(async () => (await book.pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v, 'unknown');
  const known = await attempt(async () => readJournal(migrationsFolder), [] as { when: number; tag: string }[]);
  const applied = await attempt(async () => {
    const client = await book.pool.connect();
    try {
      return await appliedMigrations(client);
    } finally {
      client.release();
    }
  }, [] as number[]);
  const last = applied.at(-1);
  const latest = last === undefined ? null : (known.find((m) => m.when === last)?.tag ?? `unknown (${last})`);
  const counts: Record<string, number | null> = {};
  for (const table of countedTables) {
    counts[table] = await attempt(async () => Number((await book.pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n), null);
  }
  const settings = await attempt(async () => {
    const row = (await book.pool.query<Record<string, unknown>>('SELECT * FROM settings WHERE id = 1')).rows[0];
    return row ? Object.fromEntries(Object.entries(row).filter(([column]) => !secretColumn.test(column))) : null;
  }, null);
  return {
    engine: 'postgres',
    location: book.url,
    serverVersion,
    schema: { appliedMigrations: applied.length, knownMigrations: known.length, latest },
    counts,
    settings,
  };
}
