import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** A named set of conditions the owner built; its count is always computed live. */
export const savedSegments = sqliteTable(
  'saved_segments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** JSON, parsed with the contract's schema when read. */
    conditions: text('conditions').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('saved_segments_name').on(t.name)],
);
