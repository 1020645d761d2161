import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { noteTypes } from '../../../../shared/contract/notes';
import { oneOf, serialId } from './columns';
import { customers } from './customers';
import { staff } from './staff';

export const notes = pgTable(
  'notes',
  {
    id: serialId(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    type: text('type', { enum: noteTypes }).notNull(),
    text: text('text').notNull(),
    authorId: integer('author_id').references(() => staff.id),
    authorLabel: text('author_label'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    ref: text('ref'),
  },
  (t) => [uniqueIndex('notes_ref').on(t.ref), index('notes_customer_created').on(t.customerId, t.createdAt), oneOf('notes_type_check', t.type, noteTypes)],
);
