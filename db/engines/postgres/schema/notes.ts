import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { noteTypes } from '../../../../shared/contract/notes';
import { flag, flagCheck, no, oneOf, serialId } from './columns';
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
    alert: flag('alert').notNull().default(no),
    alertClearedAt: text('alert_cleared_at'),
    alertClearedBy: integer('alert_cleared_by').references(() => staff.id),
    alertClearedByLabel: text('alert_cleared_by_label'),
  },
  (t) => [uniqueIndex('notes_ref').on(t.ref), index('notes_customer_created').on(t.customerId, t.createdAt), oneOf('notes_type_check', t.type, noteTypes), flagCheck('notes_alert_check', t.alert)],
);
