import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../../db/open';
import packageJson from '../../../package.json';
import { cli, repoRoot, spawnCli, tempDbFile, tempDir } from './helpers';

const migrationsFolder = path.join(repoRoot, 'db', 'migrations');

/** Customer details no file in the zip and no line of the log may hold. */
const secrets = ['Zebedee', 'Quillfeather', 'zebedee.quill@example.org', 'example.org', '7911 123456', '7911123456', 'Wildwater', 'Prefers the blue'];

const must = async (db: string, args: string[]) => {
  const run = await cli(['--db', db, ...args]);
  if (run.code !== 0) throw new Error(`regulars ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run;
};

function readZip(file: string): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(fs.readFileSync(file))).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

const logLines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('regulars diagnostics', () => {
  it('writes a zip with the log, versions, settings and quick_check, and no PIN hash or customer data', async () => {
    const db = tempDbFile();
    await must(db, ['customers', 'add', '--first-name', 'Zebedee', '--last-name', 'Quillfeather', '--phone', '+44 7911 123456', '--email', 'zebedee.quill@example.org']);
    await must(db, ['notes', 'add', '1', '--type', 'preference', '--text', 'Prefers the blue Wildwater range']);
    await must(db, ['staff', 'add', 'Abena', '--role', 'staff', '--pin', '8642']);
    await must(db, ['backup', '--out', path.join(path.dirname(db), 'backups', 'before-the-break.db')]);
    // A real broken condition: the search index a trigger writes to has gone missing.
    const side = new Database(db);
    side.exec('DROP TABLE customers_trigram');
    side.close();
    const broken = await cli(['--db', db, 'customers', 'update', '1', '--last-name', 'Wildwater']);
    expect(broken.code).toBe(1);

    const out = path.join(tempDir(), 'for support.zip');
    const run = spawnCli(['--db', db, 'diagnostics', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(out);

    const zip = readZip(out);
    expect(Object.keys(zip).sort()).toEqual(['backups.json', 'book.json', 'logs/regulars.1.log', 'versions.json']);
    expect(JSON.parse(zip['versions.json'])).toMatchObject({ app: packageJson.version, node: process.versions.node, host: 'command line' });
    const book = JSON.parse(zip['book.json']);
    const known = readJournal(migrationsFolder);
    expect(book).toMatchObject({
      quickCheck: ['ok'],
      sqliteVersion: expect.stringMatching(/^3\.\d+\.\d+$/),
      schema: { appliedMigrations: known.length, knownMigrations: known.length, latest: known.at(-1)!.tag },
      counts: { customers: 1, staff: 2, notes: 1 },
      settings: { currency: expect.any(String), time_zone: expect.any(String) },
    });
    expect(JSON.parse(zip['backups.json']).backups).toEqual([expect.objectContaining({ name: 'before-the-break.db', kind: 'manual' })]);
    const log = logLines(zip['logs/regulars.1.log']);
    expect(log.map((l) => l.msg)).toEqual(['migrations.applied', 'backup.made', 'internal_error']);
    expect(log[2]).toMatchObject({ method: 'customers.update', errorCode: 'SQLITE_ERROR' });

    const everything = Object.values(zip).join('\n');
    const reader = new Database(db, { readonly: true });
    const hashes = (reader.prepare('SELECT pin_hash AS h FROM staff WHERE pin_hash IS NOT NULL').all() as { h: string }[]).map((r) => r.h);
    reader.close();
    expect(hashes).toHaveLength(1);
    for (const hash of hashes) expect(everything).not.toContain(hash);
    expect(everything).not.toMatch(/pin_hash|pinHash/);
    for (const secret of secrets) expect([secret, everything.includes(secret)]).toEqual([secret, false]);
  }, 60_000);

  it('works on a damaged book, where the start-up failure is in the log and SQLite says what is wrong', async () => {
    const db = tempDbFile();
    await must(db, ['customers', 'add', '--first-name', 'Zebedee', '--email', 'zebedee.quill@example.org']);
    fs.writeFileSync(db, Buffer.alloc(8192, 7));
    const opened = await cli(['--db', db, 'customers', 'list']);
    expect(opened.code).toBe(1);
    const out = path.join(tempDir(), 'diagnostics.zip');
    const run = await cli(['--db', db, 'diagnostics', '--out', out]);
    expect(run.code).toBe(0);
    const zip = readZip(out);
    expect(JSON.parse(zip['book.json']).quickCheck).toEqual([expect.stringContaining('not a database')]);
    expect(logLines(zip['logs/regulars.1.log']).map((l) => l.msg)).toEqual(['migrations.applied', 'startup.failed']);
    expect(Object.values(zip).join('\n')).not.toContain('Zebedee');
  });

  it('refuses without --out', async () => {
    const run = await cli(['--db', tempDbFile(), 'diagnostics']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--out');
  });
});
