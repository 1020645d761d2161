import fs from 'node:fs';
import path from 'node:path';
import { methods, type ImportProgress, type BackupFile, type BackupList, type InputOf, type MethodName, type OutputOf, type Settings, type SignedInMember } from '../shared/contract';
import { err, ok, type Result } from '../shared/result';
import type { Transport } from '../shared/transport';
import { authorize, type Actor } from './access';
import { automaticBackup, createBackupSchedule, newestAutomaticBackupAt, type BackupReason, type BackupSchedule, type Timers } from './backup-schedule';
import { backupKind, defaultBackupDir, listBackups, manualBackupName, restoreBackup, type BackupInfo } from './backups';
import { diagnosticsName, runtimeVersions, writeDiagnostics, type BookFacts } from './diagnostics';
import { errorFacts, logFolderOf, silentLog, type EventLog } from './log';
import { redactUrl } from './engines/postgres/url';
import { DatabaseOpenError } from './open';
import { describeLocation, sharedBookServed } from './shared-book/service';
import type { SecretStore } from './shared-book/store';
import { mailchimpServed } from './mailchimp/host';
import type { MailchimpJobRunner } from './mailchimp/jobs';
import type { SecretSealer } from './mailchimp/sealer';

/** The open customer book as a host sees it: the core behind workers, or in-process in tests. */
export interface Backend {
  /** A contract call acting as `actor`; the core checks the input again at its own edge. */
  call<K extends MethodName>(method: K, input: InputOf<K>, actor: Actor | null): Promise<Result<OutputOf<K>>>;
  backup(destination: string): Promise<Result<BackupInfo>>;
  /** SQLite's check, versions and counts of the open book (what is known of a shared one), for a diagnostics zip. */
  facts(): Promise<Result<BookFacts>>;
  /** How far an import being committed is (rows written of all); null when none is. */
  importProgress(): ImportProgress | null;
  /** Runs a Mailchimp job (a sync, a preview, the erasures) against this book, where the book lives. */
  mailchimp: MailchimpJobRunner;
  /**
   * The book's check of every page, when the backend does it after opening (the writer worker does,
   * so that the first screen need not wait for it): null when the book is whole, else why it is
   * damaged. Writes wait for it in the backend; none given: checked before the open returned.
   */
  integrity?: Promise<string | null>;
  close(): Promise<void>;
}

/** How often the app syncs with Mailchimp while it is open (Settings → Mailchimp's Sync now does it at once). */
export const MAILCHIMP_SYNC_EVERY_MS = 60 * 60_000;

export interface SessionGateOptions {
  /** Opens (and migrates) the book at `location`, a file or a shared book's address; a damaged file throws DatabaseOpenError with `damaged` set. */
  open: (location: string) => Promise<Backend>;
  /**
   * This PC's own book file, and where this PC keeps its own things whichever book is open (the
   * backups folder, the support log and diagnostics sit beside it).
   */
  databaseFile: string;
  /**
   * The book to open at start when it is not `databaseFile`: a shared book's postgresql:// address
   * (restored on the server, never from a till).
   */
  location?: string;
  /** Where this PC keeps a shared book's address between runs, encrypted: Settings → Shared book connects with it. */
  sharedBookStore?: SecretStore;
  migrationsFolder?: string;
  /** A shared book's migrations, for moving this PC's book into one. */
  postgresMigrationsFolder?: string;
  now?: () => Date;
  /** The support log: backups, restores and diagnostics are noted there. */
  log?: EventLog;
  /**
   * The desktop's automatic backups: at open when the newest is over a day old, after the first
   * write of each shop day, every few hours while writes go on, and at close. Off unless given, so
   * that a test of something else makes none.
   */
  automaticBackups?: { everyMs?: number; timers?: Timers };
  /**
   * The diagnostics zip: what the host adds to its versions (the app's, Electron's), where the zip
   * goes (a `diagnostics` folder beside the book by default), and how to show it to the owner
   * (the desktop opens the file manager there); `reveal` returns whether it could.
   */
  diagnostics?: { versions?: Record<string, string>; folder?: string; reveal?: (file: string) => boolean };
  /** How this host seals the Mailchimp API key the book keeps (safeStorage on the desktop, a key file beside the book elsewhere). */
  mailchimpSealer?: SecretSealer;
  /** For the tests: quicker retries of Mailchimp's calls. */
  mailchimpRetry?: { attempts: number; backoffMs: number };
  /** A Mailchimp sync on a timer while the app is open, this often; off unless given (a test of something else syncs nothing). */
  mailchimpSyncEveryMs?: number;
}

