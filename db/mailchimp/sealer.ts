import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Seals a secret the book keeps (the Mailchimp API key) so that the book alone never holds it in
 * the clear: a copy of the book, a backup or a moved book carries only the sealed text. Each host
 * seals with its own means, chosen at the edge: the desktop with Electron's safeStorage
 * (electron/main/mailchimp-sealer.ts), the command line and the dev host with a key file beside the
 * book, outside it (`keyFileSealer`).
 */
export interface SecretSealer {
  seal(secret: string): Promise<string>;
  /** Throws SealedSecretError, saying why (never the secret), when the sealed text cannot be opened here. */
  open(sealed: string): Promise<string>;
}

export class SealedSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedSecretError';
  }
}

/** What the Mailchimp API key's sealed text is bound to. */
export const mailchimpKeyPurpose = 'regulars mailchimp api key';

/** The key file's name, in the folder of this PC's book file. */
export const secretsKeyFile = 'regulars-secrets.key';

const version = 'k1';
const nonceBytes = 12;

/**
 * AES-256-GCM under a random key kept in a file of its own (0600), beside this PC's book file: the
 * sealed text in the book and the key outside it are as safe together as the folder, which is what
 * a host without the OS keyring can offer. `purpose` binds a sealed text to what it is for.
 */
export function keyFileSealer(folder: string, purpose: string): SecretSealer {
  const keyFile = path.join(folder, secretsKeyFile);
  const aad = Buffer.from(purpose);

  function readKey(): Buffer | null {
    if (!fs.existsSync(keyFile)) return null;
    const key = fs.readFileSync(keyFile);
    if (key.length !== 32) throw new SealedSecretError(`The key in ${keyFile} is not one Regulars made: connect to Mailchimp again.`);
    return key;
  }

  function keyForSealing(): Buffer {
    const existing = readKey();
    if (existing) return existing;
    fs.mkdirSync(folder, { recursive: true });
    try {
      // `wx`: never replaces a key another process has just made.
      fs.writeFileSync(keyFile, randomBytes(32), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return readKey()!;
  }

  return {
    async seal(secret) {
      const key = keyForSealing();
      const nonce = randomBytes(nonceBytes);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(aad);
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return `${version}:${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    async open(sealed) {
      const key = readKey();
      const cantOpen = new SealedSecretError(
        `The Mailchimp API key kept in the book cannot be opened on this PC (it was sealed on another, or ${keyFile} changed): connect to Mailchimp again here.`,
      );
      if (!key || !sealed.startsWith(`${version}:`)) throw cantOpen;
      const raw = Buffer.from(sealed.slice(version.length + 1), 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, nonceBytes));
        decipher.setAAD(aad);
        decipher.setAuthTag(raw.subarray(nonceBytes, nonceBytes + 16));
        return Buffer.concat([decipher.update(raw.subarray(nonceBytes + 16)), decipher.final()]).toString('utf8');
      } catch {
        throw cantOpen;
      }
    },
  };
}
