import path from 'node:path';
import { methods, type InputOf, type OutputOf, type SharedBookStatus } from '../../shared/contract';
import { err, ok, type Err, type Result } from '../../shared/result';
import { validationError } from '../../shared/transport';
import { bookLocation, moveBook } from '../engines/move';
import { passwordHider } from '../engines/postgres/url';
import type { EventLog } from '../log';
import { SecretStoreError, type SecretStore } from './store';

/** What the session gate lends Settings → Shared book: where the open book is, and a way to swap it for another. */
export interface BookSwitch {
  /** Where the open book is: this PC's file, or a shared book's address (password and all: never shown as it is). */
  location(): string;
  /** This PC's own book file: "stop sharing" goes back to it. */
  localFile: string;
  /** Where the host keeps the shared book's address between runs; without one, a book can be shown but not switched. */
  store?: SecretStore;
  migrationsFolders: { sqlite?: string; postgres?: string };
  log: EventLog;
  /**
   * Closes the open book, runs `between` while no book is open (calls wait), then opens the book at
   * `next`. When `between` refuses or the open fails, the book that was open is opened again and the
   * refusal answered; once switched, everyone signs in again.
   */
  switchTo<T>(next: string, between: () => Promise<Result<T>>): Promise<Result<T>>;
}

/** Which engine a book's location names, and the location as it may be shown: a shared book's password hidden. */
export function describeLocation(location: string): Pick<SharedBookStatus, 'engine' | 'shown'> {
  const where = bookLocation.safeParse(location);
  if (where.success && where.data.engine === 'postgres') return { engine: 'postgres', shown: passwordHider(location)(location) };
  return { engine: 'sqlite', shown: path.resolve(location) };
}

const noStore = () =>
  err('conflict', 'Regulars cannot keep a shared book’s address on this PC from here. Open the shared book with --db, or from the desktop app’s Settings.');

/**
 * Settings → Shared book, served by the session gate: which book is open, connecting to a shared book
 * (moving this PC's book into it when asked) and going back to this PC's own file. Every message, log
 * line and answer carries the address with its password hidden.
 */
export function sharedBookServed(host: BookSwitch) {
  async function status(): Promise<SharedBookStatus> {
    // A kept address that cannot be read back is still kept: "stop sharing" is what forgets it.
    const stored = host.store ? (await host.store.read().catch(() => 'unreadable')) !== null : false;
    return { ...describeLocation(host.location()), stored, localFile: path.resolve(host.localFile) };
  }

  /** Keeps `url`, and gives back a way to put the store as it was should the switch fail. */
  async function keep(url: string, store: SecretStore): Promise<Result<() => Promise<void>>> {
    const before = await store.read().catch(() => null);
    try {
      await store.write(url);
    } catch (error) {
      if (error instanceof SecretStoreError) return err('conflict', error.message);
      throw error;
    }
    return ok(async () => {
      await (before === null ? store.clear() : store.write(before)).catch(() => undefined);
    });
  }

  async function connect(input: InputOf<'sharedBook.connect'>): Promise<Result<OutputOf<'sharedBook.connect'>>> {
    const parsed = methods['sharedBook.connect'].input.safeParse(input);
    if (!parsed.success) return validationError(parsed.error);
    const { url, moveThisBook } = parsed.data;
    const hide = passwordHider(url);
    const refused = (code: Err['error']['code'], message: string, field = true): Err => err(code, hide(message), field ? { fields: { url: hide(message) } } : {});

    const where = bookLocation.safeParse(url);
    if (!where.success || where.data.engine !== 'postgres') {
      return refused('validation', where.success ? 'A shared book is a PostgreSQL address such as postgresql://regulars:password@server-pc/regulars' : (where.error.issues[0]?.message ?? 'Not an address'));
    }
    if (!host.store) return noStore();
    const shown = hide(url);
    const current = host.location();
    if (current === url) return refused('conflict', `The shared book at ${shown} is the one already open.`);
    if (moveThisBook && describeLocation(current).engine !== 'sqlite') {
      return refused('conflict', 'A shared book is open, not this PC’s own book: only a book file can be moved. Untick “Move this PC’s book into it” to use the book at this address.', false);
    }

    // Said before the open book is closed: a wrong address or password changes nothing.
    let found;
    try {
      const { probePostgresDatabase } = await import('../engines/postgres/probe');
      found = await probePostgresDatabase(url);
    } catch (error) {
      return refused('conflict', (error as Error).message);
    }
    if (found.kind === 'other') {
      return refused('conflict', `The database at ${shown} holds tables that are not a Regulars book’s (${found.tables.slice(0, 5).join(', ')}${found.tables.length > 5 ? ', …' : ''}): give an empty database, or the one that holds the shop’s book.`);
    }
    if (moveThisBook && found.kind === 'book' && found.customers > 0) {
      return refused(
        'conflict',
        `The database at ${shown} already holds a customer book (${found.customers} customers): a book moves only into an empty database, and nothing was changed. Untick “Move this PC’s book into it” to use the book that is there.`,
      );
    }

    const kept = await keep(url, host.store);
    if (!kept.ok) return kept;
    const switched = await host.switchTo(url, async () => {
      if (!moveThisBook) return ok(null);
      const moved = await moveBook({ from: current, to: url, migrationsFolders: host.migrationsFolders });
      if (moved.ok) return moved;
      // moveBook names the destination `to`; here it is the address field.
      const { to, ...fields } = moved.error.fields ?? {};
      return err(moved.error.code, hide(moved.error.message), to === undefined ? {} : { fields: { ...fields, url: hide(moved.error.message) } });
    });
    if (!switched.ok) {
      await kept.value();
      host.log.error('sharedBook.connectFailed', { book: shown, moveThisBook, message: hide(switched.error.message) });
      return err(switched.error.code, hide(switched.error.message), switched.error.fields ? { fields: switched.error.fields } : {});
    }
    const moved = switched.value && { customers: switched.value.customers, purchases: switched.value.purchases, rows: switched.value.rows, ms: switched.value.ms };
    host.log.info('sharedBook.connected', { book: shown, movedCustomers: moved?.customers ?? null, movedRows: moved?.rows ?? null });
    return ok({ book: await status(), moved });
  }

  async function disconnect(): Promise<Result<OutputOf<'sharedBook.disconnect'>>> {
    if (!host.store) return noStore();
    const current = host.location();
    const { shown } = describeLocation(current);
    const before = await host.store.read().catch(() => null);
    await host.store.clear();
    const onLocalFile = describeLocation(current).engine === 'sqlite' && path.resolve(current) === path.resolve(host.localFile);
    if (!onLocalFile) {
      const switched = await host.switchTo(host.localFile, async () => ok(null));
      if (!switched.ok) {
        if (before !== null) await host.store.write(before).catch(() => undefined);
        host.log.error('sharedBook.disconnectFailed', { book: shown, message: switched.error.message });
        return switched;
      }
    }
    host.log.info('sharedBook.disconnected', { book: shown, now: path.resolve(host.localFile) });
    return ok(await status());
  }

  return {
    'sharedBook.status': async (): Promise<Result<OutputOf<'sharedBook.status'>>> => ok(await status()),
    'sharedBook.connect': connect,
    'sharedBook.disconnect': disconnect,
  };
}
