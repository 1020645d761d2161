import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
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
  },
  (t) => [index('notes_customer_created').on(t.customerId, t.createdAt)],
);
