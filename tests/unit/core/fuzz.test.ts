import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../db/core';
import type { Actor } from '../../../db/access';
import { methodNames, methods, type MethodName } from '../../../shared/contract';
import { ownerActor, tempDatabase, value } from '../helpers';

const tables = ['audit_log', 'audit_changes', 'customers', 'customer_preferences', 'notes', 'sales', 'timeline_events', 'consent_events', 'suppressions', 'saved_segments', 'import_batches', 'import_changes', 'settings', 'staff'];

/** Keys the contract uses, so random objects often get past the first check and reach deeper rules. */
const likelyKeys = ['id', 'customerId', 'firstName', 'lastName', 'phone', 'email', 'type', 'tags', 'amount', 'items', 'paymentMethod', 'occurredAt', 'reason', 'text', 'query', 'limit', 'offset', 'patch', 'status', 'sort', 'channel', 'method', 'wording', 'conditions', 'name', 'keepId', 'otherId', 'take', 'confirm', 'ref', 'segment', 'format', 'contentBase64', 'fileName', 'batchId', 'newCustomer', 'months', 'currency', 'phoneCountry', 'staffId', 'pin', 'role', 'active', 'actorId', 'entityType', 'entityId', 'from', 'to', 'beforeId', 'file', 'idleLockMinutes', 'backupFolder'];
const scalar = fc.oneof(
  fc.integer({ min: -3, max: 5 }),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', '024 412 3456', 'a@b.co', '2026-01-01T00:00:00Z', 'vip', 'email', 'subscribed', '=1+1', '\u0000', 'NaN', '1234', '5678', 'owner', 'staff', '__proto__', 'constructor'),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const payload = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.dictionary(fc.constantFrom(...likelyKeys), fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom(...likelyKeys), scalar)), { maxKeys: 5 }),
);

describe('the contract under hostile input', () => {
  it('survives 10,000 seeded random payloads over every method and every role: no crash, no internal error, no write from a rejected call', async () => {
    const db = tempDatabase();
    const core = createCore(db, { onInternalError: (method, error) => { throw new Error(`${method} failed inside: ${String(error)}`); } });
    value(core.call('auth.setupOwner', { name: 'Owner', pin: '1234' }));
    const kofi = value(core.call('staff.add', { name: 'Kofi', role: 'staff', pin: '5678' }));
    const ama = value(core.call('customers.create', { firstName: 'Ama', phone: '024 412 3456', email: 'ama@example.com' }));
    value(core.call('sales.record', { customerId: ama.id, amount: 1250 }));
    const staffActor: Actor = { id: kofi.id, role: 'staff' };
    /** A wrong PIN is the one refusal that writes: the count of wrong tries (and its audit entry) must survive it. */
    const fingerprint = (ignoreSignInBookkeeping: boolean) =>
      tables
        .filter((t) => !ignoreSignInBookkeeping || (t !== 'audit_log' && t !== 'staff'))
        .map((t) => db.sqlite.prepare(`SELECT count(*) AS n, coalesce(max(rowid), 0) AS m FROM ${t}`).get() as { n: number; m: number })
        .map((r) => `${r.n}:${r.m}`)
        .join('|') +
      JSON.stringify(db.sqlite.prepare('SELECT * FROM customers ORDER BY id').all()) +
      JSON.stringify(db.sqlite.prepare('SELECT * FROM settings').get()) +
      (ignoreSignInBookkeeping ? '' : JSON.stringify(db.sqlite.prepare('SELECT * FROM staff ORDER BY id').all()));
    const seen = { ok: 0, okBehindRole: 0, rejected: 0, forbidden: 0 };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methodNames, 'no.such.method', 'constructor'), payload, fc.constantFrom<Actor | null>(ownerActor, staffActor, null), async (method, input, actor) => {
        const signIn = method === 'auth.signIn';
        const before = fingerprint(signIn);
        // Past the types on purpose: the core's own check (parseCall) must hold without them.
        const result = await core.handle(method as MethodName, input as never, actor);
        expect(typeof result.ok).toBe('boolean');
        if (result.ok) {
          seen.ok++;
          // Nothing succeeds above the caller's role.
          const access = methods[method as MethodName].access;
          if (access === 'owner') expect(actor?.role).toBe('owner');
          if (access === 'staff') expect(actor).not.toBeNull();
          if (access !== 'public') seen.okBehindRole++;
          return;
        }
        seen.rejected++;
        if (result.error.code === 'forbidden') seen.forbidden++;
        // not_found and conflict are a well-formed call meeting the data (no customer 5, an email in use), never a crash.
        expect(['validation', 'not_found', 'conflict', 'forbidden']).toContain(result.error.code);
        expect(typeof result.error.message).toBe('string');
        expect(fingerprint(signIn)).toBe(before);
      }),
      { numRuns: 10_000, seed: 20261122 },
    );
    expect(seen.rejected).toBeGreaterThan(5_000);
    // The role checks above ran on successes behind a role, not only on public methods.
    expect(seen.okBehindRole).toBeGreaterThan(50);
    expect(seen.forbidden).toBeGreaterThan(2_000);
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 120_000);
});
