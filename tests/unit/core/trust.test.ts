import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../db/access';
import { hostMethods } from '../../../db/core';
import { hashPin, lockoutSeconds, verifyPin } from '../../../db/staff/pin';
import { methodNames, methods, type MethodName } from '../../../shared/contract';
import { describeEngines, openTestBook } from '../../support/engines';
import { ownerActor, value } from '../helpers';
import { ownerOnly, prepareFor, publicMethods, sampleInputs, shop, shops, type Shop } from './trust-shop';

describe('the role matrix, in the contract', () => {
  it('names every method once, and the contract agrees with it', () => {
    for (const method of methodNames) {
      const expected = publicMethods.includes(method) ? 'public' : ownerOnly.includes(method) ? 'owner' : 'staff';
      expect([method, methods[method].access]).toEqual([method, expected]);
    }
  });
});

describeEngines('the role matrix', (engine) => {
  const roles: [string, (s: Shop) => Actor | null][] = [
    ['owner', () => ownerActor],
    ['staff', (s) => s.staff],
    ['signed out', () => null],
  ];
  for (const [role, actorOf] of roles) {
    it(`as ${role}: every method is allowed or refused as the matrix says, and a refused call writes nothing`, async () => {
      // Each method meets a shop as it was set up: a new one after any call that changed a table (an
      // allowed write, or what prepareFor wrote). A refusal changes nothing (checked below), so the
      // next method may meet the same shop.
      const newShop = shops(engine);
      let s = await newShop();
      let pristine = await s.fingerprint();
      for (const method of methodNames) {
        if ((await s.fingerprint()) !== pristine) {
          await s.done();
          s = await newShop();
          pristine = await s.fingerprint();
        }
        await prepareFor(s, method);
        const actor = actorOf(s);
        const allowed = publicMethods.includes(method) || (actor !== null && (actor.role === 'owner' || !ownerOnly.includes(method)));
        const before = await s.fingerprint();
        const result = await s.core.handle(method, sampleInputs(s, actor)[method] as never, actor);
        if (allowed) {
          // Allowed means the role check let it through: it may still meet a rule (the owner's PIN is already set).
          if (!result.ok) expect([method, result.error.code]).not.toEqual([method, 'forbidden']);
          if (!result.ok && !(hostMethods as readonly string[]).includes(method)) expect([method, result.error.code]).toEqual([method, 'conflict']);
        } else {
          expect([method, result.ok ? 'ok' : result.error.code]).toEqual([method, 'forbidden']);
          expect(await s.fingerprint()).toBe(before);
        }
      }
    }, 180_000);
  }

  it('lets staff void only their own sales from the same shop day; the owner voids any', async () => {
    const s = await shop(engine, new Date('2026-11-30T09:00:00Z'));
    const asKofi = (method: MethodName, input: unknown) => s.core.handle(method, input as never, s.staff);
    const owners = s.sale;
    const mine = value((await asKofi('sales.record', { customerId: s.ama.id, amount: 700 })) as never) as { id: number };
    const before = await s.fingerprint();
    expect(await asKofi('sales.void', { id: owners.id, reason: 'mistake' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('someone else') } });
    expect(await s.fingerprint()).toBe(before);
    // Accra is UTC+0: the next shop day starts at midnight UTC.
    s.setClock(new Date('2026-12-01T00:30:00Z'));
    expect(await asKofi('sales.void', { id: mine.id, reason: 'mistake' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('earlier day') } });
    s.setClock(new Date('2026-11-30T23:59:00Z'));
    expect(await asKofi('sales.void', { id: mine.id, reason: 'mistake' })).toMatchObject({ ok: true, value: { voidedBy: { id: s.kofi.id } } });
    expect(await s.call('sales.void', { id: owners.id, reason: 'owner says so' })).toMatchObject({ ok: true });
  });

  it("lets staff edit their own notes but not someone else's", async () => {
    const s = await shop(engine);
    const asKofi = (method: MethodName, input: unknown) => s.core.handle(method, input as never, s.staff);
    expect(await asKofi('notes.edit', { id: s.note.id, text: 'changed' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const own = await asKofi('notes.add', { customerId: s.ama.id, type: 'preference', text: 'likes blue' });
    expect(own.ok).toBe(true);
    expect(await asKofi('notes.edit', { id: (own as { value: { id: number } }).value.id, text: 'likes green' })).toMatchObject({ ok: true, value: { text: 'likes green' } });
  });

  it('never lets the shop lose its last owner, and refuses two members with one name', async () => {
    const s = await shop(engine);
    expect(await s.call('staff.update', { id: 1, patch: { role: 'staff' } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await s.call('staff.update', { id: 1, patch: { active: false } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await s.call('staff.add', { name: 'kofi', role: 'staff', pin: '1111' })).toMatchObject({ ok: false, error: { code: 'conflict', fields: { name: expect.any(String) } } });
    value(await s.call('staff.update', { id: s.kofi.id, patch: { role: 'owner' } }));
    expect(await s.call('staff.update', { id: 1, patch: { role: 'staff' } })).toMatchObject({ ok: true, value: { role: 'staff' } });
  });
});

describeEngines('PINs', (engine) => {
  it('are hashed with scrypt and a salt per member, never stored as typed', async () => {
    const a = hashPin('1234');
    const b = hashPin('1234');
    expect(a).toMatch(/^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    // The key is scrypt's, from the PIN and the stored salt at the documented cost, and each hash has its own salt.
    const [, salt, key] = a.split('$');
    expect(scryptSync('1234', Buffer.from(salt, 'hex'), 32, { N: 16384, r: 8, p: 1 }).toString('hex')).toBe(key);
    expect(salt).not.toBe(b.split('$')[1]);
    expect(verifyPin('1234', a)).toBe(true);
    expect(verifyPin('1235', a)).toBe(false);
    expect(verifyPin('1234', 'plain$1234')).toBe(false);
    const s = await shop(engine);
    const [stored] = await s.book.rows<{ pin_hash: string }>('SELECT pin_hash FROM staff WHERE id = ?', [s.kofi.id]);
    expect(verifyPin('5678', stored.pin_hash)).toBe(true);
    // The hashes are random hex and may hold any four digits by chance ("…595678ae…" did once): look past them.
    const withoutHashes = (await s.fingerprint()).replace(/scrypt\$[0-9a-f]+\$[0-9a-f]+/g, 'scrypt$…');
    expect(withoutHashes).toContain('scrypt$…');
    expect(withoutHashes).not.toContain('5678');
  });

  it('must be 4 to 8 digits', async () => {
    const s = await shop(engine);
    for (const pin of ['123', '123456789', '12a4', ' 1234', '']) {
      expect(await s.call('staff.add', { name: 'Abena', role: 'staff', pin })).toMatchObject({ ok: false, error: { code: 'validation', message: 'pin: The PIN must be 4 to 8 digits' } });
    }
  });

  it('back off after wrong tries, growing to a lockout of five minutes, kept across restarts and lifted by the owner', async () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map(lockoutSeconds)).toEqual([0, 0, 5, 10, 20, 40, 80, 160, 300, 300]);
    const start = new Date('2026-11-30T10:00:00Z');
    const s = await shop(engine, start);
    const signIn = (pin: string) => s.core.handle('auth.signIn', { staffId: s.kofi.id, pin }, null);
    expect(await signIn('0000')).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Wrong PIN. Try again.' } });
    expect(await signIn('0000')).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Wrong PIN. Try again.' } });
    expect(await signIn('0000')).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Wrong PIN. Wait 5 seconds before trying again.' } });
    // Locked: even the right PIN waits, and is not counted as a try.
    expect(await signIn('5678')).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('Too many wrong PINs. Try again in 5 seconds') } });
    s.setClock(new Date(start.getTime() + 6_000));
    expect(await signIn('0000')).toMatchObject({ ok: false, error: { message: 'Wrong PIN. Wait 10 seconds before trying again.' } });
    // The count survives a restart: it is in the book, not in memory.
    const reopened = (await s.book.reopen({ now: () => new Date(start.getTime() + 20_000) })).core;
    expect(await reopened.handle('auth.signIn', { staffId: s.kofi.id, pin: '0000' }, null)).toMatchObject({ ok: false, error: { message: 'Wrong PIN. Wait 20 seconds before trying again.' } });
    for (let i = 0; i < 10; i++) {
      s.setClock(new Date(start.getTime() + 3_600_000 * (i + 1)));
      await signIn('0000');
    }
    const [row] = await s.book.rows<{ failed_attempts: number; locked_until: string }>('SELECT failed_attempts, locked_until FROM staff WHERE id = ?', [s.kofi.id]);
    expect(row.failed_attempts).toBe(15);
    expect(new Date(row.locked_until).getTime() - (start.getTime() + 3_600_000 * 10)).toBe(300_000);
    // The owner resets the PIN, which lifts the lockout at once.
    value(await s.call('staff.setPin', { id: s.kofi.id, pin: '2580' }));
    expect(await signIn('2580')).toMatchObject({ ok: true, value: { name: 'Kofi', role: 'staff' } });
    // Each wrong try is in the audit log, as a refusal.
    const [refused] = await s.book.rows<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE method = 'auth.signIn' AND details LIKE '%refused%'");
    expect(refused.n).toBeGreaterThanOrEqual(15);
  });

  it('sets up the owner once, on first run only', async () => {
    const { core } = await openTestBook(engine);
    expect(value((await core.handle('auth.status', {}, null)) as never)).toMatchObject({ needsOwnerSetup: true, signedIn: null, members: [] });
    expect(await core.handle('auth.setupOwner', { name: 'Esi', pin: '1234' }, null)).toMatchObject({ ok: true, value: { id: 1, name: 'Esi', role: 'owner', idleLockMinutes: 5 } });
    expect(await core.handle('auth.setupOwner', { name: 'Mallory', pin: '0000' }, null)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(value((await core.handle('auth.status', {}, null)) as never)).toMatchObject({ needsOwnerSetup: false, members: [{ id: 1, name: 'Esi', role: 'owner' }] });
  });
});
