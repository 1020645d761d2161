import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SecretStoreError, type SecretStore } from '../../db/shared-book/store';

/** The file names in the data folder: the sealed address, and the key that opens it (never in the book). */
export const sharedBookFiles = { sealed: 'shared-book.bin', key: 'shared-book.key' } as const;

/** One version byte ahead of the nonce, the tag and the ciphertext, so that a later format can be told apart. */
const version = 1;
const nonceBytes = 12;
const tagBytes = 16;
/** Binds the ciphertext to what it is for: the same key used for anything else would not open it. */
const purpose = Buffer.from('regulars shared book address');

/**
 * The dev host's store for a shared book's address (the desktop uses Electron's safeStorage): sealed
 * with AES-256-GCM under a random key kept in its own file in the data folder, readable by this OS
 * user only (0600). The address file alone tells nothing; both files together are as safe as the
 * folder, which is what a browser host on one PC can offer without the OS keyring.
 */
export function fileSecretStore(folder: string): SecretStore {
  const sealedFile = path.join(folder, sharedBookFiles.sealed);
  const keyFile = path.join(folder, sharedBookFiles.key);

  function readKey(): Buffer | null {
    if (!fs.existsSync(keyFile)) return null;
    const key = fs.readFileSync(keyFile);
    if (key.length !== 32) throw new SecretStoreError(`The key in ${keyFile} is not one Regulars made: stop sharing in Settings, then connect again.`);
    return key;
  }

  function keyForWriting(): Buffer {
    const existing = readKey();
    if (existing) return existing;
    fs.mkdirSync(folder, { recursive: true });
    const key = randomBytes(32);
    // `wx`: never replaces a key another process has just made.
    fs.writeFileSync(keyFile, key, { mode: 0o600, flag: 'wx' });
    return key;
  }

  return {
    async read() {
      if (!fs.existsSync(sealedFile)) return null;
      const key = readKey();
      const sealed = fs.readFileSync(sealedFile);
      if (!key || sealed.length < 1 + nonceBytes + tagBytes || sealed[0] !== version) {
        throw new SecretStoreError(`The shared book address kept in ${sealedFile} cannot be read: stop sharing in Settings, then connect again.`);
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + nonceBytes));
        decipher.setAAD(purpose);
        decipher.setAuthTag(sealed.subarray(1 + nonceBytes, 1 + nonceBytes + tagBytes));
        return Buffer.concat([decipher.update(sealed.subarray(1 + nonceBytes + tagBytes)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretStoreError(`The shared book address kept in ${sealedFile} does not open with its key: stop sharing in Settings, then connect again.`);
      }
    },
    async write(secret) {
      const key = keyForWriting();
      const nonce = randomBytes(nonceBytes);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(purpose);
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      // Beside it first, then renamed: a crash mid-write leaves the old address, never half a new one.
      const temp = `${sealedFile}.partial`;
      fs.writeFileSync(temp, Buffer.concat([Buffer.from([version]), nonce, cipher.getAuthTag(), body]), { mode: 0o600 });
      fs.renameSync(temp, sealedFile);
    },
    async clear() {
      fs.rmSync(sealedFile, { force: true });
    },
  };
}
