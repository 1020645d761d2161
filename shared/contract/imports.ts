import { z } from 'zod';
import { id } from './common';
import { read, write } from './define';

export const importFormats = ['generic', 'shopify', 'shopify_legacy', 'square', 'mailchimp'] as const;
export const importEncodings = ['utf8', 'utf16le', 'windows1252'] as const;
/**
 * `name`: a whole name in one column, split into first and last name when the file has no first name.
 * `openingPurchases`/`openingSpent`: totals from the system the file comes from, kept as an undated opening history.
 */
export const importFields = [
  'firstName', 'lastName', 'name', 'phone', 'email', 'address', 'birthday', 'tags', 'source', 'note', 'emailConsent', 'smsConsent', 'openingPurchases', 'openingSpent',
] as const;
/** How a file writes dates such as 03/04/1990: day first, month first, or year first. */
export const dateOrders = ['dmy', 'mdy', 'ymd'] as const;
export type ImportFormat = (typeof importFormats)[number];
export type ImportEncoding = (typeof importEncodings)[number];
export type ImportField = (typeof importFields)[number];
export type DateOrder = (typeof dateOrders)[number];
export const dateOrderLabels: Record<DateOrder, string> = { dmy: 'day/month/year', mdy: 'month/day/year', ymd: 'year-month-day' };

/** The largest file one import takes: the wizard, the contract and the core all hold to this one number. */
export const importMaxBytes = 20 * 1024 * 1024;
export const importMaxMegabytes = importMaxBytes / (1024 * 1024);
export const importSizeRule = `at most ${importMaxMegabytes} MB can be imported at once (split it)`;
/**
 * Base64 writes 4 characters for every 3 bytes. The room over the limit lets the core decode a file
 * just over it and say how big it is; anything longer is refused before it is decoded.
 */
export const importMaxBase64Length = Math.ceil((importMaxBytes + 64 * 1024) / 3) * 4;

export const importInput = z
  .object({
    fileName: z.string().trim().min(1).max(255),
    /** The file's bytes, base64: the encoding is part of what is detected. */
    contentBase64: z.string().max(importMaxBase64Length, `The file is too large: ${importSizeRule}`),
    format: z.enum(['auto', ...importFormats]).default('auto'),
    encoding: z.enum(['auto', ...importEncodings]).default('auto'),
    /** Our field -> the file's column header, overriding what the format implies. */
    mapping: z.partialRecord(z.enum(importFields), z.string().max(200)).default({}),
    onDuplicate: z.enum(['update', 'skip']).default('skip'),
    skipInvalid: z.boolean().default(false),
    /** 'auto': the order the format documents (Square, Mailchimp: month first), else the shop's country's. */
    dateOrder: z.enum(['auto', ...dateOrders]).default('auto'),
  })
  .strict();

export interface ImportRowPlan {
  /** 1-based data row number (the header is row 0). */
  row: number;
  action: 'create' | 'update' | 'skip' | 'invalid';
  /** The customer this row was matched to, for update and skip. */
  customerId: number | null;
  name: string;
  email: string | null;
  phone: string | null;
  errors: string[];
  warnings: string[];
}

export interface ImportPreview {
  format: ImportFormat;
  encoding: ImportEncoding;
  headers: string[];
  mapping: Partial<Record<ImportField, string>>;
  /** The order dates such as 03/04/1990 are read in (ISO dates are read as such whatever it is). */
  dateOrder: DateOrder;
  totalRows: number;
  counts: { create: number; update: number; skip: number; invalid: number };
  /** Every row with an error or warning, and the first rows of the file. */
  rows: ImportRowPlan[];
}

export interface ImportReport {
  batchId: number | null;
  format: ImportFormat;
  dateOrder: DateOrder;
  created: number;
  updated: number;
  skipped: number;
  errors: { row: number; message: string }[];
}

/** How far an import's commit is: rows written of the file's rows. Null when none is being committed. */
export interface ImportProgress {
  done: number;
  total: number;
}

export const importMethods = {
  'imports.preview': read<ImportPreview>()(importInput, 'owner'),
  'imports.commit': write<ImportReport>()(importInput, 'owner'),
  /** Served by the app around the book while `imports.commit` runs there (the screen polls it): still all-or-nothing. */
  'imports.progress': read<ImportProgress | null>()(z.object({}).strict().default({}), 'owner'),
  'imports.undo': write<{ batchId: number; removed: number; restored: number }>()(z.object({ batchId: id }).strict(), 'owner'),
};
