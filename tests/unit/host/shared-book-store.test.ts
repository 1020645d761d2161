import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretStoreError } from '../../../db/shared-book/store';
import { fileSecretStore, sharedBookFiles } from '../../../electron/web/shared-book-store';
import { tempDir } from '../helpers';

const url = 'postgresql://regulars:choose-a-long-one@server-pc/regulars?sslmode=require';

describe("the dev host's store for a shared book's address (AES-256-GCM, a key file beside it)", () => {
  it('keeps the address sealed: neither file holds it, its password or its server, and both are for this user only', async () => {
    const folder = tempDir();
    const store = fileSecretStore(folder);
    expect(await store.read()).toBeNull();
    await store.write(url);
    expect(await store.read()).toBe(url);
    // A new store on the same folder (the next start) reads it back.
    expect(await fileSecretStore(folder).read()).toBe(url);

    for (const name of [sharedBookFiles.sealed, sharedBookFiles.key]) {
      const file = path.join(folder, name);
      const bytes = fs.readFileSync(file);
      for (const text of ['choose-a-long-one', 'server-pc', 'regulars:', 'postgresql']) {
        expect(bytes.includes(Buffer.from(text)), `${name} holds "${text}"`).toBe(false);
      }
      if (process.platform !== 'win32') expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    }

    // Written twice, it is sealed afresh (a new nonce), under the same key.
    const key = fs.readFileSync(path.join(folder, sharedBookFiles.key));
    const first = fs.readFileSync(path.join(folder, sharedBookFiles.sealed));
    await store.write(url);
    expect(fs.readFileSync(path.join(folder, sharedBookFiles.sealed)).equals(first)).toBe(false);
    expect(fs.readFileSync(path.join(folder, sharedBookFiles.key)).equals(key)).toBe(true);

    await store.clear();
    expect(await store.read()).toBeNull();
    await store.clear();
  });

  it('refuses to read an address that was changed, or that another folder’s key sealed, saying so', async () => {
    const folder = tempDir();
    const store = fileSecretStore(folder);
    await store.write(url);
    const sealed = path.join(folder, sharedBookFiles.sealed);

    // Sealed under another key: the file alone opens nothing.
    const elsewhere = tempDir();
    await fileSecretStore(elsewhere).write('postgresql://someone@else/book');
    fs.copyFileSync(sealed, path.join(elsewhere, sharedBookFiles.sealed));
    await expect(fileSecretStore(elsewhere).read()).rejects.toThrow(SecretStoreError);

    const bytes = fs.readFileSync(sealed);
    bytes[bytes.length - 1] ^= 1;
    fs.writeFileSync(sealed, bytes);
    await expect(store.read()).rejects.toThrow(/cannot be read|does not open/);

    fs.rmSync(path.join(folder, sharedBookFiles.key));
    await expect(store.read()).rejects.toThrow(SecretStoreError);
  });
});
