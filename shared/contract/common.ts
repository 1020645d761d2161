import { z } from 'zod';

export const id = z.number({ error: 'Expected a numeric id' }).int().positive();

/** Free text that may be left empty: trimmed, and '' stored as null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const isoDateTime = z.iso.datetime({ offset: true, error: 'Expected an ISO 8601 date and time, e.g. 2026-03-01T10:30:00Z' });

export const paging = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50),
};

export const emptyInput = z.object({}).strict().default({});

/** Someone shown as the author of a record: a member of staff, or (with no id) who acted without being one, such as "command line (ama)". */
export interface Person {
  id: number | null;
  name: string;
}
