// The customers of a SQLite book, copied as they are into a PostgreSQL book's empty customers table:
// enough for comparing what the two engines' searches find (the book move proper is db/engines/move.ts).
import type Database from 'better-sqlite3';
import { getTableColumns } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { customers } from '../../db/engines/postgres/schema';

type CustomerInsert = typeof customers.$inferInsert;

/** 1,000 rows of some 30 columns a statement: well within PostgreSQL's 65,535 parameters. */
const BATCH = 1000;

export async function copyCustomersToPostgres(sqlite: Database.Database, db: NodePgDatabase<Record<string, unknown>>): Promise<number> {
  const columns = Object.entries(getTableColumns(customers)).map(([key, column]) => ({ key, name: column.name }));
  const rows = sqlite.prepare('SELECT * FROM customers ORDER BY id').all() as Record<string, unknown>[];
  const merges: { id: number; into: number }[] = [];
  for (let from = 0; from < rows.length; from += BATCH) {
    const batch = rows.slice(from, from + BATCH).map((row) => {
      const values = Object.fromEntries(columns.map(({ key, name }) => [key, row[name]])) as CustomerInsert;
      // Staff are not copied, and a record may be merged into a later one: references come after.
      values.createdBy = null;
      if (values.mergedInto != null) merges.push({ id: values.id!, into: values.mergedInto });
      values.mergedInto = null;
      return values;
    });
    await db.insert(customers).values(batch);
  }
  for (const { id, into } of merges) await db.execute(`UPDATE customers SET merged_into = ${into} WHERE id = ${id}`);
  await db.execute("SELECT setval(pg_get_serial_sequence('customers', 'id'), (SELECT coalesce(max(id), 1) FROM customers))");
  // Every table, the derived ones the triggers filled too (customer_search, customer_phone_grams): the
  // planner's choices the search tests check then rest on statistics taken now, not on whenever
  // autovacuum happens to take them.
  await db.execute('ANALYZE');
  return rows.length;
}
