import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { consentChannels, consentMethods, settableConsentStatuses } from '../../../../shared/contract/consent';
import { suppressionKinds, suppressionReasons } from '../../../../shared/contract/suppression';
import { oneOf, serialId } from './columns';
import { customers } from './customers';
import { staff } from './staff';

export const consentEvents = pgTable(
  'consent_events',
  {
    id: serialId(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    channel: text('channel', { enum: consentChannels }).notNull(),
    status: text('status', { enum: settableConsentStatuses }).notNull(),
    method: text('method', { enum: consentMethods }).notNull(),
    wording: text('wording').notNull(),
    actorId: integer('actor_id').references(() => staff.id),
    actorLabel: text('actor_label'),
    at: text('at').notNull(),
  },
  (t) => [
    index('consent_customer_at').on(t.customerId, t.at),
    oneOf('consent_events_channel_check', t.channel, consentChannels),
    oneOf('consent_events_status_check', t.status, settableConsentStatuses),
    oneOf('consent_events_method_check', t.method, consentMethods),
  ],
);


export const suppressions = pgTable(
  'suppressions',
  {
    id: serialId(),
    kind: text('kind', { enum: suppressionKinds }).notNull(),
    valueHash: text('value_hash').notNull(),
    reason: text('reason', { enum: suppressionReasons }).notNull(),
    at: text('at').notNull(),
    shown: text('shown'),
    note: text('note'),
    actorId: integer('actor_id').references(() => staff.id),
    actorLabel: text('actor_label'),
  },
  (t) => [
    uniqueIndex('suppressions_kind_hash').on(t.kind, t.valueHash),
    oneOf('suppressions_kind_check', t.kind, suppressionKinds),
    oneOf('suppressions_reason_check', t.reason, suppressionReasons),
  ],
);
