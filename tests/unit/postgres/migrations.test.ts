import { describe, expect, it, onTestFinished } from 'vitest';
import { openPostgresBook } from '../../../db/engines/postgres/open';
import { readJournal } from '../../../db/open';
import { freshPostgresBook, freshTestDatabase, postgresMigrationsFolder, skipPostgres, testDefaults } from '../../support/postgres-book';

const knownTags = readJournal(postgresMigrationsFolder).map((entry) => entry.tag);
const open = (url: string) => openPostgresBook(url, { migrationsFolder: postgresMigrationsFolder, defaults: testDefaults });

describe.skipIf(skipPostgres)('PostgreSQL migrations', () => {
  it('apply to an empty database, fill in the settings and the owner, and a second open applies none', async () => {
    const database = await freshTestDatabase();
    const first = await open(database.url);
    await first.close();
    expect(knownTags.length).toBeGreaterThanOrEqual(3);
    expect(first.migrated).toEqual(knownTags);

    const second = await open(database.url);
    onTestFinished(() => second.close());
    expect(second.migrated).toEqual([]);
    const settings = await second.pool.query('SELECT * FROM settings');
    expect(settings.rows).toEqual([
      expect.objectContaining({ id: 1, shop_name: 'My shop', currency: 'GHS', phone_country: 'GH', locale: 'en-GH', time_zone: 'Africa/Accra', sale_ceiling: 10_000_000 }),
    ]);
    const staff = await second.pool.query('SELECT name, role, active, count(*) OVER () AS members FROM staff');
    // count(*) is a bigint: read as a number, as the core reads SQLite's counts.
    expect(staff.rows).toEqual([{ name: 'Owner', role: 'owner', active: 1, members: 1 }]);
  });

  it('refuse a book written by a newer Regulars, and change nothing', async () => {
    const book = await freshPostgresBook();
    await book.pool.query("INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('from a newer app', 99999999999999)");
    await book.pool.query("UPDATE settings SET shop_name = 'Ama''s'");
    await expect(open(book.database.url)).rejects.toThrow('This customer book was written by a newer version of Regulars');
    expect((await book.pool.query('SELECT shop_name FROM settings')).rows).toEqual([{ shop_name: "Ama's" }]);
  });

  it('run once when several tills open an empty database at the same moment, and every open succeeds', async () => {
    const database = await freshTestDatabase();
    const opens = await Promise.allSettled([1, 2, 3, 4].map(() => open(database.url)));
    const books = opens.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    onTestFinished(() => Promise.all(books.map((book) => book.close())).then(() => undefined));
    expect(opens.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(books.map((book) => book.migrated).sort((a, b) => b.length - a.length)).toEqual([knownTags, [], [], []]);
    const [{ pool }] = books;
    expect((await pool.query('SELECT count(*) AS n FROM drizzle.__drizzle_migrations')).rows).toEqual([{ n: knownTags.length }]);
    expect((await pool.query('SELECT count(*) AS n FROM settings')).rows).toEqual([{ n: 1 }]);
    expect((await pool.query('SELECT count(*) AS n FROM staff')).rows).toEqual([{ n: 1 }]);
  });
});
