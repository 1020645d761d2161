import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { mailchimpMemberStatuses, mailchimpRunOutcomes } from '../../shared/contract/mailchimp';
import { customers, sqlValues } from './customers';
import { staff } from './staff';

/**
 * What the book last told Mailchimp of each customer a sync has sent, and what Mailchimp last said
 * of them: a sync sends only what changed since, and never sends a status again unless consent
 * changed here (db/mailchimp/service.ts).
 */
export const mailchimpMembers = sqliteTable(
  'mailchimp_members',
  {
    customerId: integer('customer_id')
      .primaryKey()
      .references(() => customers.id),
    /** MD5 of the lower-cased email last sent: Mailchimp's name for the member. */
    emailHash: text('email_hash').notNull(),
    /** Fingerprint of the fields and tags last accepted; null when Mailchimp refused the last send. */
    digest: text('digest'),
    /** The tags last sent (JSON), so that one no longer true is turned off there. */
    tags: text('tags').notNull().default('[]'),
    /** The member's status in Mailchimp as last known. */
    status: text('status', { enum: mailchimpMemberStatuses }),
    /** The time of the consent event whose status was last sent: a newer one is a change to send. */
    consentAt: text('consent_at'),
    syncedAt: text('synced_at').notNull(),
  },
  (t) => [
    index('mailchimp_members_hash').on(t.emailHash),
    check('mailchimp_members_status_check', sql`${t.status} IS NULL OR ${t.status} IN (${sqlValues(mailchimpMemberStatuses)})`),
  ],
);

/**
 * Erasures to send: the member's hash (never the address), kept until Mailchimp has deleted the
 * member for good, so that an erasure made while it was out of reach is sent by the next sync.
 */
export const mailchimpDeletes = sqliteTable('mailchimp_deletes', {
  emailHash: text('email_hash').primaryKey(),
  requestedAt: text('requested_at').notNull(),
});

/** The sync log: each run, who started it, what it did and what failed. */
export const mailchimpRuns = sqliteTable(
  'mailchimp_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    outcome: text('outcome', { enum: mailchimpRunOutcomes }).notNull(),
    /** MailchimpCounts as JSON. */
    counts: text('counts').notNull().default('{}'),
    /** The first failures (JSON: email and Mailchimp's reason). */
    failures: text('failures').notNull().default('[]'),
    error: text('error'),
    actorId: integer('actor_id').references(() => staff.id),
    actorLabel: text('actor_label'),
  },
  (t) => [check('mailchimp_runs_outcome_check', sql`${t.outcome} IN (${sqlValues(mailchimpRunOutcomes)})`)],
);
