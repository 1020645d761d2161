import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { customers } from './customers';
import { staff } from './staff';

/** One committed import: what it did, so it can be reported and undone as a whole. */
export const importBatches = sqliteTable('import_batches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  fileName: text('file_name').notNull(),
  format: text('format').notNull(),
  actorId: integer('actor_id').references(() => staff.id),
  /** Who imported it when no member of staff did ("command line (ama)"), as the audit log names them. */
  actorLabel: text('actor_label'),
  createdAt: text('created_at').notNull(),
  created: integer('created').notNull(),
  updated: integer('updated').notNull(),
  skipped: integer('skipped').notNull(),
  undoneAt: text('undone_at'),
});

/** Each customer an import touched, with the row as it was before, to undo exactly. */
export const importChanges = sqliteTable(
  'import_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id')
      .notNull()
      .references(() => importBatches.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    action: text('action', { enum: ['created', 'updated'] }).notNull(),
    /** JSON of the customer and preference columns before an update. */
    before: text('before'),
  },
  (t) => [index('import_changes_batch').on(t.batchId)],
);
