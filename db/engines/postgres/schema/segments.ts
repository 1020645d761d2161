import { pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { serialId } from './columns';

export const savedSegments = pgTable(
  'saved_segments',
  {
    id: serialId(),
    name: text('name').notNull(),
    conditions: text('conditions').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('saved_segments_name').on(t.name)],
);
