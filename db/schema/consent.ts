import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { consentChannels, consentMethods, settableConsentStatuses } from '../../shared/contract/consent';
import { suppressionKinds, suppressionReasons } from '../../shared/contract/suppression';
import { customers } from './customers';
import { staff } from './staff';

/** Every consent change, kept: who, when, how, and the words the customer was shown. */
export const consentEvents = sqliteTable(
  'consent_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    channel: text('channel', { enum: consentChannels }).notNull(),
    status: text('status', { enum: settableConsentStatuses }).notNull(),
    method: text('method', { enum: consentMethods }).notNull(),
    wording: text('wording').notNull(),
    actorId: integer('actor_id').references(() => staff.id),
    /** Who recorded it when no member of staff did ("command line (ama)"), as the audit log names them. */
    actorLabel: text('actor_label'),
    at: text('at').notNull(),
  },
  (t) => [index('consent_customer_at').on(t.customerId, t.at)],
);

/**
 * Contacts that must not be mailed or texted again: kept as SHA-256 of the normalised value so an
 * erased customer's address is not kept in the clear, and no later import can put them back.
 */
export const suppressions = sqliteTable(
  'suppressions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: suppressionKinds }).notNull(),
    valueHash: text('value_hash').notNull(),
    reason: text('reason', { enum: suppressionReasons }).notNull(),
    at: text('at').notNull(),
    /**
     * The address as the owner's list shows it: whole, or masked once its customer is erased (their
     * address is kept only as value_hash). Null for rows from before the list showed addresses.
     */
    shown: text('shown'),
    /** Why, in words: Mailchimp's answer, or the owner's note for an address added by hand. */
    note: text('note'),
    actorId: integer('actor_id').references(() => staff.id),
    actorLabel: text('actor_label'),
  },
  (t) => [uniqueIndex('suppressions_kind_hash').on(t.kind, t.valueHash)],
);
