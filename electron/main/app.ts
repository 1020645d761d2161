import fs from 'node:fs';
import path from 'node:path';
import type { App, BrowserWindow, Dialog, IpcMain, Net, Protocol, Session, Shell } from 'electron';
import { electronNativeBinding } from '../../scripts/electron-native-path.cjs';
import { errorFacts, logFolderOf, openEventLog } from '../../db/log';
import { outboxFileFor } from '../../db/outbox';
import { MAILCHIMP_SYNC_EVERY_MS, openSessionGate, type SessionGate } from '../../db/session';
import type { DatabaseWorkers, DatabaseWorkersOptions } from '../worker/client';
import { registerIpc } from './ipc';
import { hardenSession, registerAppScheme, serveRenderer } from './session';
import { askWhenSharedBookFails, openStartingBook, safeStorageSealer, safeStorageSecretStore, type SafeStorageModule } from './shared-book';
import { createMainWindow } from './window';

/** The parts of the electron module the shell uses, passed in so tests can hand it fakes. */
export interface ElectronModules {
  app: App;
  BrowserWindow: typeof BrowserWindow;
  dialog: Pick<Dialog, 'showErrorBox' | 'showMessageBox'>;
  ipcMain: Pick<IpcMain, 'handle'>;
  net: Pick<Net, 'fetch'>;
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  safeStorage: SafeStorageModule;
  session: { readonly defaultSession: Session };
  shell: Pick<Shell, 'openExternal' | 'showItemInFolder'>;
}

export type StartWorkers = (options: DatabaseWorkersOptions) => Promise<DatabaseWorkers>;

export interface Runtime {
  electronVersion: string;
  platform: string;
  arch: string;
  /** REGULARS_USER_DATA moves the data folder (tests, a second profile). */
  userDataOverride?: string;
}

export const currentRuntime = (): Runtime => ({
  electronVersion: process.versions.electron,
  platform: process.platform,
  arch: process.arch,
  userDataOverride: process.env.REGULARS_USER_DATA || undefined,
});

/** Where everything is, from the app path: the project root in dev, app.asar when packaged. */
export function appPaths(app: Pick<App, 'getAppPath' | 'getPath'>) {
  const root = app.getAppPath();
  return {
    root,
    workerFile: path.join(root, 'out', 'main', 'db-worker.js'),
    preload: path.join(root, 'out', 'preload', 'index.js'),
    renderer: path.join(root, 'out', 'renderer'),
    migrationsFolder: path.join(root, 'db', 'migrations'),
    postgresMigrationsFolder: path.join(root, 'db', 'engines', 'postgres', 'migrations'),
    database: path.join(app.getPath('userData'), 'regulars.db'),
  };
}

/**
 * Packaged: electron-builder rebuilt better-sqlite3 for Electron, so the default binding is right.
 * In dev, node_modules holds the Node build (for npm test) and prestart keeps an Electron one aside.
 */
export function nativeBindingFor(app: Pick<App, 'isPackaged'>, root: string, runtime: Runtime): string | undefined {
  if (app.isPackaged) return undefined;
  const file = electronNativeBinding(root, runtime.electronVersion, runtime.platform, runtime.arch);
  if (!fs.existsSync(file)) {
    throw new Error(`There is no Electron build of better-sqlite3 at ${file}. Start Regulars with \`npm start\`: its prestart step makes one.`);
  }
  return file;
}

export async function runApp(electron: ElectronModules, startWorkers: StartWorkers, runtime: Runtime = currentRuntime()): Promise<void> {
  const { app } = electron;
  // Before the lock: the lock is keyed on the data folder, so separate folders may run side by side.
  if (runtime.userDataOverride) app.setPath('userData', path.resolve(runtime.userDataOverride));
  // Two copies must never write the same customer book.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Every renderer sandboxed, whatever a window's own preferences say.
  app.enableSandbox();
  registerAppScheme(electron.protocol);

  let window: BrowserWindow | undefined;
  let gate: SessionGate | undefined;
  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  // One window, one shop: closing it ends the app on every platform, macOS included.
  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('will-quit', (event) => {
    if (!gate) return;
    // Hold the quit until the workers have closed the database cleanly, then quit for real.
    event.preventDefault();
    if (closing) return;
    closing = true;
    // The gate makes the closing backup (rotated like the others), then closes the book.
    void gate
      .close()
      .catch((error: unknown) => log.error('close.failed', errorFacts(error)))
      .then(() => log.close())
      .finally(() => {
        gate = undefined;
        app.quit();
      });
  });

  await app.whenReady();
  const paths = appPaths(app);
  const log = openEventLog(logFolderOf(paths.database));
  try {
    hardenSession(electron.session.defaultSession);
    serveRenderer(electron.protocol, electron.net, paths.renderer);
    const nativeBinding = nativeBindingFor(app, paths.root, runtime);
    // The shared book's address (Settings → Shared book), encrypted by the OS, beside the book file.
    const sharedBookStore = safeStorageSecretStore(electron.safeStorage, path.dirname(paths.database), runtime.platform);
    // A damaged book still opens the window, which offers the newest good backup and writes nothing.
    const openGate = (location: string) =>
      openSessionGate({
        open: (at) =>
          startWorkers({
            workerFile: paths.workerFile,
            location: at,
            migrationsFolder: paths.migrationsFolder,
            postgresMigrationsFolder: paths.postgresMigrationsFolder,
            nativeBinding,
            outboxFile: outboxFileFor(paths.database, at),
            log,
          }),
        location,
        databaseFile: paths.database,
        sharedBookStore,
        mailchimpSealer: safeStorageSealer(electron.safeStorage, runtime.platform),
        mailchimpSyncEveryMs: MAILCHIMP_SYNC_EVERY_MS,
        migrationsFolder: paths.migrationsFolder,
        postgresMigrationsFolder: paths.postgresMigrationsFolder,
        log,
        automaticBackups: {},
        diagnostics: {
          versions: { app: app.getVersion() },
          reveal: (file) => {
            electron.shell.showItemInFolder(file);
            return true;
          },
        },
      });
    // A shared book that cannot be opened leaves the choice to whoever is at the PC: wait for it, or work on this PC's own book.
    gate =
      (await openStartingBook(openGate, sharedBookStore, paths.database, (problem) => {
        log.error('startup.sharedBookFailed', { message: problem });
        return askWhenSharedBookFails(electron.dialog, problem);
      })) ?? undefined;
    if (!gate) {
      await log.close();
      app.exit(1);
      return;
    }
  } catch (error) {
    // A customer book from a newer version, a locked file: say so plainly, open no window.
    const message = (error as Error)?.message ?? String(error);
    log.error('startup.failed', { message, ...errorFacts(error) });
    electron.dialog.showErrorBox('Regulars could not open the customer book', message);
    await log.close();
    app.exit(1);
    return;
  }
  const opened = gate;
  registerIpc(electron.ipcMain, opened, log);
  window = createMainWindow(electron.BrowserWindow, {
    preload: paths.preload,
    devTools: !app.isPackaged,
    openExternal: (url) => electron.shell.openExternal(url),
  });
}
