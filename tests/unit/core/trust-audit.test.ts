import { expect, it } from 'vitest';
import { unauditedMethods } from '../../../db/audit';
import { hostMethods } from '../../../db/core';
import { methodNames, methods, type MethodName } from '../../../shared/contract';
import { describeEngines, type TestBook } from '../../support/engines';
import { ownerActor, value } from '../helpers';
import { prepareFor, sampleInputs, shop, shops, type Shop } from './trust-shop';

describeEngines('the audit log, for trust', (engine) => {
  const writeMethods = methodNames.filter((m) => methods[m].kind === 'write' && !(hostMethods as readonly string[]).includes(m));

  it('appends an entry for every write method, with who, what and which entity', async () => {
    const newShop = shops(engine);
    for (const method of writeMethods) {
      const s = await newShop();
      const inputs = sampleInputs(s);
      await prepareFor(s, method);
      const [{ id: before }] = await s.book.rows<{ id: number }>('SELECT max(id) AS id FROM audit_log');
      const actor = method === 'auth.signIn' || method === 'auth.setupOwner' ? null : ownerActor;
      if (method === 'auth.setupOwner') await s.book.rows('UPDATE staff SET pin_hash = NULL RETURNING id');
      const result = await s.core.handle(method, inputs[method] as never, actor);
      expect([method, result.ok]).toEqual([method, true]);
      const entries = await s.book.rows<{ method: string; actor_id: number | null; entity_type: string | null }>('SELECT method, actor_id, entity_type FROM audit_log WHERE id > ? ORDER BY id', [before]);
      // A Mailchimp sync's steps: the log keeps the run (mailchimp.finishRun), not each batch.
      const expected = unauditedMethods.has(method) ? [] : [{ method, actor_id: actor ? 1 : null, entity_type: expect.any(String) }];
      expect([method, entries]).toEqual([method, expected]);
      await s.done();
    }
  }, 180_000);

  it('keeps the before and after values of an update, shows them to the owner, and lets erasure remove them', async () => {
    const s = await shop(engine);
    value(await s.call('customers.update', { id: s.yaw.id, patch: { firstName: 'Yao', email: 'yao@example.com' } }));
    value(await s.core.handle('settings.update', { idleLockMinutes: 10 }, ownerActor));
    const page = value(await s.call('audit.list', { entityType: 'customer', entityId: s.yaw.id }));
    const update = page.entries.find((e) => e.method === 'customers.update')!;
    expect(update).toMatchObject({ actor: { id: 1, name: 'Esi' }, entityType: 'customer', entityId: s.yaw.id });
    expect(update.changes).toEqual(
      expect.arrayContaining([
        { field: 'first_name', before: 'Yaw', after: 'Yao' },
        { field: 'email', before: 'yaw@example.com', after: 'yao@example.com' },
      ]),
    );
    const settings = value(await s.call('audit.list', { entityType: 'settings' })).entries[0];
    expect(settings.changes).toEqual([{ field: 'idle_lock_minutes', before: 5, after: 10 }]);
    // Values stay put while the customer exists…
    await expect(s.book.rows('DELETE FROM audit_changes RETURNING id')).rejects.toThrow(/append-only/);
    await expect(s.book.rows("UPDATE audit_changes SET after = '\"x\"' RETURNING id")).rejects.toThrow(/append-only/);
    // …and go with erasure, while the entry saying who changed what, and when, stays.
    value(await s.call('customers.erase', { id: s.yaw.id, confirm: true }));
    const after = value(await s.call('audit.list', { entityType: 'customer', entityId: s.yaw.id }));
    expect(after.entries.find((e) => e.method === 'customers.update')).toMatchObject({ changes: [] });
    expect(JSON.stringify(after)).not.toContain('yao@example.com');
    expect(value(await s.call('audit.list', { entityType: 'settings' })).entries[0].changes).toHaveLength(1);
  });

  it('hides a PIN change, and filters by person and date, newest first, in pages', async () => {
    const s = await shop(engine);
    value(await s.call('staff.setPin', { id: s.kofi.id, pin: '1111' }));
    const pinChange = value(await s.call('audit.list', { entityType: 'staff', entityId: s.kofi.id })).entries[0];
    expect(pinChange.changes).toEqual([{ field: 'pin_hash', before: '(hidden)', after: '(changed)' }]);
    expect(JSON.stringify(pinChange)).not.toContain('1111');
    const kofiSale = await s.core.handle('sales.record', { customerId: s.ama.id, amount: 100 }, s.staff);
    expect(kofiSale.ok).toBe(true);
    expect(value(await s.call('audit.list', { actorId: s.kofi.id })).entries.map((e) => e.method)).toEqual(['sales.record', 'notes.add', 'sales.record']);
    expect(value(await s.call('audit.list', { from: '2026-12-01T00:00:00Z' })).entries).toEqual([]);
    const first = value(await s.call('audit.list', { limit: 2 }));
    expect(first.entries).toHaveLength(2);
    const second = value(await s.call('audit.list', { limit: 2, beforeId: first.nextBeforeId! }));
    expect(second.entries[0].id).toBeLessThan(first.entries[1].id);
  });
});

