import { methodNames } from '../../../shared/contract';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runApp, type ElectronModules, type Runtime, type StartWorkers } from '../../../electron/main/app';
import { APP_ENTRY_URL } from '../../../electron/main/security';
import { logFilesIn, logFolderOf } from '../../../db/log';
import { electronNativeBinding } from '../../../scripts/electron-native-path.cjs';

vi.mock('electron', () => ({}));

type Handler = (...args: any[]) => unknown;

const runtime: Runtime = { electronVersion: '45.4.1', platform: 'linux', arch: 'x64' };
// The data folder is real (the support log and backups are written there), and thrown away after.
const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-userdata-'));
afterAll(() => fs.rmSync(userData, { recursive: true, force: true }));

function fakeElectron({ lock = true, packaged = true, appPath = '/opt/regulars/app.asar', startChoice = 2 } = {}) {
  const appHandlers = new Map<string, Handler>();
  const windows: { options: any; loadURL: ReturnType<typeof vi.fn> }[] = [];
  class FakeWindow {
    readonly loadURL = vi.fn(async () => undefined);
    readonly webContents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    readonly isDestroyed = () => false;
    readonly isMinimized = () => true;
    readonly restore = vi.fn();
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly once = vi.fn();
    constructor(readonly options: unknown) {
      windows.push(this);
    }
  }
  const app = {
    isPackaged: packaged,
    setPath: vi.fn(),
    getPath: vi.fn(() => userData),
    getVersion: vi.fn(() => '0.1.0'),
    getAppPath: vi.fn(() => appPath),
    requestSingleInstanceLock: vi.fn(() => lock),
    enableSandbox: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: vi.fn(async () => undefined),
    on: vi.fn((name: string, handler: Handler) => appHandlers.set(name, handler)),
  };
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: startChoice, checkboxChecked: false })) },
    ipcMain: { handle: vi.fn() },
    net: { fetch: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    // The OS's encryption, faked as a reversible scramble: what matters here is which book opens.
    safeStorage: {
      isAsyncEncryptionAvailable: vi.fn(async () => true),
      getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
      encryptStringAsync: vi.fn(async (text: string) => Buffer.from(text, 'utf8').reverse()),
      decryptStringAsync: vi.fn(async (sealed: Buffer) => ({ shouldReEncrypt: false, result: Buffer.from(sealed).reverse().toString('utf8') })),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        webRequest: { onHeadersReceived: vi.fn() },
      },
    },
    shell: { openExternal: vi.fn(async () => undefined), showItemInFolder: vi.fn() },
  };
  return { electron, asModules: electron as unknown as ElectronModules, appHandlers, windows, FakeWindow };
}

const workers = () => ({
  // No settings in these tests: backups go to the default folder beside the book.
  call: vi.fn(async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'no book in tests' } })),
  backup: vi.fn(async (file: string) => ({ ok: false as const, error: { code: 'internal' as const, message: `no disk in tests (${file})` } })),
  close: vi.fn(async () => undefined),
});

afterEach(() => vi.restoreAllMocks());

