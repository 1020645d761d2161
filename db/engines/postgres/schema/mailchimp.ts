import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { mailchimpMemberStatuses, mailchimpRunOutcomes } from '../../../../shared/contract/mailchimp';
import { oneOf, serialId } from './columns';
import { customers } from './customers';
import { staff } from './staff';

export const mailchimpMembers = pgTable(
  'mailchimp_members',
  {
    customerId: integer('customer_id')
      .primaryKey()
      .references(() => customers.id),
    emailHash: text('email_hash').notNull(),
    digest: text('digest'),
    tags: text('tags').notNull().default('[]'),
    status: text('status', { enum: mailchimpMemberStatuses }),
    consentAt: text('consent_at'),
    syncedAt: text('synced_at').notNull(),
  },
  (t) => [
    index('mailchimp_members_hash').on(t.emailHash),
    check('mailchimp_members_status_check', sql`${t.status} IS NULL OR ${t.status} IN (${sql.raw(mailchimpMemberStatuses.map((s) => `'${s}'`).join(','))})`),
  ],
);

export const mailchimpDeletes = pgTable('mailchimp_deletes', {
  emailHash: text('email_hash').primaryKey(),
  requestedAt: text('requested_at').notNull(),
});

export const mailchimpRuns = pgTable(
  'mailchimp_runs',
  {
    id: serialId(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    outcome: text('outcome', { enum: mailchimpRunOutcomes }).notNull(),
    counts: text('counts').notNull().default('{}'),
    failures: text('failures').notNull().default('[]'),
    error: text('error'),
    actorId: integer('actor_id').references(() => staff.id),
    actorLabel: text('actor_label'),
  },
  (t) => [oneOf('mailchimp_runs_outcome_check', t.outcome, mailchimpRunOutcomes)],
);
