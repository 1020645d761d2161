import { z } from 'zod';
import type { ConsentState } from './consent';
import type { Customer, History, TimelineEvent } from './customers';
import { id } from './common';
import { write } from './define';
import type { Note } from './notes';
import type { Preferences } from './preferences';
import type { Sale } from './sales';

export const mailchimpHeaders = ['Email Address', 'First Name', 'Last Name', 'Address', 'Phone Number', 'Birthday', 'Tags'] as const;
export const leftOutReasons = ['invalid_email', 'role_address', 'duplicate_email', 'suppressed', 'do_not_contact'] as const;
export type LeftOutReason = (typeof leftOutReasons)[number];

export interface LeftOut {
  customerId: number;
  email: string;
  reason: LeftOutReason;
}

export interface MailchimpExport {
  /** UTF-8 CSV with exactly the Mailchimp headers; every cell neutralised against formula injection. */
  csv: string;
  /** The customers left out, with why, as CSV for the `…-left-out.csv` report. */
  leftOutCsv: string;
  exported: number;
  leftOut: LeftOut[];
}

export interface FileExport {
  format: 'csv' | 'json';
  content: string;
  rows: number;
}

/** Everything held about one person, for an access request. */
export interface CustomerDataExport {
  exportedAt: string;
  customer: Customer;
  history: History;
  preferences: Preferences;
  consent: ConsentState;
  notes: Note[];
  sales: Sale[];
  timeline: TimelineEvent[];
}

/** Exports are writes: each one is recorded in the audit log (who, when, segment, rows). */
export const exportMethods = {
  'exports.customers': write<FileExport>()(z.object({ format: z.enum(['csv', 'json']).default('csv') }).strict().default({ format: 'csv' }), 'owner'),
  'exports.sales': write<FileExport>()(z.object({}).strict().default({}), 'owner'),
  'exports.customer': write<CustomerDataExport>()(z.object({ id }).strict(), 'owner'),
  'exports.mailchimp': write<MailchimpExport>()(
    z.object({ segment: z.string().trim().min(1).max(100).optional() }).strict().default({}),
    'owner',
  ),
};
