import { describe, expect, it } from 'vitest';
import { createCore } from '../../../db/core';
import { openDatabase } from '../../../db/open';
import { migrationsFolder, ownerActor, tempDatabase, value } from '../helpers';

/** The book as it stands, read by a core of its own on a second connection (another process, in effect). */
function secondConnection(file: string) {
  const other = openDatabase({ file, migrationsFolder });
  return { core: createCore(other), close: () => other.close() };
}

describe('core.snapshot', () => {
  it('its reads see one state of the book, while another connection commits in between', async () => {
    const db = tempDatabase();
    const core = createCore(db);
    const other = secondConnection(db.file);
    try {
      const counts = await core.snapshot(async () => {
        const before = value(await core.handle('customers.list', {}, ownerActor)).total;
        value(other.core.call('customers.create', { firstName: 'Ama' }));
        const after = value(await core.handle('customers.list', {}, ownerActor)).total;
        return { before, after };
      });
      expect(counts).toEqual({ before: 0, after: 0 });
      // Once the snapshot ends, the other connection's customer is there.
      expect(value(await core.handle('customers.list', {}, ownerActor)).total).toBe(1);
    } finally {
      other.close();
    }
  });

  it('ends its transaction when the reads throw, and passes the error on', async () => {
    const db = tempDatabase();
    const core = createCore(db);
    const failure = new Error('a read went wrong');
    await expect(
      core.snapshot(async () => {
        await core.handle('customers.list', {}, ownerActor);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(db.sqlite.inTransaction).toBe(false);
    // The connection is usable, and can open the next snapshot.
    expect(await core.snapshot(async () => value(await core.handle('customers.list', {}, ownerActor)).total)).toBe(0);
  });

  it('a write made inside commits with it, and a refused one leaves the snapshot usable', async () => {
    const db = tempDatabase();
    const core = createCore(db);
    const created = await core.snapshot(async () => {
      const ama = value(await core.handle('customers.create', { firstName: 'Ama', phone: '024 412 3456' }, ownerActor));
      const clash = await core.handle('customers.create', { firstName: 'Kofi', phone: '024 412 3456' }, ownerActor);
      expect(clash.ok).toBe(false);
      return { ama, total: value(await core.handle('customers.list', {}, ownerActor)).total };
    });
    expect(created.total).toBe(1);
    const other = secondConnection(db.file);
    try {
      expect(value(other.core.call('customers.get', { id: created.ama.id })).firstName).toBe('Ama');
      expect(value(other.core.call('customers.list', {})).total).toBe(1);
    } finally {
      other.close();
    }
  });

  it('refuses a second snapshot while one is open on the same connection', async () => {
    const db = tempDatabase();
    const core = createCore(db);
    await expect(core.snapshot(() => core.snapshot(async () => 'inner'))).rejects.toThrow(/already open/);
    expect(db.sqlite.inTransaction).toBe(false);
  });
});
