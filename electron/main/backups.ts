import path from 'node:path';
import { automaticBackupName, listBackups, rotateBackups, type BackupInfo } from '../../db/backups';
import type { Result } from '../../shared/result';

export type MakeBackup = (destination: string) => Promise<Result<BackupInfo>>;

const DAY_MS = 24 * 3600 * 1000;

/**
 * The desktop app's automatic backups: at start when the newest is more than a day old, and on
 * quit; then rotation to 7 daily and 4 weekly. A failure is reported, never fatal: the shop keeps working.
 */
export async function automaticBackup(
  backup: MakeBackup,
  dir: string,
  now: Date,
  options: { onlyIfOlderThanDay?: boolean } = {},
): Promise<{ made: BackupInfo | null; removed: string[] }> {
  if (options.onlyIfOlderThanDay) {
    const newest = listBackups(dir).find((b) => path.basename(b.file).startsWith('regulars-'));
    if (newest && now.getTime() - new Date(newest.at).getTime() < DAY_MS) return { made: null, removed: [] };
  }
  const result = await backup(path.join(dir, automaticBackupName(now)));
  if (!result.ok) {
    console.error(`[regulars] automatic backup failed: ${result.error.message}`);
    return { made: null, removed: [] };
  }
  return { made: result.value, removed: rotateBackups(dir, now) };
}
