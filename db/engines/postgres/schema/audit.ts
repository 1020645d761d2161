import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { serialId } from './columns';
import { staff } from './staff';

// Append-only, as on SQLite: triggers in the migration audit_append_only refuse updates and deletes.
export const auditLog = pgTable(
  'audit_log',
  {
    id: serialId(),
    at: text('at').notNull(),
    actorId: integer('actor_id').references(() => staff.id),
    actorLabel: text('actor_label'),
    method: text('method').notNull(),
    entityType: text('entity_type'),
    entityId: integer('entity_id'),
    details: text('details').notNull().default('{}'),
  },
  (t) => [index('audit_at').on(t.at), index('audit_method').on(t.method), index('audit_actor').on(t.actorId, t.at), index('audit_entity').on(t.entityType, t.entityId)],
);

export const auditChanges = pgTable(
  'audit_changes',
  {
    id: serialId(),
    entryId: integer('entry_id')
      .notNull()
      .references(() => auditLog.id),
    customerId: integer('customer_id'),
    field: text('field').notNull(),
    before: text('before'),
    after: text('after'),
  },
  (t) => [index('audit_changes_entry').on(t.entryId), index('audit_changes_customer').on(t.customerId)],
);