/**
 * Every call from the window goes through `call`: the signed-in member is attached, never taken from
 * the caller. The edge in front of it (IPC, the dev host) has already checked the call with `parseCall`.
 */
export interface SessionGate extends Transport {
  /** A consistent copy of the open book, for the host's automatic backups. */
  backupTo(destination: string): Promise<Result<BackupInfo>>;
  /** The shop's backup folder from settings, or the default beside the book. */
  backupFolder(): Promise<string>;
  /** Resolves once no automatic backup is being made (tests wait on it; close does too). */
  whenBackupsDone(): Promise<void>;
  /** Closes the book, after the closing automatic backup when those are on. */
  close(): Promise<void>;
}

interface Session {
  member: SignedInMember;
  lastActivity: number;
}

/**
 * One window's session over the customer book: who is signed in, the idle lock, backups and
 * restore (which close the book and open the copy), and the damaged-book mode in which nothing but
 * a restore is offered. Pure Node: the Electron host and the dev host both use it.
 */
export async function openSessionGate(options: SessionGateOptions): Promise<SessionGate> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? silentLog;
  let backend: Backend | null = null;
  let damaged: string | null = null;
  let session: Session | null = null;
  /** A restore or a switch of books under way: calls that arrive meanwhile wait for it, and it settles (never fails) once a book is open again. */
  let reopening: Promise<void> | null = null;
  /** Why a call is refused between one book closing and the next opening. */
  const noBookNow = 'The customer book is being reopened; try again in a moment.';
  /** Where the open book is: this PC's file, or a shared book's address (never shown with its password). */
  let location = options.location ?? options.databaseFile;

  async function openBook() {
    try {
      backend = await options.open(location);
      damaged = null;
      turnDamagedIfFound(backend);
    } catch (error) {
      if (!(error instanceof DatabaseOpenError) || !error.damaged) throw error;
      backend = null;
      damaged = error.message;
    }
  }
  /**
   * A book whose check of every page is done after the open: if it finds damage, the book is closed
   * and the window is offered the restore, as for a book found damaged at open.
   */
  function turnDamagedIfFound(opened: Backend) {
    void opened.integrity?.then(async (problem) => {
      if (problem === null || backend !== opened) return;
      backend = null;
      damaged = problem;
      session = null;
      log.error('book.damaged', { message: problem });
      await opened.close();
    });
  }
  await openBook();

  const actor = (): Actor | null => (session ? { id: session.member.id, role: session.member.role } : null);

  async function settings(): Promise<Settings | null> {
    if (!backend) return null;
    const result = await backend.call('settings.get', {}, { id: null, role: 'owner', label: 'Regulars' });
    return result.ok ? result.value : null;
  }

  const folderFrom = (s: Settings | null) => s?.backupFolder ?? defaultBackupDir(options.databaseFile);
  const backupFolder = async () => folderFrom(await settings());

  // "Midnight" for the daily backup is the shop's: kept from settings as they change.
  let shopTimeZone = 'UTC';
  const noteTimeZone = (s: Settings | null) => {
    if (s?.timeZone) shopTimeZone = s.timeZone;
  };

  let schedule: BackupSchedule | null = null;
  async function automaticBackupNow(reason: BackupReason): Promise<boolean> {
    const open = backend;
    // A damaged book, or one being replaced by a restore: there is nothing to copy.
    if (!open) return false;
    const made = await automaticBackup((destination) => open.backup(destination), await backupFolder(), now(), { log, reason });
    return made.made !== null;
  }
  /** Starts the automatic backups once there is a whole book to copy (at open, or after a damaged book is restored). */
  async function startSchedule() {
    if (!options.automaticBackups || !backend || schedule) return;
    const current = await settings();
    noteTimeZone(current);
    schedule = createBackupSchedule({
      backUp: automaticBackupNow,
      now,
      timeZone: () => shopTimeZone,
      lastBackupAt: newestAutomaticBackupAt(folderFrom(current)),
      everyMs: options.automaticBackups.everyMs,
      timers: options.automaticBackups.timers,
    });
    // In the background: the window opens at once, and the reader answers while the writer copies.
    schedule.opened();
  }
  await startSchedule();

  /**
   * Lapses the loyalty points whose months without a purchase ran out while the book was closed, in
   * the background as the book opens (a sale lapses a returning customer's own before it counts them).
   */
  async function lapsePoints() {
    const open = backend;
    // Only a scheme with lapsing has anything to do (and the sweep, a write, is in the audit log).
    if (!open || !(await settings())?.loyalty?.expireMonths) return;
    const lapsed = await open.call('loyalty.expire', {}, { id: null, role: 'owner', label: 'Regulars' });
    if (!lapsed.ok) log.error('loyalty.expire.failed', { message: lapsed.error.message });
    else if (lapsed.value.customers > 0) log.info('loyalty.expired', lapsed.value);
  }
  void lapsePoints();

  /** Two presses of "Back up now" within one second must not overwrite the first copy. */
  function freeName(folder: string, name: string): string {
    let candidate = path.join(folder, name);
    for (let n = 2; fs.existsSync(candidate); n++) candidate = path.join(folder, name.replace(/\.db$/, `-${n}.db`));
    return candidate;
  }

  function list(folder: string): BackupList {
    return { folder, backups: listBackups(folder).map((b): BackupFile => ({ ...b, kind: backupKind(b.file) })) };
  }

  /** The session ends by itself once the window has been idle longer than the shop's lock time. */
  function expireIdle() {
    if (!session) return;
    const minutes = session.member.idleLockMinutes;
    if (minutes > 0 && now().getTime() - session.lastActivity > minutes * 60_000) session = null;
  }

  async function createManualBackup(): Promise<Result<OutputOf<'backups.create'>>> {
    if (!backend) return err('conflict', 'The customer book is damaged: restore a backup first.');
    const folder = await backupFolder();
    const made = await backend.backup(freeName(folder, manualBackupName(now())));
    if (!made.ok) log.error('backup.failed', { kind: 'manual', folder, message: made.error.message });
    else log.info('backup.made', { kind: 'manual', file: made.value.file, bytes: made.value.bytes });
    return made.ok ? ok({ ...made.value, kind: 'manual' }) : made;
  }

  async function restore({ file }: InputOf<'backups.restore'>, folder: string): Promise<Result<OutputOf<'backups.restore'>>> {
    // Only copies in the backup folder: a restore swaps the whole book, so its source is not the window's to choose freely.
    const book = describeLocation(location);
    if (book.engine === 'postgres') {
      return err(
        'conflict',
        `This is a shared book (${book.shown}): a backup is not restored over it from one till while the others use it. Restore it on the server, or move the backup file into an empty database with "regulars book move".`,
      );
    }
    const known = list(folder).backups.find((b) => path.resolve(b.file) === path.resolve(file));
    if (!known) return err('not_found', `There is no backup called ${path.basename(file)} in ${folder}`);
    // An automatic copy being made of the book about to be replaced finishes first.
    await schedule?.settled();
    const previous = backend;
    backend = null;
    await previous?.close();
    try {
      const report = restoreBackup({ databaseFile: options.databaseFile, backupFile: known.file, migrationsFolder: options.migrationsFolder, now: now(), backupDir: folder });
      log.info('restore.done', { backup: known.file, preRestore: report.preRestore });
      await openBook();
      noteTimeZone(await settings());
      await startSchedule();
      // The restored book has its own staff and PINs: everyone signs in again.
      session = null;
      return ok(report);
    } catch (error) {
      log.error('restore.failed', { backup: known.file, ...(error instanceof DatabaseOpenError ? { message: error.message } : errorFacts(error)) });
      await openBook().catch(() => undefined);
      if (error instanceof DatabaseOpenError) return err('validation', error.message);
      throw error;
    }
  }

  /** A restore or a switch runs alone: calls that arrive meanwhile wait for the reopened book. */
  function alone<T>(running: Promise<T>): Promise<T> {
    reopening = running.then(
      () => undefined,
      () => undefined,
    ).finally(() => (reopening = null));
    return running;
  }
  const restoreAlone = (input: InputOf<'backups.restore'>, folder: string) => alone(restore(input, folder));

  /**
   * Swaps the open book for the one at `next` as a restore does: the book is closed, `between` runs
   * (a move of this book into the next), and the next one opens. If either fails, the book that was
   * open opens again and the session goes on. Once switched, everyone signs in again: the other book
   * has its own staff and PINs. Its backups follow its own settings, so the schedule starts afresh.
   */
  async function switchBook<T>(next: string, between: () => Promise<Result<T>>): Promise<Result<T>> {
    await schedule?.settled();
    await schedule?.stop();
    schedule = null;
    const previous = { backend, location };
    backend = null;
    await previous.backend?.close();
    let result: Result<T>;
    try {
      result = await between();
      if (result.ok) {
        location = next;
        await openBook();
      }
    } catch (error) {
      log.error('book.switchFailed', error instanceof DatabaseOpenError ? { message: redactUrl(error.message) } : errorFacts(error));
      result = err(error instanceof DatabaseOpenError ? 'conflict' : 'internal', error instanceof Error ? error.message : String(error));
    }
    if (!result.ok) {
      location = previous.location;
      await openBook().catch(() => undefined);
    } else session = null;
    noteTimeZone(await settings());
    await startSchedule();
    return result;
  }

  /** A member signed in (or the first owner set up) starts the window's session. */
  function startSession(result: Result<SignedInMember>): Result<SignedInMember> {
    if (result.ok) session = { member: result.value, lastActivity: now().getTime() };
    return result;
  }

  /** The zip for support: the log, versions, settings and SQLite's check of the open book. */
  async function writeDiagnosticsZip(backupFolderNow: string): Promise<Result<OutputOf<'diagnostics.create'>>> {
    const facts = backend ? await backend.facts() : null;
    const at = now();
    const out = path.join(options.diagnostics?.folder ?? path.join(path.dirname(path.resolve(options.databaseFile)), 'diagnostics'), diagnosticsName(at));
    log.info('diagnostics.written', { file: out });
    const report = writeDiagnostics({
      out,
      facts: facts === null ? { unreadable: damaged ?? 'The customer book is not open' } : facts.ok ? facts.value : { unreadable: facts.error.message },
      versions: runtimeVersions(options.diagnostics?.versions),
      logFolder: logFolderOf(options.databaseFile),
      backupFolder: backupFolderNow,
      databaseFile: describeLocation(location).shown,
      now: at,
    });
    const shown = options.diagnostics?.reveal?.(report.file) ?? false;
    return ok({ ...report, shown });
  }

  /** What the book's backend would otherwise serve: a method here is the gate's own, or wrapped by it. */
  type Served = { [K in MethodName]?: (input: InputOf<K>) => Promise<Result<OutputOf<K>>> };

  /** Served before anything else, even with the book damaged: signing out only ends the window's session. */
  const always: Served = {
    'auth.signOut': async () => {
      session = null;
      return ok(null);
    },
  };

  const mailchimp = mailchimpServed({
    book: (as) => ({ call: (method, input) => (backend ? backend.call(method, input, as) : Promise.resolve(err('internal', noBookNow))) }),
    runJob: (job, jobOptions) => (backend ? backend.mailchimp(job, jobOptions) : Promise.resolve(err('internal', noBookNow))),
    actor,
    sealer: options.mailchimpSealer,
    log,
    ...options.mailchimpRetry,
    syncEveryMs: options.mailchimpSyncEveryMs,
  });

  /** Served here, around the book: backups copy it while calls go on, a restore reopens it, diagnostics read the log beside it. */
  const hostServed: Served = {
    // Mailchimp's calls are made here, never by the core: a sync runs in the background and says how far it is.
    ...mailchimp.served,
    'backups.list': async () => ok(list(await backupFolder())),
    'backups.create': createManualBackup,
    'backups.restore': async (input) => restoreAlone(input, await backupFolder()),
    'diagnostics.create': async () => writeDiagnosticsZip(await backupFolder()),
    // Answered while the writer is busy with the import itself: the workers pass its progress on as it goes.
    'imports.progress': async () => ok(backend?.importProgress() ?? null),
    ...sharedBookServed({
      location: () => location,
      localFile: options.databaseFile,
      store: options.sharedBookStore,
      migrationsFolders: { sqlite: options.migrationsFolder, postgres: options.postgresMigrationsFolder },
      log,
      switchTo: (next, between) => alone(switchBook(next, between)),
    }),
  };

  /** Relayed to the book, with what the gate must learn from the answer. */
  const watched: Served = {
    'customers.erase': async (input) => {
      const result = await relay('customers.erase', input);
      if (result.ok) mailchimp.erased();
      return result;
    },
    'auth.signIn': async (input) => startSession(await relay('auth.signIn', input)),
    'auth.setupOwner': async (input) => startSession(await relay('auth.setupOwner', input)),
    'settings.update': async (input) => {
      const result = await relay('settings.update', input);
      if (result.ok) noteTimeZone(result.value);
      return result;
    },
  };

  /**
   * A damaged book is never written to and cannot check a PIN, so the only offer is a restore of a
   * good backup (the damaged file is kept as a pre-restore copy, so nothing is lost by it).
   */
  const damagedServed: Served = {
    'auth.status': async () => {
      const newest = list(defaultBackupDir(options.databaseFile)).backups.find((b) => b.kind !== 'pre-restore') ?? null;
      return ok({ needsOwnerSetup: false, signedIn: null, members: [], damaged: { message: damaged ?? '', newestBackup: newest && { file: newest.file, at: newest.at } } });
    },
    'backups.list': async () => ok(list(defaultBackupDir(options.databaseFile))),
    'backups.restore': async (input) => restoreAlone(input, defaultBackupDir(options.databaseFile)),
  };

  /** A call to the open book as whoever is signed in; noted as activity, and as a write for the backup schedule. */
  async function relay<K extends MethodName>(method: K, input: InputOf<K>): Promise<Result<OutputOf<K>>> {
    if (!backend) return err('internal', noBookNow);
    const result = await backend.call(method, input, actor());
    if (result.ok && methods[method].kind === 'write') schedule?.wrote();
    // Asked by the window on its own (the live updates' and the outbox's polls), not by someone at it: no activity.
    if (session && method !== 'auth.status' && method !== 'book.changes' && method !== 'outbox.status') session.lastActivity = now().getTime();
    return result;
  }

  async function call<K extends MethodName>(method: K, input: InputOf<K>): Promise<Result<OutputOf<K>>> {
    if (reopening) await reopening;
    expireIdle();
    const first = always[method];
    if (first) return first(input);
    if (damaged !== null) {
      const served = damagedServed[method];
      return served ? served(input) : err('conflict', 'The customer book is damaged, so nothing can be read or written. Restore a backup first.');
    }
    const own = hostServed[method];
    if (own) {
      const allowed = authorize(method, actor());
      return allowed.ok ? own(input) : allowed;
    }
    const wrapped = watched[method];
    return wrapped ? wrapped(input) : relay(method, input);
  }

  return {
    call,
    backupTo: async (destination) => (backend ? backend.backup(destination) : err('conflict', 'The customer book is damaged: nothing to back up.')),
    backupFolder,
    whenBackupsDone: async () => {
      await schedule?.settled();
    },
    close: async () => {
      await mailchimp.stop();
      if (schedule) {
        await schedule.stop();
        await automaticBackupNow('close');
      }
      await backend?.close();
      backend = null;
    },
  };
}
