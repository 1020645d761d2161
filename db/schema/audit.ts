import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { staff } from './staff';

/**
 * Every write through the contract, in the same transaction as the write: who, when, which method,
 * which entity, and a summary that names fields but keeps no personal values (erasure must be able
 * to remove a person, and this table is append-only: triggers refuse updates and deletes).
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actorId: integer('actor_id').references(() => staff.id),
    method: text('method').notNull(),
    entityId: integer('entity_id'),
    /** JSON. */
    details: text('details').notNull().default('{}'),
  },
  (t) => [index('audit_at').on(t.at), index('audit_method').on(t.method)],
);
