import type { BrowserWindow as ElectronBrowserWindow } from 'electron';
import { APP_ENTRY_URL, shouldAllowNavigation, windowOpenHandler } from './security';

export interface MainWindowOptions {
  preload: string;
  /** Off in packaged builds. */
  devTools: boolean;
  openExternal: (url: string) => Promise<void>;
}

/**
 * Takes the BrowserWindow class as a value so tests can pass a fake and inspect what it was given.
 * The parameter is named BrowserWindow and webPreferences is an object literal on purpose:
 * Electronegativity (scripts/electronegativity.mjs) only recognises `new BrowserWindow({...})` and
 * reads only the literal it is given, so this is the form in which it checks every value below.
 */
export function createMainWindow(BrowserWindow: typeof ElectronBrowserWindow, options: MainWindowOptions): ElectronBrowserWindow {
  const window = new BrowserWindow({
    title: 'Regulars',
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false, // shown once painted, so nobody sees a blank frame
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: options.devTools,
    },
  });
  window.once('ready-to-show', () => window.show());

  const contents = window.webContents;
  const guard = (event: { url: string; preventDefault(): void }) => {
    if (!shouldAllowNavigation(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.setWindowOpenHandler(windowOpenHandler(options.openExternal));
  contents.on('will-attach-webview', (event) => event.preventDefault());

  void window.loadURL(APP_ENTRY_URL);
  return window;
}
