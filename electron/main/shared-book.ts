import fs from 'node:fs';
import path from 'node:path';
import type { Dialog, SafeStorage } from 'electron';
import { passwordHider } from '../../db/engines/postgres/url';
import { SecretStoreError, type SecretStore } from '../../db/shared-book/store';
import { SealedSecretError, type SecretSealer } from '../../db/mailchimp/sealer';

/** The parts of safeStorage the store uses: the asynchronous ones (the synchronous calls go in Electron 46). */
export type SafeStorageModule = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

/** The file in the data folder (userData) that holds the shared book's address as safeStorage encrypted it. */
export const sharedBookFile = 'shared-book.bin';

const cannotKeep =
  'This PC cannot keep the shared book’s address safely: the operating system offers Regulars no encryption for it (on Linux, a keyring such as GNOME Keyring or KWallet must be running and unlocked). Nothing was changed.';

/**
 * The desktop's store for a shared book's address: encrypted by the operating system's own key
 * (Keychain on macOS, DPAPI on Windows, the keyring on Linux) through safeStorage, the ciphertext in
 * `shared-book.bin` in the data folder. Where the OS offers no real key it refuses to keep the
 * address rather than keep it readable: on Linux without a keyring, safeStorage's "basic_text"
 * backend encrypts with a password every copy of Chromium knows.
 */
export function safeStorageSecretStore(safeStorage: SafeStorageModule, folder: string, platform: string): SecretStore {
  const file = path.join(folder, sharedBookFile);

  async function encryptionAvailable(): Promise<boolean> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
    return platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
  }

  const store: SecretStore = {
    async read() {
      if (!fs.existsSync(file)) return null;
      let decrypted;
      try {
        decrypted = await safeStorage.decryptStringAsync(fs.readFileSync(file));
      } catch {
        throw new SecretStoreError(`The shared book’s address kept in ${file} cannot be decrypted on this PC (was the keyring or the user account changed?): connect again in Settings → Shared book.`);
      }
      // The OS changed its key since: sealed again under the new one, so the next start can still read it.
      if (decrypted.shouldReEncrypt) await store.write(decrypted.result).catch(() => undefined);
      return decrypted.result;
    },
    async write(secret) {
      if (!(await encryptionAvailable())) throw new SecretStoreError(cannotKeep);
      const sealed = await safeStorage.encryptStringAsync(secret);
      fs.mkdirSync(folder, { recursive: true });
      // Beside it first, then renamed: a crash mid-write leaves the old address, never half a new one.
      const temp = `${file}.partial`;
      fs.writeFileSync(temp, sealed, { mode: 0o600 });
      fs.renameSync(temp, file);
    },
    async clear() {
      fs.rmSync(file, { force: true });
    },
  };
  return store;
}

/** What the person at the PC chose when the shared book could not be opened at start. */
export type StartChoice = 'retry' | 'local' | 'quit';

/**
 * Opens the book this PC starts on: the shared book whose address it keeps, else its own file. When
 * the shared book cannot be opened (the server is off, the address no longer decrypts), `ask` is told
 * why, password hidden, and chooses: try again, open this PC's own book for now (the address is kept,
 * and tried again at the next start), or quit. Null when they chose to quit. A failure to open the
 * file itself is thrown, as it always was.
 */
export async function openStartingBook<T>(
  open: (location: string) => Promise<T>,
  store: SecretStore,
  localFile: string,
  ask: (problem: string) => Promise<StartChoice>,
): Promise<T | null> {
  for (;;) {
    let problem: string;
    try {
      const stored = await store.read();
      if (stored === null) return await open(localFile);
      try {
        return await open(stored);
      } catch (error) {
        problem = passwordHider(stored)(error instanceof Error ? error.message : String(error));
      }
    } catch (error) {
      if (!(error instanceof SecretStoreError)) throw error;
      problem = error.message;
    }
    const choice = await ask(problem);
    if (choice === 'local') return open(localFile);
    if (choice === 'quit') return null;
  }
}

/** The question `openStartingBook` asks on the desktop: a native box, since no window is open yet. */
export async function askWhenSharedBookFails(dialog: Pick<Dialog, 'showMessageBox'>, problem: string): Promise<StartChoice> {
  const choices: StartChoice[] = ['retry', 'local', 'quit'];
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'Regulars',
    message: 'The shared customer book cannot be opened just now',
    detail: `${problem}\n\nTry again once the server PC is on, or open this PC’s own book for now: the shop can go on working, but what is recorded there is not in the shared book. Regulars tries the shared book again at the next start.`,
    buttons: ['Try again', 'Open this PC’s own book', 'Quit'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  });
  return choices[response] ?? 'quit';
}

/**
 * The desktop's sealer for the Mailchimp API key the book keeps: safeStorage's ciphertext, as base64
 * text in the book's settings. Refused where the OS offers no real key, as the shared book's address is.
 */
export function safeStorageSealer(safeStorage: SafeStorageModule, platform: string): SecretSealer {
  return {
    async seal(secret) {
      const available = (await safeStorage.isAsyncEncryptionAvailable()) && (platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');
      if (!available) throw new SealedSecretError(cannotKeep.replace('the shared book’s address', 'the Mailchimp API key'));
      return `os:${(await safeStorage.encryptStringAsync(secret)).toString('base64')}`;
    },
    async open(sealed) {
      try {
        if (!sealed.startsWith('os:')) throw new Error('not sealed by this PC');
        return (await safeStorage.decryptStringAsync(Buffer.from(sealed.slice(3), 'base64'))).result;
      } catch {
        throw new SealedSecretError('The Mailchimp API key kept in the book cannot be opened on this PC (it was sealed on another, or the keyring changed): connect to Mailchimp again here.');
      }
    },
  };
}
