import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { automaticBackup } from '../../../electron/main/backups';
import { ok } from '../../../shared/result';
import { tempDir } from '../helpers';

vi.mock('electron', () => ({}));

/** Stands in for the writer worker: writes a small file where it is told to. */
const fakeBackup = vi.fn(async (file: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'backup');
  return ok({ file, bytes: 6, at: new Date().toISOString() });
});

describe('automatic backups', () => {
  it('at start, makes one only when the newest automatic backup is more than a day old', async () => {
    const dir = tempDir();
    const first = await automaticBackup(fakeBackup, dir, new Date('2026-03-10T09:00:00Z'), { onlyIfOlderThanDay: true });
    expect(first.made?.file).toBe(path.join(dir, 'regulars-20260310-090000.db'));
    fs.utimesSync(first.made!.file, new Date('2026-03-10T09:00:00Z'), new Date('2026-03-10T09:00:00Z'));
    expect((await automaticBackup(fakeBackup, dir, new Date('2026-03-10T20:00:00Z'), { onlyIfOlderThanDay: true })).made).toBeNull();
    expect((await automaticBackup(fakeBackup, dir, new Date('2026-03-11T10:00:00Z'), { onlyIfOlderThanDay: true })).made).not.toBeNull();
  });

  it('on quit, always makes one, and rotates old ones away', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'regulars-20260101-090000.db'), 'old');
    const result = await automaticBackup(fakeBackup, dir, new Date('2026-03-10T18:00:00Z'));
    expect(result.made).not.toBeNull();
    expect(result.removed).toEqual([path.join(dir, 'regulars-20260101-090000.db')]);
  });

  it('reports a failed backup without throwing', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failing = async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'disk full' } });
    await expect(automaticBackup(failing, tempDir(), new Date())).resolves.toEqual({ made: null, removed: [] });
    expect(spy).toHaveBeenCalledWith(expect.stringContaining('disk full'));
    spy.mockRestore();
  });
});
