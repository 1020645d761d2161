/**
 * Where a host keeps one secret between runs: this PC's shared book address, password and all. Each
 * platform keeps it encrypted by its own means, in its own module chosen at the edge: the desktop
 * with Electron's safeStorage (electron/main/shared-book.ts), the dev host with AES-256-GCM and
 * a key file of its own (electron/web/shared-book-store.ts). Never in the book, never as plain text.
 */
export interface SecretStore {
  /** The kept secret, or null when there is none. Throws SecretStoreError when one is kept but cannot be read back. */
  read(): Promise<string | null>;
  /** Keeps `secret` in place of any other. Throws SecretStoreError, saying why (never the secret), when it cannot be kept safely. */
  write(secret: string): Promise<void>;
  /** Forgets the secret; nothing kept is fine. */
  clear(): Promise<void>;
}

/** A store that cannot keep or read its secret, with a message fit to show the owner. */
export class SecretStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretStoreError';
  }
}
