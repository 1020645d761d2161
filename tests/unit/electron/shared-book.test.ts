import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SecretStoreError, type SecretStore } from '../../../db/shared-book/store';
import { askWhenSharedBookFails, openStartingBook, safeStorageSecretStore, sharedBookFile, type SafeStorageModule } from '../../../electron/main/shared-book';
import { tempDir } from '../helpers';

vi.mock('electron', () => ({}));

const url = 'postgresql://regulars:choose-a-long-one@server-pc/regulars';

/** Electron's safeStorage as the OS would give it: a sealed buffer that is not the text, opened only by the same fake. */
function fakeSafeStorage({ available = true, backend = 'gnome_libsecret' as ReturnType<SafeStorageModule['getSelectedStorageBackend']>, shouldReEncrypt = false } = {}) {
  const seal = (text: string) => Buffer.concat([Buffer.from('sealed:'), Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)]);
  const safeStorage = {
    isAsyncEncryptionAvailable: vi.fn(async () => available),
    getSelectedStorageBackend: vi.fn(() => backend),
    encryptStringAsync: vi.fn(async (text: string) => seal(text)),
    decryptStringAsync: vi.fn(async (sealed: Buffer) => {
      if (!sealed.subarray(0, 7).equals(Buffer.from('sealed:'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { shouldReEncrypt, result: Buffer.from(sealed.subarray(7).map((b) => b ^ 0x5a)).toString('utf8') };
    }),
  };
  return { safeStorage, asModule: safeStorage as unknown as SafeStorageModule };
}

describe("the desktop's store for a shared book's address (safeStorage)", () => {
  it('keeps what safeStorage sealed in shared-book.bin in the data folder, reads it back, and forgets it', async () => {
    const userData = tempDir();
    const fake = fakeSafeStorage();
    const store = safeStorageSecretStore(fake.asModule, userData, 'linux');
    expect(await store.read()).toBeNull();
    await store.write(url);
    const file = path.join(userData, sharedBookFile);
    expect(fake.safeStorage.encryptStringAsync).toHaveBeenCalledWith(url);
    expect(fs.readFileSync(file).toString('latin1')).not.toContain('choose-a-long-one');
    expect(fs.readFileSync(file).toString('latin1')).not.toContain('server-pc');
    if (process.platform !== 'win32') expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(await safeStorageSecretStore(fake.asModule, userData, 'linux').read()).toBe(url);
    await store.clear();
    expect(fs.existsSync(file)).toBe(false);
    expect(await store.read()).toBeNull();
  });

  it('refuses to keep the address when the OS offers no encryption, or only Linux’s hard-coded "basic_text" one', async () => {
    for (const fake of [fakeSafeStorage({ available: false }), fakeSafeStorage({ backend: 'basic_text' })]) {
      const userData = tempDir();
      const store = safeStorageSecretStore(fake.asModule, userData, 'linux');
      await expect(store.write(url)).rejects.toThrow(SecretStoreError);
      await expect(store.write(url)).rejects.toThrow(/cannot keep the shared book’s address safely/);
      expect(fake.safeStorage.encryptStringAsync).not.toHaveBeenCalled();
      expect(fs.existsSync(path.join(userData, sharedBookFile))).toBe(false);
    }
    // Elsewhere the backend question is Linux's only: Windows' DPAPI is the OS's own key.
    const windows = fakeSafeStorage({ backend: 'basic_text' });
    await safeStorageSecretStore(windows.asModule, tempDir(), 'win32').write(url);
    expect(windows.safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
  });

  it('says so when the kept address no longer decrypts, and seals it again when the OS asks', async () => {
    const userData = tempDir();
    fs.writeFileSync(path.join(userData, sharedBookFile), 'not sealed by this PC');
    await expect(safeStorageSecretStore(fakeSafeStorage().asModule, userData, 'darwin').read()).rejects.toThrow(/cannot be decrypted on this PC/);

    const rotated = fakeSafeStorage({ shouldReEncrypt: true });
    const store = safeStorageSecretStore(rotated.asModule, userData, 'darwin');
    await store.write(url);
    rotated.safeStorage.encryptStringAsync.mockClear();
    expect(await store.read()).toBe(url);
    expect(rotated.safeStorage.encryptStringAsync).toHaveBeenCalledWith(url);
  });
});

describe('the book the desktop starts on', () => {
  const storeHolding = (kept: string | null | Error): SecretStore => ({
    read: vi.fn(async () => {
      if (kept instanceof Error) throw kept;
      return kept;
    }),
    write: vi.fn(async () => undefined),
    clear: vi.fn(async () => undefined),
  });

  it('opens this PC’s own file when no shared book is kept, and the shared book when one is', async () => {
    const open = vi.fn(async (location: string) => `book at ${location}`);
    const ask = vi.fn();
    expect(await openStartingBook(open, storeHolding(null), '/data/regulars.db', ask)).toBe('book at /data/regulars.db');
    expect(await openStartingBook(open, storeHolding(url), '/data/regulars.db', ask)).toBe(`book at ${url}`);
    expect(ask).not.toHaveBeenCalled();
  });

  it('asks, password hidden, when the shared book cannot be opened: try again, this PC’s own book, or quit', async () => {
    let serverUp = false;
    const open = vi.fn(async (location: string) => {
      if (location === url && !serverUp) throw new Error(`Could not reach the customer book at ${url}: nothing answered there`);
      return `book at ${location}`;
    });
    const problems: string[] = [];
    const answers = ['retry', 'local'] as const;
    const ask = vi.fn(async (problem: string) => {
      problems.push(problem);
      return answers[problems.length - 1];
    });
    expect(await openStartingBook(open, storeHolding(url), '/data/regulars.db', ask)).toBe('book at /data/regulars.db');
    expect(open.mock.calls.map(([location]) => location)).toEqual([url, url, '/data/regulars.db']);
    expect(problems).toHaveLength(2);
    for (const problem of problems) {
      expect(problem).toContain('Could not reach the customer book at postgresql://regulars:***@server-pc/regulars');
      expect(problem).not.toContain('choose-a-long-one');
    }

    expect(await openStartingBook(open, storeHolding(url), '/data/regulars.db', async () => 'quit')).toBeNull();
    serverUp = true;
    const retried = vi.fn(async () => 'retry' as const);
    expect(await openStartingBook(open, storeHolding(url), '/data/regulars.db', retried)).toBe(`book at ${url}`);
    expect(retried).not.toHaveBeenCalled();
  });

  it('asks too when the kept address cannot be decrypted, and never hides a failure of the file itself', async () => {
    const open = vi.fn(async (location: string) => `book at ${location}`);
    const ask = vi.fn(async () => 'local' as const);
    expect(await openStartingBook(open, storeHolding(new SecretStoreError('cannot be decrypted on this PC')), '/data/regulars.db', ask)).toBe('book at /data/regulars.db');
    expect(ask).toHaveBeenCalledWith('cannot be decrypted on this PC');

    const newer = new Error('This customer book was written by a newer version of Regulars.');
    const failing = vi.fn(async () => {
      throw newer;
    });
    await expect(openStartingBook(failing, storeHolding(null), '/data/regulars.db', ask)).rejects.toBe(newer);
  });

  it('the question is a native box whose buttons are the three choices', async () => {
    for (const [response, choice] of [
      [0, 'retry'],
      [1, 'local'],
      [2, 'quit'],
    ] as const) {
      const dialog = { showMessageBox: vi.fn(async () => ({ response, checkboxChecked: false })) };
      expect(await askWhenSharedBookFails(dialog as never, 'Could not reach postgresql://regulars:***@server-pc/regulars')).toBe(choice);
      expect(dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ buttons: ['Try again', 'Open this PC’s own book', 'Quit'], cancelId: 2 }));
    }
  });
});
