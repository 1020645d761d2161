import { z } from 'zod';
import { read } from './define';

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

export const exportMethods = {
  'exports.mailchimp': read<MailchimpExport>()(
    z.object({ segment: z.string().trim().min(1).max(100).optional() }).strict().default({}),
  ),
};
