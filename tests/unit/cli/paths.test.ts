import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDatabaseFile } from '../../../electron/cli/paths';

/** Electron's app.getPath('userData') for the app name "Regulars", plus regulars.db. */
describe('defaultDatabaseFile', () => {
  it('Linux: $XDG_CONFIG_HOME/Regulars, else ~/.config/Regulars', () => {
    expect(defaultDatabaseFile({ XDG_CONFIG_HOME: '/srv/cfg' }, 'linux')).toBe(path.join('/srv/cfg', 'Regulars', 'regulars.db'));
    expect(defaultDatabaseFile({}, 'linux')).toBe(path.join(os.homedir(), '.config', 'Regulars', 'regulars.db'));
  });

  it('macOS: ~/Library/Application Support/Regulars', () => {
    expect(defaultDatabaseFile({ XDG_CONFIG_HOME: '/ignored' }, 'darwin')).toBe(
      path.join(os.homedir(), 'Library', 'Application Support', 'Regulars', 'regulars.db'),
    );
  });

  it('Windows: %APPDATA%\\Regulars', () => {
    const appData = path.join(os.homedir(), 'AppData', 'Roaming');
    expect(defaultDatabaseFile({ APPDATA: path.join('/custom', 'Roaming') }, 'win32')).toBe(path.join('/custom', 'Roaming', 'Regulars', 'regulars.db'));
    expect(defaultDatabaseFile({}, 'win32')).toBe(path.join(appData, 'Regulars', 'regulars.db'));
  });
});
