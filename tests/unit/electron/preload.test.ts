import fs from 'node:fs';
import path from 'node:path';
import { contextBridge, ipcRenderer } from 'electron';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { methodNames, type RegularsApi } from '../../../shared/contract';

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async () => ({ ok: true, value: 'from main' })) },
}));

let api: RegularsApi;
beforeAll(async () => {
  await import('../../../electron/preload/index');
  api = vi.mocked(contextBridge.exposeInMainWorld).mock.calls[0][1] as RegularsApi;
});

describe('preload', () => {
  it('exposes exactly one key, regulars, holding only call', () => {
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(vi.mocked(contextBridge.exposeInMainWorld).mock.calls[0][0]).toBe('regulars');
    expect(Object.keys(api)).toEqual(['call']);
    expect(typeof api.call).toBe('function');
  });

  it('relays a known method over its own channel', async () => {
    const method = methodNames[0];
    await expect(api.call(method, {} as never)).resolves.toEqual({ ok: true, value: 'from main' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(`regulars:${method}`, {});
  });

  it('rejects an unknown method locally, without IPC', async () => {
    vi.mocked(ipcRenderer.invoke).mockClear();
    const result = await api.call('no.such.method' as never, {} as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });
});

// A sandboxed preload can require only 'electron' (and a few built-ins): a bare `require("zod")` left
// in the bundle fails at run time, so window.regulars would never appear. Checked on the built file;
// skipped only when `vitest` runs alone before any build (npm test builds first, so it always runs there).
const built = path.resolve(__dirname, '../../../out/preload/index.js');
describe.skipIf(!fs.existsSync(built))('built preload (out/preload/index.js)', () => {
  it('requires nothing but electron; dependencies are bundled in', () => {
    const required = [...fs.readFileSync(built, 'utf8').matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(
      [...new Set(required)],
      'set preload.build.externalizeDeps = false in electron.vite.config.mts, then run `npx electron-vite build`',
    ).toEqual(['electron']);
  });
});
