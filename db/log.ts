import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type pinoRoll from 'pino-roll';

/**
 * The support log: a few lines a day about what the shop could not see go wrong (unexpected
 * errors, backups, restores, migrations, start-up failures), in JSON lines that rotate in the data
 * folder. Pure Node: every host (Electron, the dev host, the CLI) writes the same file.
 *
 * Never customer data: callers pass method names, error codes and stack frames of our code,
 * counts and backup file names, never inputs, rows or SQL parameters. `LogFields` keeps the
 * values to plain scalars so a whole object (an input, a row) cannot be passed by accident.
 */
export type LogValue = string | number | boolean | null | undefined | readonly string[];
export type LogFields = Record<string, LogValue>;

export interface EventLog {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** Writes out anything pending and closes the file (the process may exit right after). */
  close(): Promise<void>;
}

export const silentLog: EventLog = { info: () => undefined, warn: () => undefined, error: () => undefined, close: async () => undefined };

/** The log sits in the data folder, beside the customer book: `logs/regulars.<n>.log`. */
export const logFolderOf = (databaseFile: string): string => path.join(path.dirname(path.resolve(databaseFile)), 'logs');
const logBaseName = 'regulars';
const logExtension = '.log';
/** About 5 MB in all: enough for months of a shop's events, small enough to email. */
const logFileSize = '1m';
const logFilesKept = 4;

/** The log files in a folder, oldest first (pino-roll numbers them upwards). */
export function logFilesIn(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  const numbered = /^regulars\.(\d+)\.log$/;
  return fs
    .readdirSync(folder)
    .map((name) => ({ name, match: numbered.exec(name) }))
    .filter((f): f is { name: string; match: RegExpExecArray } => f.match !== null)
    .sort((a, b) => Number(a.match[1]) - Number(b.match[1]))
    .map((f) => path.join(folder, f.name));
}

/**
 * Opens the log lazily: the folder and file appear with the first event, so a CLI run that has
 * nothing to report leaves nothing behind. Writes are synchronous once open, so a line logged just
 * before the process exits is on disk. A log that cannot be written is dropped silently: it is for
 * support, and must never stop the shop.
 */
export function openEventLog(folder: string): EventLog {
  type Level = 'info' | 'warn' | 'error';
  let logger: Logger | null = null;
  let stream: Awaited<ReturnType<typeof pinoRoll>> | null = null;
  let opening: Promise<void> | null = null;
  let broken = false;
  const waiting: { level: Level; event: string; fields: LogFields }[] = [];

  async function open() {
    try {
      // Loaded only once there is something to write: most runs of a worker thread or the command line
      // write nothing, and pino-roll brings date-fns, a tenth of a second of loading in each thread.
      const [{ default: pino }, { default: roll }] = await Promise.all([import('pino'), import('pino-roll')]);
      stream = await roll({
        file: path.join(folder, logBaseName),
        extension: logExtension,
        size: logFileSize,
        limit: { count: logFilesKept, removeOtherLogFiles: true },
        mkdir: true,
        sync: true,
      });
      stream.on('error', () => undefined);
      logger = pino(
        { base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
        stream,
      );
      for (const line of waiting.splice(0)) logger[line.level](line.fields, line.event);
    } catch {
      broken = true;
      waiting.length = 0;
    }
  }

  const write = (level: Level) => (event: string, fields: LogFields = {}) => {
    if (broken) return;
    if (logger) {
      logger[level](fields, event);
      return;
    }
    waiting.push({ level, event, fields });
    opening ??= open();
  };

  return {
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    close: async () => {
      await opening;
      const open = stream;
      stream = null;
      logger = null;
      broken = true;
      if (!open) return;
      await new Promise<void>((resolve) => {
        open.once('close', () => resolve());
        open.once('error', () => resolve());
        open.end();
      });
    },
  };
}

/**
 * What an unexpected error may say in the log: its kind, its code, and where in our code it was
 * thrown. Not the message, which can quote the input (a JSON parse error shows the text it could
 * not read), except SQLite's own, which name tables and constraints and never bound values.
 */
export function errorFacts(error: unknown): LogFields {
  if (!(error instanceof Error)) return { errorType: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.trim())
    .slice(0, 12);
  const fromSqlite = typeof code === 'string' && code.startsWith('SQLITE_');
  return {
    errorType: error.name,
    errorCode: typeof code === 'string' ? code : undefined,
    sqliteMessage: fromSqlite ? error.message : undefined,
    stack: frames,
  };
}