describe('runApp', () => {
  it('starts the workers from the app path, then opens one secure window on our page', async () => {
    const fake = fakeElectron();
    const running = workers();
    const start = vi.fn(async () => running) as unknown as StartWorkers;
    await runApp(fake.asModules, start, runtime);

    expect(start).toHaveBeenCalledWith({
      workerFile: path.join('/opt/regulars/app.asar', 'out', 'main', 'db-worker.js'),
      location: path.join(userData, 'regulars.db'),
      migrationsFolder: path.join('/opt/regulars/app.asar', 'db', 'migrations'),
      postgresMigrationsFolder: path.join('/opt/regulars/app.asar', 'db', 'engines', 'postgres', 'migrations'),
      nativeBinding: undefined, // packaged: electron-builder rebuilt better-sqlite3 for Electron
      // A shared book's outbox, in the data folder beside the app's own book.
      outboxFile: expect.stringMatching(new RegExp(`^${path.join(userData, 'regulars-outbox-').replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}[0-9a-f]{16}\\.db$`)),
      log: expect.objectContaining({ error: expect.any(Function) }),
    });
    expect(fake.electron.app.enableSandbox).toHaveBeenCalled();
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(fake.electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(fake.electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(fake.electron.ipcMain.handle).toHaveBeenCalledWith('regulars:customers.search', expect.any(Function));
    expect(fake.electron.ipcMain.handle).toHaveBeenCalledTimes(methodNames.length);
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0].options.webPreferences).toMatchObject({
      preload: path.join('/opt/regulars/app.asar', 'out', 'preload', 'index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: false,
    });
    expect(fake.windows[0].loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
  });

  it('shows the database error in a native dialog, quits, and never opens a window', async () => {
    const fake = fakeElectron();
    const message = 'This customer book was written by a newer version of Regulars. Update Regulars to open it; nothing was changed.';
    const start = vi.fn(async () => {
      throw new Error(message);
    }) as unknown as StartWorkers;
    await runApp(fake.asModules, start, runtime);

    expect(fake.electron.dialog.showErrorBox).toHaveBeenCalledWith(expect.any(String), message);
    expect(fake.electron.app.exit).toHaveBeenCalledWith(1);
    // ...and the support log in the data folder says why, for whoever helps the shop later.
    const log = logFilesIn(logFolderOf(path.join(userData, 'regulars.db'))).map((f) => fs.readFileSync(f, 'utf8')).join('');
    expect(log).toContain('"msg":"startup.failed"');
    expect(log).toContain(message);
    expect(fake.windows).toHaveLength(0);
    expect(fake.electron.ipcMain.handle).not.toHaveBeenCalled();
  });

  it('quits at once when another copy holds the lock', async () => {
    const fake = fakeElectron({ lock: false });
    const start = vi.fn() as unknown as StartWorkers;
    await runApp(fake.asModules, start, runtime);
    expect(fake.electron.app.quit).toHaveBeenCalled();
    expect(start).not.toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
  });

  it('a second launch focuses the first window', async () => {
    const fake = fakeElectron();
    await runApp(fake.asModules, (async () => workers()) as unknown as StartWorkers, runtime);
    fake.appHandlers.get('second-instance')!();
    const window = fake.windows[0] as unknown as { restore: ReturnType<typeof vi.fn>; focus: ReturnType<typeof vi.fn> };
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('holds the quit until the workers have closed, then quits', async () => {
    const fake = fakeElectron();
    const running = workers();
    await runApp(fake.asModules, (async () => running) as unknown as StartWorkers, runtime);
    const willQuit = fake.appHandlers.get('will-quit')!;

    const first = { preventDefault: vi.fn() };
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    willQuit(first);
    expect(first.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.electron.app.quit).toHaveBeenCalled());
    expect(running.close).toHaveBeenCalledTimes(1);
    // A backup on quit is attempted before the database closes (its failure does not stop the quit).
    const quitBackup = running.backup.mock.calls.at(-1)![0];
    expect(quitBackup).toMatch(/backups\/regulars-\d{8}-\d{6}\.db$/);
    expect(running.backup.mock.invocationCallOrder.at(-1)!).toBeLessThan(running.close.mock.invocationCallOrder[0]);

    const second = { preventDefault: vi.fn() };
    willQuit(second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(running.close).toHaveBeenCalledTimes(1);
  });

  it('shows the diagnostics zip in the file manager once it is written', async () => {
    const fake = fakeElectron();
    const running = {
      ...workers(),
      call: vi.fn(async (method: unknown) =>
        method === 'auth.signIn'
          ? { ok: true as const, value: { id: 1, name: 'Owner', role: 'owner' as const, idleLockMinutes: 0 } }
          : { ok: false as const, error: { code: 'internal' as const, message: 'no book in tests' } },
      ),
      facts: vi.fn(async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'no book in tests' } })),
    };
    await runApp(fake.asModules, (async () => running) as unknown as StartWorkers, runtime);
    const handlers = new Map(fake.electron.ipcMain.handle.mock.calls as unknown as [string, Handler][]);
    const fromOurPage = { senderFrame: { url: APP_ENTRY_URL, parent: null } };
    await handlers.get('regulars:auth.signIn')!(fromOurPage, { staffId: 1, pin: '1234' });
    const made = (await handlers.get('regulars:diagnostics.create')!(fromOurPage, {})) as { ok: true; value: { file: string; shown: boolean } };
    expect(made).toMatchObject({ ok: true, value: { shown: true, file: expect.stringMatching(/regulars-diagnostics-\d{8}-\d{6}\.zip$/) } });
    expect(path.dirname(made.value.file)).toBe(path.join(userData, 'diagnostics'));
    expect(fake.electron.shell.showItemInFolder).toHaveBeenCalledWith(made.value.file);
  });

  describe('with a shared book connected in Settings', () => {
    const url = 'postgresql://regulars:choose-a-long-one@server-pc/regulars';
    const keep = async (fake: ReturnType<typeof fakeElectron>) => {
      const { safeStorageSecretStore } = await import('../../../electron/main/shared-book');
      await safeStorageSecretStore(fake.asModules.safeStorage, userData, runtime.platform).write(url);
    };
    afterEach(() => fs.rmSync(path.join(userData, 'shared-book.bin'), { force: true }));

    it('opens the shared book whose address this PC keeps', async () => {
      const fake = fakeElectron();
      await keep(fake);
      const start = vi.fn(async () => workers()) as unknown as StartWorkers;
      await runApp(fake.asModules, start, runtime);
      expect(start).toHaveBeenCalledWith(expect.objectContaining({ location: url }));
      expect(fake.windows).toHaveLength(1);
    });

    it('when it cannot be opened, asks (password hidden) and opens this PC’s own book if told to', async () => {
      const fake = fakeElectron({ startChoice: 1 });
      await keep(fake);
      const start = vi.fn(async (options: { location: string }) => {
        if (options.location === url) throw new Error(`Could not reach the customer book at ${url}: nothing answered there`);
        return workers();
      }) as unknown as StartWorkers;
      await runApp(fake.asModules, start, runtime);
      const asked = (fake.electron.dialog.showMessageBox.mock.calls as unknown as [{ detail: string }][])[0][0];
      expect(asked.detail).toContain('Could not reach the customer book at postgresql://regulars:***@server-pc/regulars');
      expect(asked.detail).not.toContain('choose-a-long-one');
      expect(start).toHaveBeenLastCalledWith(expect.objectContaining({ location: path.join(userData, 'regulars.db') }));
      expect(fake.windows).toHaveLength(1);
      // The support log is written in the background: read once the entry is there.
      const log = () => logFilesIn(logFolderOf(path.join(userData, 'regulars.db'))).map((f) => fs.readFileSync(f, 'utf8')).join('');
      await vi.waitFor(() => expect(log()).toContain('startup.sharedBookFailed'));
      expect(log()).not.toContain('choose-a-long-one');
    });

    it('quits without a window when told to', async () => {
      const fake = fakeElectron({ startChoice: 2 });
      await keep(fake);
      const start = vi.fn(async () => {
        throw new Error('Could not reach the customer book');
      }) as unknown as StartWorkers;
      await runApp(fake.asModules, start, runtime);
      expect(fake.electron.app.exit).toHaveBeenCalledWith(1);
      expect(fake.windows).toHaveLength(0);
      expect(fake.electron.dialog.showErrorBox).not.toHaveBeenCalled();
    });
  });

  it('honours REGULARS_USER_DATA before taking the lock', async () => {
    const fake = fakeElectron({ lock: false });
    await runApp(fake.asModules, vi.fn() as unknown as StartWorkers, { ...runtime, userDataOverride: '/tmp/regulars-test' });
    expect(fake.electron.app.setPath).toHaveBeenCalledWith('userData', path.resolve('/tmp/regulars-test'));
    expect(fake.electron.app.setPath.mock.invocationCallOrder[0]).toBeLessThan(
      fake.electron.app.requestSingleInstanceLock.mock.invocationCallOrder[0],
    );
  });

  describe('in development (not packaged)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-root-'));

    it('passes the Electron-ABI better-sqlite3 from .electron-native, with DevTools on', async () => {
      const binding = electronNativeBinding(root, runtime.electronVersion, runtime.platform, runtime.arch);
      expect(binding).toBe(path.join(root, '.electron-native', 'electron-45.4.1-linux-x64', 'better_sqlite3.node'));
      fs.mkdirSync(path.dirname(binding), { recursive: true });
      fs.writeFileSync(binding, '');
      const fake = fakeElectron({ packaged: false, appPath: root });
      const start = vi.fn(async () => workers()) as unknown as StartWorkers;
      await runApp(fake.asModules, start, runtime);
      expect(start).toHaveBeenCalledWith(expect.objectContaining({ nativeBinding: binding }));
      expect(fake.windows[0].options.webPreferences.devTools).toBe(true);
      fs.rmSync(path.join(root, '.electron-native'), { recursive: true });
    });

    it('says how to get the Electron build of better-sqlite3 when it is missing', async () => {
      const fake = fakeElectron({ packaged: false, appPath: root });
      const start = vi.fn() as unknown as StartWorkers;
      await runApp(fake.asModules, start, runtime);
      expect(start).not.toHaveBeenCalled();
      expect(fake.electron.dialog.showErrorBox).toHaveBeenCalledWith(expect.any(String), expect.stringContaining('npm start'));
      expect(fake.windows).toHaveLength(0);
    });
  });
});
