import { describe, expect, it, vi } from 'vitest';
import { registerIpc, type Handle } from '../../../electron/main/ipc';
import { APP_ENTRY_URL } from '../../../electron/main/security';
import { methodNames } from '../../../shared/contract';
import { ok } from '../../../shared/result';

vi.mock('electron', () => ({}));

type Handler = (event: unknown, input: unknown) => Promise<unknown>;

const method = 'stats.get';

/** Registers with a fake ipcMain; `listener` calls the channel of `name` (an unregistered name answers like IPC would: no handler). */
function register(handle: Handle) {
  const ipcMain = { handle: vi.fn() };
  registerIpc(ipcMain, handle);
  const handlers = new Map((ipcMain.handle.mock.calls as [string, Handler][]).map(([channel, handler]) => [channel, handler]));
  const listener = async (event: unknown, name: unknown, input: unknown) => {
    const handler = handlers.get(`regulars:${String(name)}`);
    if (!handler) return { ok: false, error: { code: 'validation', message: 'no such channel' } };
    return handler(event, input);
  };
  return { channels: [...handlers.keys()], listener };
}
const fromOurPage = { senderFrame: { url: APP_ENTRY_URL, parent: null } };

describe('registerIpc', () => {
  it('registers one channel per contract method, and nothing else', () => {
    expect(register(vi.fn()).channels.sort()).toEqual(methodNames.map((name) => `regulars:${name}`).sort());
  });

  it('validates the input with the method schema before the workers see it', async () => {
    const handle = vi.fn(async () => ok({}));
    const { listener } = register(handle);
    const result = await listener(fromOurPage, 'customers.create', { firstName: '' });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('First name is required') } });
    expect(handle).not.toHaveBeenCalled();
  });

  it('relays a trusted call to the workers and returns their result', async () => {
    const handle = vi.fn(async () => ok({ answer: 42 }));
    const { listener } = register(handle);
    await expect(listener(fromOurPage, method, {})).resolves.toEqual({ ok: true, value: { answer: 42 } });
    expect(handle).toHaveBeenCalledWith(method, {});
  });

  it.each([
    ['no frame', { senderFrame: null }],
    ['another origin', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['an iframe on our page', { senderFrame: { url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL, parent: null } } }],
    ['a file:// page', { senderFrame: { url: 'file:///tmp/index.html', parent: null } }],
  ])('answers forbidden to %s, without calling the workers', async (_name, event) => {
    const handle = vi.fn();
    const { listener } = register(handle);
    const result = await listener(event, method, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handle).not.toHaveBeenCalled();
  });

  it('treats a frame that throws on access (disposed) as untrusted', async () => {
    const handle = vi.fn();
    const { listener } = register(handle);
    const event = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    await expect(listener(event, method, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handle).not.toHaveBeenCalled();
  });

  it.each(['no.such.method', 'constructor', '__proto__', 42, undefined])(
    'has no channel for unknown method %s',
    async (name) => {
      const handle = vi.fn();
      const { listener } = register(handle);
      await expect(listener(fromOurPage, name, {})).resolves.toMatchObject({ ok: false, error: { code: 'validation' } });
      expect(handle).not.toHaveBeenCalled();
    },
  );

  it('turns a throwing or rejecting handler into an internal result, never a throw', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const handle of [
      vi.fn(() => {
        throw new Error('boom');
      }),
      vi.fn(async () => {
        throw new Error('secret stack detail');
      }),
    ]) {
      const { listener } = register(handle as unknown as Handle);
      const result = await listener(fromOurPage, method, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(JSON.stringify(result)).not.toContain('secret stack detail');
    }
    spy.mockRestore();
  });
});
