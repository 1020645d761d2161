import { z } from 'zod';
import { read, write } from './define';

export interface BackupFile {
  file: string;
  /** ISO UTC, when the copy was taken. */
  at: string;
  bytes: number;
  kind: 'automatic' | 'manual' | 'pre-restore';
}

export interface BackupList {
  folder: string;
  backups: BackupFile[];
}

export interface RestoreReport {
  restored: string;
  /** The book as it was just before, kept so that a restore can itself be undone. */
  preRestore: string | null;
}

/**
 * Served by the host, not the core: a backup is copied while calls go on, and a restore closes the
 * book and opens the copy. Access is still checked by the core's rule.
 */
export const backupMethods = {
  'backups.list': read<BackupList>()(z.object({}).strict().default({}), 'owner'),
  'backups.create': write<BackupFile>()(z.object({}).strict().default({}), 'owner'),
  'backups.restore': write<RestoreReport>()(z.object({ file: z.string().min(1).max(4096) }).strict(), 'owner'),
};
