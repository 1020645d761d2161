import { z } from 'zod';
import { write } from './define';

export interface DiagnosticsFile {
  /** Where the zip was written, for the owner to send to support. */
  file: string;
  bytes: number;
  /** The names inside the zip: the support log, versions, settings, the book's own check. */
  entries: string[];
  /** The desktop app showed the file in the system's file manager; the dev host cannot. */
  shown: boolean;
}

/**
 * Served by the host, like backups: the zip holds files outside the book (the support log). A
 * write, not a read: it makes a file, and must never be answered from a cache.
 */
export const diagnosticsMethods = {
  'diagnostics.create': write<DiagnosticsFile>()(z.object({}).strict().default({}), 'owner'),
};
