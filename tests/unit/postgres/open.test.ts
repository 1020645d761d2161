import { describe, expect, inject, it } from 'vitest';
import { openPostgresBook } from '../../../db/engines/postgres/open';
import { DatabaseOpenError } from '../../../db/open';
import { clusterUrl } from '../../support/postgres-cluster';
import { freshTestDatabase, postgresMigrationsFolder, skipPostgres, testDefaults } from '../../support/postgres-book';

/** The error an open fails with; the test fails if it opens. */
async function openError(url: string): Promise<DatabaseOpenError> {
  const opened = await openPostgresBook(url, { migrationsFolder: postgresMigrationsFolder, connectTimeoutMs: 5_000 }).then(
    async (book) => {
      await book.close();
      return null;
    },
    (error: unknown) => error,
  );
  if (!(opened instanceof DatabaseOpenError)) throw new Error(`Expected a DatabaseOpenError, got ${String(opened)}`);
  return opened;
}

describe('opening a PostgreSQL book that cannot be opened', () => {
  it('refuses an address that is not PostgreSQL, saying what is wanted, without the password', async () => {
    const error = await openError('mysql://ama:hunter2@shop-server/regulars');
    expect(error.message).toContain('postgresql://user:password@server/database');
    expect(error.message).toContain('mysql://ama:***@shop-server/regulars');
    expect(error.message).not.toContain('hunter2');
    expect((await openError('')).message).toMatch(/PostgreSQL address.*got nothing/);
  });

  it('says nothing answered when no server listens there, without the password', async () => {
    const error = await openError('postgresql://ama:hunter2@127.0.0.1:1/regulars');
    expect(error.message).toMatch(/^Could not reach the customer book at postgresql:\/\/ama:\*\*\*@127\.0\.0\.1:1\/regulars: nothing answered there/);
    expect(error.message).not.toContain('hunter2');
  });

  it('says there is no socket when the folder has no server, without the password', async () => {
    const error = await openError('postgresql://ama:hunter2@localhost/regulars?host=/nonexistent-regulars-socket');
    expect(error.message).toContain('there is no PostgreSQL socket there');
    expect(error.message).not.toContain('hunter2');
  });
});

describe.skipIf(skipPostgres)('opening a PostgreSQL book on a server that refuses it', () => {
  it('names a missing database, and hides the password even where the server repeats it', async () => {
    const { socketDir } = inject('postgres');
    // The database's name is the password, so the server's own message holds it.
    const error = await openError(clusterUrl(socketDir!, 'zebra_crossing_42').replace('postgres@', 'postgres:zebra_crossing_42@'));
    expect(error.message).toContain('the server has no database of that name');
    expect(error.message).toContain('database "***" does not exist');
    expect(error.message).not.toContain('zebra_crossing_42');
  });
});

// Skipped only on a developer's machine without PostgreSQL's programs; under CI a missing server fails (tests/support/postgres-book.ts).
describe.skipIf(skipPostgres)("a PostgreSQL book's connections", () => {
  it("run without JIT, keeping the startup options the address gives", async () => {
    const { url } = await freshTestDatabase({ migrated: true });
    const book = await openPostgresBook(`${url}&options=${encodeURIComponent('-c statement_timeout=4321')}`, { migrationsFolder: postgresMigrationsFolder, defaults: testDefaults });
    try {
      const settings = await book.pool.query<{ jit: string; timeout: string }>("SELECT current_setting('jit') AS jit, current_setting('statement_timeout') AS timeout");
      expect(settings.rows[0]).toEqual({ jit: 'off', timeout: '4321ms' });
    } finally {
      await book.close();
    }
  });
});
