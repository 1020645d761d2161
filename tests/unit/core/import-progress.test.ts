import path from 'node:path';
import { expect, it } from 'vitest';
import { startDatabaseWorkers } from '../../../electron/worker/client';
import { openSessionGate } from '../../../db/session';
import type { ImportProgress, InputOf, MethodName, OutputOf } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { describeEngines, openTestBook } from '../../support/engines';
import { bundled, migrationsFolder, ownerActor, tempDir, value } from '../helpers';

const file = (rows: number, invalid = false) => ({
  fileName: 'old-list.csv',
  contentBase64: Buffer.from(
    ['First Name,Email', ...Array.from({ length: rows }, (_, i) => (invalid && i === rows - 1 ? 'Kofi,not-an-email' : `Customer ${i},c${i}@example.com`))].join('\n'),
  ).toString('base64'),
});

describeEngines('an import tells how far its commit is', (engine) => {
  it('from 0 to every row, in order, at most once a percent; a refused import writes nothing', async () => {
    const book = await openTestBook(engine);
    const told: ImportProgress[] = [];
    const report = value(await book.core.handle('imports.commit', file(250), ownerActor, { onProgress: (done, total) => told.push({ done, total }) }));
    expect(report.created).toBe(250);
    expect(told[0]).toEqual({ done: 0, total: 250 });
    expect(told.at(-1)).toEqual({ done: 250, total: 250 });
    expect(told.length).toBeGreaterThan(50);
    expect(told.length).toBeLessThanOrEqual(101);
    expect(told.every((t, i) => i === 0 || t.done > told[i - 1].done)).toBe(true);

    const refused = await book.core.handle('imports.commit', file(30, true), ownerActor, { onProgress: (done, total) => told.push({ done, total }) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(value(await book.call('customers.list', { limit: 1 })).total).toBe(250);
  });
});

it("the window's progress bar reads the commit's progress through the workers while the writer is busy with it", async () => {
  const folder = tempDir();
  const databaseFile = path.join(folder, 'regulars.db');
  const gate = await openSessionGate({ open: (location) => startDatabaseWorkers({ workerFile: bundled('worker'), location, migrationsFolder }), databaseFile, migrationsFolder });
  const call = <K extends MethodName>(method: K, input: InputOf<K>) => gate.call(method, input) as Promise<Result<OutputOf<K>>>;
  value(await call('auth.setupOwner', { name: 'Esi', pin: '1234' }));
  expect(value(await call('imports.progress', {}))).toBeNull();
  const committing = call('imports.commit', file(20_000));
  const seen: ImportProgress[] = [];
  let finished = false;
  void committing.finally(() => (finished = true));
  while (!finished) {
    const progress = value(await call('imports.progress', {}));
    if (progress) seen.push(progress);
    // The answer is the gate's own, at once: the workers' messages need the event loop to come round.
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(value(await committing).created).toBe(20_000);
  // Seen part-way, by a window that asked while the commit ran.
  expect(seen.some((p) => p.total === 20_000 && p.done > 0 && p.done < 20_000)).toBe(true);
  expect(value(await call('imports.progress', {}))).toBeNull();
  await gate.close();
}, 60_000);
