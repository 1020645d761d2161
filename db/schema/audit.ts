import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { staff } from './staff';

/**
 * Every write through the contract, in the same transaction as the write: who, when, which method,
 * which entity, and a summary that names fields. Personal values changed by an update live in
 * audit_changes, so that erasure can remove them; this table is append-only (triggers refuse
 * updates and deletes).
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actorId: integer('actor_id').references(() => staff.id),
    /** Who acted when no member of staff did, e.g. "command line (ama)". */
    actorLabel: text('actor_label'),
    method: text('method').notNull(),
    /** customer, sale, note, staff, settings, import, segment… */
    entityType: text('entity_type'),
    entityId: integer('entity_id'),
    /** JSON. */
    details: text('details').notNull().default('{}'),
  },
  (t) => [index('audit_at').on(t.at), index('audit_method').on(t.method), index('audit_actor').on(t.actorId, t.at), index('audit_entity').on(t.entityType, t.entityId)],
);

/**
 * The before and after values of an update, one row per changed field. Kept apart from the entry so
 * that erasure can remove a person's values while the entry itself stays: triggers refuse updates,
 * and refuse deletes unless the customer the values belong to has been erased.
 */
export const auditChanges = sqliteTable(
  'audit_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => auditLog.id),
    customerId: integer('customer_id'),
    field: text('field').notNull(),
    /** JSON values. */
    before: text('before'),
    after: text('after'),
  },
  (t) => [index('audit_changes_entry').on(t.entryId), index('audit_changes_customer').on(t.customerId)],
);
