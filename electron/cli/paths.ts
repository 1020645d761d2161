import os from 'node:os';
import path from 'node:path';

/** Where the desktop app keeps its database: Electron's userData folder for the app name "Regulars". */
export function defaultDatabaseFile(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  let userData: string;
  if (platform === 'win32') userData = path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Regulars');
  else if (platform === 'darwin') userData = path.join(home, 'Library', 'Application Support', 'Regulars');
  else userData = path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Regulars');
  return path.join(userData, 'regulars.db');
}
