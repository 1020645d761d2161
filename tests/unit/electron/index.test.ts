import { app, protocol } from 'electron';
import { describe, expect, it, vi } from 'vitest';

// The entry wires the real electron module into runApp. Here electron is a mock, and the lock is
// taken by "another copy", so the entry must quit before touching anything else.
vi.mock('electron', () => ({
  app: {
    isPackaged: false,
    setPath: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => false),
    quit: vi.fn(),
    exit: vi.fn(),
    on: vi.fn(),
    whenReady: vi.fn(),
  },
  BrowserWindow: vi.fn(),
  dialog: { showErrorBox: vi.fn() },
  ipcMain: { handle: vi.fn() },
  net: { fetch: vi.fn() },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  safeStorage: {},
  session: {},
  shell: { openExternal: vi.fn() },
}));
vi.mock('../../../electron/worker/client', () => ({ startDatabaseWorkers: vi.fn() }));

describe('electron/main/index', () => {
  it('asks for the single-instance lock and quits when it is held elsewhere', async () => {
    await import('../../../electron/main/index');
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(app.whenReady).not.toHaveBeenCalled();
  });
});
