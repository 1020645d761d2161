/** The Electron entry: wires the real electron module into runApp, where the logic (and its tests) live. */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session, shell } from 'electron';
import { startDatabaseWorkers } from '../worker/client';
import { runApp } from './app';

runApp({ app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session, shell }, startDatabaseWorkers).catch((error: unknown) => {
  dialog.showErrorBox('Regulars could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
