import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { describeEngines } from '../../support/engines';
import { bookRows, bookWrite, cli, cliJson, newBook, osUser, tempDbFile } from './helpers';

describeEngines('the command line as the owner', (engine) => {
  it('records "command line (<OS user>)" as the actor of its writes, and reads the audit log back', async () => {
    const db = await newBook(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--email', 'ama@example.com']);
    await cliJson(db, ['customers', 'update', String(ama.id), '--first-name', 'Amma']);
    const rows = await bookRows(db, 'SELECT actor_id, actor_label, method FROM audit_log ORDER BY id');
    expect(rows).toEqual([
      { actor_id: null, actor_label: `command line (${osUser()})`, method: 'customers.create' },
      { actor_id: null, actor_label: `command line (${osUser()})`, method: 'customers.update' },
    ]);
    const entries = await cliJson(db, ['audit', '--customer', String(ama.id)]);
    expect(entries[0]).toMatchObject({ method: 'customers.update', actor: { name: `command line (${osUser()})` }, changes: [{ field: 'first_name', before: 'Ama', after: 'Amma' }] });
    const text = await cli(['--db', db, 'audit', '--limit', '1']);
    expect(text.stdout).toContain('first_name: "Ama" -> "Amma"');
  });

  it('manages staff, and resets a forgotten PIN (which also lifts a lockout)', async () => {
    const db = await newBook(engine);
    const kofi = await cliJson(db, ['staff', 'add', 'Kofi', '--role', 'staff', '--pin', '5678']);
    expect(kofi).toMatchObject({ name: 'Kofi', role: 'staff', hasPin: true });
    const bad = await cli(['--db', db, 'staff', 'add', 'Abena', '--role', 'staff', '--pin', '12']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('The PIN must be 4 to 8 digits');
    await bookWrite(db, "UPDATE staff SET failed_attempts = 9, locked_until = '2999-01-01T00:00:00.000Z' WHERE id = ?", [kofi.id]);
    expect(await cliJson(db, ['staff', 'pin', String(kofi.id), '--pin', '2468'])).toMatchObject({ lockedUntil: null });
    const list = await cli(['--db', db, 'staff', 'list']);
    expect(list.stdout).toMatch(/Kofi\s+staff\s+set\s+yes/);
  });
});

// SQLite only: it damages the book's file and restores it from a backup file, which a shared book has neither of.
describe('the command line as the owner of a book file', () => {
  it('lists backups of a damaged book, so the advice it gives can be followed', async () => {
    const db = tempDbFile();
    await cliJson(db, ['customers', 'add', '--first-name', 'Ama']);
    const backupFile = path.join(path.dirname(db), 'backups', 'manual-20261130-100000.db');
    expect((await cli(['--db', db, 'backup', '--out', backupFile])).code).toBe(0);
    const sqlite = new Database(db);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.close();
    const bytes = fs.readFileSync(db);
    bytes.fill(0x41, 4096 * 2, 4096 * 4);
    fs.writeFileSync(db, bytes);
    const refused = await cli(['--db', db, 'customers', 'list']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('regulars backups list');
    const listed = await cli(['--db', db, 'backups', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(backupFile);
    expect((await cli(['--db', db, 'restore', backupFile, '--yes'])).code).toBe(0);
    expect(await cliJson(db, ['customers', 'list'])).toMatchObject([{ firstName: 'Ama' }]);
  });
});
