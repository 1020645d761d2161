import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { noteTypes } from '../../shared/contract/notes';
import { customers } from './customers';
import { staff } from './staff';

export const notes = sqliteTable(
  'notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    type: text('type', { enum: noteTypes }).notNull(),
    text: text('text').notNull(),
    authorId: integer('author_id').references(() => staff.id),
    /** Who wrote it when no member of staff did ("command line (ama)"), as the audit log names them. */
    authorLabel: text('author_label'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    /**
     * The id the till gave the note when it was typed: a note kept in a till's outbox while the shared
     * book was out of reach is sent again until it is acknowledged, and the book takes it once.
     */
    ref: text('ref'),
    /** An alert ("allergic to nuts", "owes £20"): shown at the top of the profile and in the quick sale until cleared. */
    alert: integer('alert', { mode: 'boolean' }).notNull().default(false),
    /** When the alert was cleared, and by whom: the note stays in the history. */
    alertClearedAt: text('alert_cleared_at'),
    alertClearedBy: integer('alert_cleared_by').references(() => staff.id),
    alertClearedByLabel: text('alert_cleared_by_label'),
  },
  (t) => [uniqueIndex('notes_ref').on(t.ref), index('notes_customer_created').on(t.customerId, t.createdAt)],
);
