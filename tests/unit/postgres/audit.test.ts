import { describe, expect, it } from 'vitest';
import { freshPostgresBook, skipPostgres } from '../../support/postgres-book';

const appendOnly = { code: '23001', message: 'The audit log is append-only' };

describe.skipIf(skipPostgres)('the audit log on PostgreSQL', () => {
  it('refuses to change or remove an entry, one by one or all at once', async () => {
    const { pool } = await freshPostgresBook();
    await pool.query("INSERT INTO audit_log (at, method, entity_type, entity_id) VALUES ('2026-01-01T00:00:00.000Z', 'customers.create', 'customer', 1)");
    await expect(pool.query("UPDATE audit_log SET method = 'customers.erase'")).rejects.toMatchObject(appendOnly);
    await expect(pool.query('DELETE FROM audit_log')).rejects.toMatchObject(appendOnly);
    await expect(pool.query('TRUNCATE audit_log CASCADE')).rejects.toMatchObject(appendOnly);
    expect((await pool.query('SELECT method FROM audit_log')).rows).toEqual([{ method: 'customers.create' }]);
  });

  it("refuses to change recorded values, and removes them only once their customer is erased", async () => {
    const { pool } = await freshPostgresBook();
    const customer = (await pool.query("INSERT INTO customers (first_name, created_at, updated_at) VALUES ('Ama', 'x', 'x') RETURNING id")).rows[0].id as number;
    const entry = (await pool.query("INSERT INTO audit_log (at, method) VALUES ('x', 'customers.update') RETURNING id")).rows[0].id as number;
    await pool.query(`INSERT INTO audit_changes (entry_id, customer_id, field, before, after) VALUES ($1, $2, 'phone', '"0244"', '"0245"'), ($1, NULL, 'shopName', '"A"', '"B"')`, [entry, customer]);

    await expect(pool.query("UPDATE audit_changes SET after = '\"0000\"'")).rejects.toMatchObject(appendOnly);
    await expect(pool.query('DELETE FROM audit_changes WHERE customer_id = $1', [customer])).rejects.toMatchObject(appendOnly);
    await expect(pool.query('TRUNCATE audit_changes')).rejects.toMatchObject(appendOnly);

    await pool.query("UPDATE customers SET erased_at = '2026-02-01T00:00:00.000Z' WHERE id = $1", [customer]);
    await pool.query('DELETE FROM audit_changes WHERE customer_id = $1', [customer]);
    await expect(pool.query('DELETE FROM audit_changes WHERE customer_id IS NULL')).rejects.toMatchObject(appendOnly);
    expect((await pool.query('SELECT field FROM audit_changes')).rows).toEqual([{ field: 'shopName' }]);
  });
});
