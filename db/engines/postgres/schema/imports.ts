import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { importChanges as sqliteImportChanges } from '../../../schema/imports';
import { oneOf, serialId } from './columns';
import { customers } from './customers';
import { staff } from './staff';

export const importBatches = pgTable('import_batches', {
  id: serialId(),
  fileName: text('file_name').notNull(),
  format: text('format').notNull(),
  actorId: integer('actor_id').references(() => staff.id),
  actorLabel: text('actor_label'),
  createdAt: text('created_at').notNull(),
  created: integer('created').notNull(),
  updated: integer('updated').notNull(),
  skipped: integer('skipped').notNull(),
  undoneAt: text('undone_at'),
});

// The contract has no list of these: the SQLite schema is where they are written down.
const importActions = sqliteImportChanges.action.enumValues;

export const importChanges = pgTable(
  'import_changes',
  {
    id: serialId(),
    batchId: integer('batch_id')
      .notNull()
      .references(() => importBatches.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    action: text('action', { enum: importActions }).notNull(),
    before: text('before'),
  },
  (t) => [index('import_changes_batch').on(t.batchId), oneOf('import_changes_action_check', t.action, importActions)],
);