describeEngines('caps on what a caller may send', (engine) => {
  async function refused(call: TestBook['call'], method: MethodName, input: unknown, message: RegExp) {
    const result = await call(method, input as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(!result.ok && result.error.message).toMatch(message);
  }

  it('refuses over-long names, too many tags, huge notes and long searches with a clear message', async () => {
    const { call, ama } = await shop(engine);
    await refused(call, 'customers.create', { firstName: 'x'.repeat(101) }, /firstName: At most 100 characters/);
    await refused(call, 'customers.create', { firstName: 'Ama', tags: Array.from({ length: 31 }, (_, i) => `t${i}`) }, /At most 30 tags/);
    await refused(call, 'customers.create', { firstName: 'Ama', tags: ['x'.repeat(51)] }, /A tag is at most 50 characters/);
    await refused(call, 'notes.add', { customerId: ama.id, type: 'preference', text: 'x'.repeat(5_001) }, /text:/);
    await refused(call, 'customers.search', { query: 'x'.repeat(201) }, /query:/);
    await refused(call, 'preferences.update', { customerId: ama.id, patch: { favoriteProducts: Array.from({ length: 31 }, (_, i) => `p${i}`) } }, /At most 30 favourite products/);
    await refused(call, 'staff.add', { name: 'x'.repeat(61), role: 'staff', pin: '1234' }, /name: At most 60 characters/);
    await refused(call, 'sales.void', { id: 1, reason: 'x'.repeat(501) }, /reason:/);
    await refused(call, 'settings.update', { idleLockMinutes: 241 }, /At most 240 minutes/);
    await refused(call, 'settings.update', { backupFolder: 'backups/here' }, /Give a full folder path/);
    await refused(call, 'auth.signIn', { staffId: 1, pin: '1'.repeat(65) }, /pin:/);
    expect(value(await call('settings.update', { backupFolder: '/media/usb/backups', idleLockMinutes: 0 }))).toMatchObject({ backupFolder: '/media/usb/backups', idleLockMinutes: 0 });
    expect(value(await call('settings.update', { backupFolder: '' })).backupFolder).toBeNull();
  });
});

describeEngines('hostile import files', (engine) => {
  /** Refused, and nothing written; `s` is a shop of the test's own (a refusal leaves it as it was for the next). */
  async function importRefused(fileName: string, content: Buffer | string, message: RegExp, s?: Shop) {
    s ??= await shop(engine);
    const before = await s.fingerprint();
    const contentBase64 = typeof content === 'string' ? content : content.toString('base64');
    for (const method of ['imports.preview', 'imports.commit'] as const) {
      const result = await s.call(method, { fileName, contentBase64 });
      expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
      expect(!result.ok && result.error.message).toMatch(message);
    }
    expect(await s.fingerprint()).toBe(before);
  }

  it('refuses a 50 MB file before reading it', async () => {
    const fifty = Buffer.alloc(50 * 1024 * 1024, 'a,b\n');
    await importRefused('huge.csv', fifty, /too large: at most 20 MB/);
  });

  it('refuses a file a little over the limit after decoding it, naming its size', async () => {
    const justOver = Buffer.alloc(20 * 1024 * 1024 + 10, 'a,b\n');
    await importRefused('big.csv', justOver, /it is 20\.0 MB, and at most 20 MB can be imported/);
  });

  it('refuses a file whose only line is 1 MB', async () => {
    await importRefused('one-line.csv', Buffer.from('x'.repeat(1024 * 1024)), /line 1 is 1,048,576 characters long/);
  });

  it('refuses binary junk', async () => {
    let seed = 7;
    const junk = Buffer.alloc(200_000);
    for (let i = 0; i < junk.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      junk[i] = seed >> 16;
    }
    const s = await shop(engine);
    await importRefused('photo.csv', junk, /not a text file/, s);
    await importRefused('archive.csv', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 0)]), /not a text file/, s);
  });

  it('refuses a CSV whose quote never closes', async () => {
    await importRefused('quote.csv', Buffer.from('First Name,Email\nAma,ama@example.com\n"Kofi,kofi@example.com\nYaw,yaw@example.com\n'), /a quote opened in row 2 is never closed/);
  });

  it('refuses an empty file, and still reads a UTF-16 file with its byte-order mark', async () => {
    const s = await shop(engine);
    await importRefused('empty.csv', Buffer.alloc(0), /the file is empty/, s);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('First Name,Email\r\nAbena,abena@example.com\r\n', 'utf16le')]);
    const preview = await s.call('imports.preview', { fileName: 'unicode.txt', contentBase64: utf16.toString('base64') });
    expect(preview.ok ? preview.value.encoding : preview.error.message).toBe('utf16le');
  });
});
