import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { contactChannels } from '../../shared/contract/preferences';
import { consentStatuses } from '../../shared/contract/consent';
import { customerStatuses, customerTypes } from '../../shared/contract/customers';
import { paymentMethods } from '../../shared/contract/sales';
import { staff } from './staff';

/** A CHECK's `IN (...)` list from a contract array, so the database accepts exactly what the contract does. */
export const sqlValues = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(','));

export const customers = sqliteTable(
  'customers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firstName: text('first_name').notNull(),
    lastName: text('last_name'),
    phone: text('phone'),
    phoneE164: text('phone_e164'),
    /** Digit forms of the phone for the search index (international and national). */
    phoneSearch: text('phone_search'),
    email: text('email'),
    address: text('address'),
    birthdayMonth: integer('birthday_month'),
    birthdayDay: integer('birthday_day'),
    birthdayYear: integer('birthday_year'),
    type: text('type', { enum: customerTypes }).notNull().default('walk_in'),
    /** JSON array of strings. */
    tags: text('tags').notNull().default('[]'),
    source: text('source'),
    status: text('status', { enum: customerStatuses }).notNull().default('active'),
    createdAt: text('created_at').notNull(),
    createdBy: integer('created_by').references(() => staff.id),
    /** Who created it when no member of staff did ("command line (ama)"), as the audit log names them. */
    createdByLabel: text('created_by_label'),
    updatedAt: text('updated_at').notNull(),
    // History aggregates, kept exact in the same transaction as every sale and void.
    purchaseCount: integer('purchase_count').notNull().default(0),
    totalSpent: integer('total_spent').notNull().default(0),
    itemsBought: integer('items_bought').notNull().default(0),
    firstPurchaseAt: text('first_purchase_at'),
    lastPurchaseAt: text('last_purchase_at'),
    /**
     * An opening history brought in by an import (Shopify's Total Orders and Total Spent): undated, so
     * it counts in purchase_count and total_spent (which include it) but never in first/last purchase.
     */
    importedPurchases: integer('imported_purchases').notNull().default(0),
    importedSpent: integer('imported_spent').notNull().default(0),
    /** The current consent per channel; the history is in consent_events. Nobody is subscribed by default. */
    emailConsent: text('email_consent', { enum: consentStatuses }).notNull().default('not_asked'),
    smsConsent: text('sms_consent', { enum: consentStatuses }).notNull().default('not_asked'),
    /** Set when the customer's personal data was erased on request: their anonymised sales stay. */
    erasedAt: text('erased_at'),
    /** Set when this record was merged into another: it is archived and can never be merged again. */
    mergedInto: integer('merged_into').references((): AnySQLiteColumn => customers.id),
    /** Loyalty points held: the sum of the customer's loyalty_entries, never below 0 (db/loyalty/service.ts). */
    loyaltyPoints: integer('loyalty_points').notNull().default(0),
    /** The code on the customer's card (shared/contract/cards.ts), as a scanner types it: unique, upper case. */
    cardCode: text('card_code'),
  },
  (t) => [
    uniqueIndex('customers_phone_e164_unique').on(t.phoneE164),
    uniqueIndex('customers_email_unique').on(t.email),
    uniqueIndex('customers_card_code_unique').on(t.cardCode),
    // NOCASE, as the directory sorts names: the index then serves the sort and no page sorts the whole table.
    index('customers_status_name_nocase').on(t.status, sql`${t.firstName} COLLATE NOCASE`, sql`${t.lastName} COLLATE NOCASE`),
    // A search matching thousands reads the last names that start with it in order, from here.
    index('customers_status_last_name_nocase').on(t.status, sql`${t.lastName} COLLATE NOCASE`, sql`${t.firstName} COLLATE NOCASE`),
    index('customers_status_spent').on(t.status, t.totalSpent),
    index('customers_status_last_purchase').on(t.status, t.lastPurchaseAt),
    index('customers_status_created').on(t.status, t.createdAt),
    // A directory filtered by type, sorted by spend or last purchase: count and page from the index
    // alone (erased_at is in it so "not erased" needs no row), at any offset.
    index('customers_status_type_spent').on(t.status, t.type, t.erasedAt, t.totalSpent),
    index('customers_status_type_last_purchase').on(t.status, t.type, t.erasedAt, t.lastPurchaseAt),
    // Stats and segments count ranges of these instead of reading every customer row.
    index('customers_status_purchases').on(t.status, t.purchaseCount, t.totalSpent),
    index('customers_status_email_consent').on(t.status, t.emailConsent),
    // The day too, so that a week's birthdays are counted from the index alone.
    index('customers_status_birthday_day').on(t.status, t.birthdayMonth, t.birthdayDay),
    // "Customer for a year this week" asks for the month and day of the first purchase: found here, not by reading every customer.
    index('customers_status_anniversary').on(t.status, sql`substr(${t.firstPurchaseAt}, 6, 5)`, t.firstPurchaseAt),
    check('customers_type_check', sql`${t.type} IN (${sqlValues(customerTypes)})`),
    check('customers_status_check', sql`${t.status} IN (${sqlValues(customerStatuses)})`),
    check('customers_aggregates_check', sql`${t.purchaseCount} >= 0 AND ${t.totalSpent} >= 0 AND ${t.itemsBought} >= 0`),
  ],
);

export const preferences = sqliteTable('customer_preferences', {
  customerId: integer('customer_id')
    .primaryKey()
    .references(() => customers.id),
  channel: text('channel', { enum: contactChannels }),
  bestTime: text('best_time'),
  doNotContact: integer('do_not_contact', { mode: 'boolean' }).notNull().default(false),
  /** JSON array of strings. */
  favoriteProducts: text('favorite_products').notNull().default('[]'),
  paymentMethod: text('payment_method', { enum: paymentMethods }),
  offersOptIn: integer('offers_opt_in', { mode: 'boolean' }).notNull().default(false),
  loyaltyOptIn: integer('loyalty_opt_in', { mode: 'boolean' }).notNull().default(false),
  updatedAt: text('updated_at').notNull(),
});

export const timelineEvents = sqliteTable(
  'timeline_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind').notNull(),
    at: text('at').notNull(),
    actorId: integer('actor_id').references(() => staff.id),
    /** Who acted when no member of staff did ("command line (ama)"), as the audit log names them. */
    actorLabel: text('actor_label'),
    /** JSON object. */
    data: text('data').notNull().default('{}'),
  },
  (t) => [index('timeline_customer_at').on(t.customerId, t.at)],
);
