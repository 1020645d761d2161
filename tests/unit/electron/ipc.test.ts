import type { IpcMain } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { registerIpc } from '../../../electron/main/ipc';
import { APP_ENTRY_URL } from '../../../electron/main/security';
import { methodNames } from '../../../shared/contract';
import { ok, type Result } from '../../../shared/result';
import { parseCall, type Transport } from '../../../shared/transport';

vi.mock('electron', () => ({}));

type Listener = Parameters<IpcMain['handle']>[1];

const method = 'stats.get';

/** Registers the real handlers on a recording ipcMain; `invoke` runs the one registerIpc gave `channel`, as Electron would. */
function register(call: (method: string, input: unknown) => unknown = vi.fn()) {
  const registered = new Map<string, Listener>();
  const ipcMain = { handle: vi.fn((channel: string, listener: Listener) => void registered.set(channel, listener)) };
  registerIpc(ipcMain, { call: call as Transport['call'] });
  const invoke = async (event: unknown, channel: string, input: unknown): Promise<Result<unknown>> => {
    const listener = registered.get(channel);
    if (!listener) throw new Error(`registerIpc registered no handler on ${channel}`);
    return listener(event as never, input);
  };
  return { channels: [...registered.keys()], invoke, call };
}
const fromOurPage = { senderFrame: { url: APP_ENTRY_URL, parent: null } };

describe('registerIpc', () => {
  it('registers one channel per contract method, and nothing else', () => {
    const { channels } = register();
    expect(channels.sort()).toEqual(methodNames.map((name) => `regulars:${name}`).sort());
  });

  it.each(['no.such.method', 'constructor', '__proto__', 'toString', 'customers'])('leaves no channel for %s, so Electron refuses it before any code of ours runs', (name) => {
    const { channels } = register();
    expect(channels).not.toContain(`regulars:${name}`);
  });

  it('answers bad input with exactly the error parseCall gives every host, before the transport sees it', async () => {
    const call = vi.fn();
    const { invoke } = register(call);
    const result = await invoke(fromOurPage, 'regulars:customers.create', { firstName: '', email: 'not-an-email' });
    expect(result).toEqual(parseCall('customers.create', { firstName: '', email: 'not-an-email' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('First name is required'), fields: { firstName: expect.any(String), email: expect.any(String) } } });
    expect(call).not.toHaveBeenCalled();
  });

  it('relays a trusted call to the transport as sent, and returns its result', async () => {
    const call = vi.fn(async () => ok({ answer: 42 }));
    const { invoke } = register(call);
    await expect(invoke(fromOurPage, `regulars:${method}`, {})).resolves.toEqual({ ok: true, value: { answer: 42 } });
    expect(call).toHaveBeenCalledWith(method, {});
    await invoke(fromOurPage, 'regulars:customers.list', undefined);
    expect(call).toHaveBeenLastCalledWith('customers.list', undefined);
  });

  it.each([
    ['no frame', { senderFrame: null }],
    ['another origin', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['an iframe on our page', { senderFrame: { url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL, parent: null } } }],
    ['a file:// page', { senderFrame: { url: 'file:///tmp/index.html', parent: null } }],
  ])('answers forbidden to %s, without calling the transport, even with bad input', async (_name, event) => {
    const { invoke, call } = register();
    expect(await invoke(event, `regulars:${method}`, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke(event, 'regulars:customers.create', { firstName: '' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(call).not.toHaveBeenCalled();
  });

  it('treats a frame that throws on access (disposed) as untrusted', async () => {
    const { invoke, call } = register();
    const event = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    await expect(invoke(event, `regulars:${method}`, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(call).not.toHaveBeenCalled();
  });

  it('turns a throwing or rejecting transport into an internal result, never a throw', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const call of [
      vi.fn(() => {
        throw new Error('boom');
      }),
      vi.fn(async () => {
        throw new Error('secret stack detail');
      }),
    ]) {
      const { invoke } = register(call);
      const result = await invoke(fromOurPage, `regulars:${method}`, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(JSON.stringify(result)).not.toContain('secret stack detail');
    }
    spy.mockRestore();
  });
});
