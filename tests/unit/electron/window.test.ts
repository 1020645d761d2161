import type { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL } from '../../../electron/main/security';
import { createMainWindow } from '../../../electron/main/window';

vi.mock('electron', () => ({}));

type Handler = (...args: any[]) => unknown;

class FakeWindow {
  static last: FakeWindow;
  readonly windowHandlers = new Map<string, Handler>();
  readonly contentsHandlers = new Map<string, Handler>();
  openHandler?: Handler;
  readonly show = vi.fn();
  readonly loadURL = vi.fn(async () => undefined);
  readonly webContents = {
    on: (name: string, handler: Handler) => this.contentsHandlers.set(name, handler),
    setWindowOpenHandler: (handler: Handler) => {
      this.openHandler = handler;
    },
  };
  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    FakeWindow.last = this;
  }
  once(name: string, handler: Handler) {
    this.windowHandlers.set(name, handler);
  }
}

const openExternal = vi.fn(async () => undefined);
const create = (devTools = false) => {
  createMainWindow(FakeWindow as unknown as typeof BrowserWindow, { preload: '/app/out/preload/index.js', devTools, openExternal });
  return FakeWindow.last;
};
const navigate = (window: FakeWindow, name: string, url: string) => {
  const event = { url, preventDefault: vi.fn() };
  window.contentsHandlers.get(name)!(event);
  return event.preventDefault.mock.calls.length > 0;
};

beforeEach(() => openExternal.mockClear());

describe('createMainWindow', () => {
  it('isolates and sandboxes the renderer', () => {
    const prefs = create().options.webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
  });

  it('turns DevTools off when asked (packaged builds)', () => {
    expect(create(false).options.webPreferences!.devTools).toBe(false);
    expect(create(true).options.webPreferences!.devTools).toBe(true);
  });

  it('loads our page and shows the window only once painted', () => {
    const window = create();
    expect(window.options.show).toBe(false);
    expect(window.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
    expect(window.show).not.toHaveBeenCalled();
    window.windowHandlers.get('ready-to-show')!();
    expect(window.show).toHaveBeenCalled();
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: stays on our page', (name) => {
    const window = create();
    expect(navigate(window, name, 'https://example.com/')).toBe(true);
    expect(navigate(window, name, 'file:///etc/passwd')).toBe(true);
    expect(navigate(window, name, 'javascript:alert(1)')).toBe(true);
    expect(navigate(window, name, APP_ENTRY_URL)).toBe(false);
  });

  it('denies every new window and sends only web links to the system browser', () => {
    const window = create();
    expect(window.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(window.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(window.openHandler!({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://example.com/']]);
  });

  it('prevents any <webview> from attaching', () => {
    const event = { preventDefault: vi.fn() };
    create().contentsHandlers.get('will-attach-webview')!(event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});
