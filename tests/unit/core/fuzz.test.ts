import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../db/core';
import { methodNames } from '../../../shared/contract';
import { tempDatabase, value } from '../helpers';

const tables = ['audit_log', 'customers', 'customer_preferences', 'notes', 'sales', 'timeline_events', 'consent_events', 'suppressions', 'saved_segments', 'import_batches', 'import_changes', 'settings', 'staff'];

/** Keys the contract uses, so random objects often get past the first check and reach deeper rules. */
const likelyKeys = ['id', 'customerId', 'firstName', 'lastName', 'phone', 'email', 'type', 'tags', 'amount', 'items', 'paymentMethod', 'occurredAt', 'reason', 'text', 'query', 'limit', 'offset', 'patch', 'status', 'sort', 'channel', 'method', 'wording', 'conditions', 'name', 'keepId', 'otherId', 'take', 'confirm', 'ref', 'segment', 'format', 'contentBase64', 'fileName', 'batchId', 'newCustomer', 'months', 'currency', 'phoneCountry'];
const scalar = fc.oneof(
  fc.integer({ min: -3, max: 5 }),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', '024 412 3456', 'a@b.co', '2026-01-01T00:00:00Z', 'vip', 'email', 'subscribed', '=1+1', '\u0000', 'NaN', '__proto__', 'constructor'),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const payload = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.dictionary(fc.constantFrom(...likelyKeys), fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom(...likelyKeys), scalar)), { maxKeys: 5 }),
);

describe('the contract under hostile input', () => {
  it('survives 10,000 seeded random payloads over every method: no crash, no internal error, no write from a rejected call', () => {
    const db = tempDatabase();
    const core = createCore(db, { onInternalError: (method, error) => { throw new Error(`${method} failed inside: ${String(error)}`); } });
    const ama = value(core.call('customers.create', { firstName: 'Ama', phone: '024 412 3456', email: 'ama@example.com' }));
    value(core.call('sales.record', { customerId: ama.id, amount: 1250 }));
    const fingerprint = () =>
      tables.map((t) => db.sqlite.prepare(`SELECT count(*) AS n, coalesce(max(rowid), 0) AS m FROM ${t}`).get() as { n: number; m: number }).map((r) => `${r.n}:${r.m}`).join('|') +
      JSON.stringify(db.sqlite.prepare('SELECT * FROM customers ORDER BY id').all()) +
      JSON.stringify(db.sqlite.prepare('SELECT * FROM settings').get());
    const seen = { ok: 0, rejected: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...methodNames, 'no.such.method', 'constructor'), payload, (method, input) => {
        const before = fingerprint();
        const result = core.handle(method, input);
        expect(typeof result.ok).toBe('boolean');
        if (result.ok) {
          seen.ok++;
          return;
        }
        seen.rejected++;
        expect(['validation', 'not_found', 'conflict', 'forbidden']).toContain(result.error.code);
        expect(typeof result.error.message).toBe('string');
        expect(fingerprint()).toBe(before);
      }),
      { numRuns: 10_000, seed: 20261122 },
    );
    expect(seen.rejected).toBeGreaterThan(5_000);
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 120_000);
});
