import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { commandLineActor } from '../../db/access';
import { openBook, type OpenBook } from '../../db/book';
import { bookLocation } from '../../db/engines/move';
import { passwordHider } from '../../db/engines/postgres/url';
import { errorFacts, logFolderOf, openEventLog, silentLog } from '../../db/log';
import { DatabaseOpenError } from '../../db/open';
import { methods, type BookTransport, type MethodName, type Settings } from '../../shared/contract';
import type { AppError, ErrorCode } from '../../shared/result';
import { CliFailure, commandGroups, commandUsage, findCommand, usage, type Command, type RunContext } from './commands';
import { defaultDatabaseFile } from './paths';

/**
 * `regulars [--db FILE|URL] [--json] <command> [args]`: flags in, contract calls over a Transport to the
 * core, text or JSON out. The rules live in the core; this file only translates. It never imports electron.
 */

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

function osUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment is the next best witness.
    return process.env.USER || process.env.USERNAME || 'unknown user';
  }
}

/** Scripts depend on these: 0 ok, 2 invalid input, 3 not found, 4 conflict, 1 anything else. */
export const exitCodes: Record<ErrorCode, number> = { validation: 2, not_found: 3, conflict: 4, forbidden: 1, internal: 1 };
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_INVALID = 2;

const globalOptions = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const globalFlags = z.object({
  db: z.string().trim().min(1, '--db needs a file path or a postgresql:// address').optional(),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

const seeHelp = 'Run "regulars --help" for usage.';

/**
 * `--points -20` as `--points=-20`: parseArgs takes a value that starts with `-` for a flag only
 * when joined to it, and a negative number is never a flag of ours.
 */
export function negativeValuesJoined(args: string[], flagNames: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const flag = args[i].startsWith('--') ? args[i].slice(2) : null;
    if (flag !== null && flagNames.includes(flag) && /^-\d/.test(args[i + 1] ?? '')) joined.push(`${args[i]}=${args[++i]}`);
    else joined.push(args[i]);
  }
  return joined;
}

/** node's parseArgs messages, without the hint about `--` that only confuses here. */
const parseArgsMessage = (error: unknown): string => (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');

/** The contract's field names as the flags the user typed, so `paymentMethod: ...` reads `--payment: ...`. */
function flagForField(path: string, command: Command): string | undefined {
  const key = path.split('.').find((seg) => seg !== 'patch' && seg !== 'newCustomer' && !/^\d+$/.test(seg));
  if (!key || key === '_') return undefined;
  if (command.fieldFlags[key]) return command.fieldFlags[key];
  if ((key === 'customerId' || key === 'id' || key === 'ref') && command.args[0]) return `<${command.args[0]}>`;
  const kebab = key.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);
  return command.flagNames.includes(kebab) ? `--${kebab}` : key;
}

function describeCoreError(error: AppError, command: Command): AppError {
  if (error.code !== 'validation' || !error.fields || Object.keys(error.fields).length === 0) return error;
  // An import names its bad rows: keep the summary (nothing was imported) above them.
  if (Object.keys(error.fields).every((key) => key.startsWith('row '))) {
    return { ...error, message: [error.message.replace(/ \(row \d+:.*\)\./, '.'), ...Object.entries(error.fields).map(([row, message]) => `  ${row}: ${message}`)].join('\n') };
  }
  const lines = Object.entries(error.fields).map(([path, message]) => {
    const flag = flagForField(path, command);
    return flag && !message.includes(flag) ? `${flag}: ${message}` : message;
  });
  return { ...error, message: lines.join('\n') };
}

const flagOfIssue = (issue: z.core.$ZodIssue, command: Command): string => {
  const key = String(issue.path[0] ?? '');
  return command.args.includes(key) ? `<${key}>` : `--${key}`;
};

function describeFlagIssues(error: z.ZodError, command: Command): string {
  return error.issues
    .map((issue) => {
      const name = flagOfIssue(issue, command);
      return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
    })
    .join('\n');
}

/** Flag -> message, the `fields` of a --json failure: the first problem with each flag. */
function flagIssueFields(error: z.ZodError, command: Command): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[flagOfIssue(issue, command)] ??= issue.message;
  return fields;
}

const unexpected = (error: unknown): AppError => ({ code: 'internal', message: `Regulars failed unexpectedly: ${error instanceof Error ? error.message : String(error)}` });

/** Splits off the global flags written before the command. */
function leadingFlags(argv: string[]): { lead: string[]; rest: string[] } {
  const lead: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-')) {
    if (argv[i] === '--') {
      i += 1;
      break;
    }
    lead.push(argv[i]);
    if (argv[i] === '--db' && i + 1 < argv.length) {
      lead.push(argv[i + 1]);
      i += 2;
    } else {
      i += 1;
    }
  }
  return { lead, rest: argv.slice(i) };
}

function helpFor(words: string[]): string | undefined {
  if (words.length === 0) return usage();
  const found = findCommand(words);
  if (found) return `Usage: ${commandUsage(found.command)}\n\n${found.command.summary}`;
  if (commandGroups.includes(words[0])) return usage(words[0]);
  return undefined;
}

/**
 * `--json` anywhere before a `--`, read from the raw words so that even a command line too broken to
 * parse answers a script in JSON. A flag's value can't be `--json`: parseArgs refuses a value that starts with `-`.
 */
function jsonAsked(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** A failure as a script reads it under --json: the error object alone, on stdout. */
function jsonFailure(error: AppError): string {
  const { code, message, fields, existing } = error;
  return JSON.stringify({ error: { code, message, ...(fields && { fields }), ...(existing && { existing }) } }, null, 2);
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const print = (text: string) => io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  let json = jsonAsked(argv);
  /** Exits with the code for `error.code`; a person also gets `hint` (usage) under the message, on stderr. */
  const fail = (error: AppError, hint?: string) => {
    if (json) {
      print(jsonFailure(error));
    } else {
      const message = hint ? `${error.message}\n${hint}` : error.message;
      io.stderr.write(message.endsWith('\n') ? message : `${message}\n`);
    }
    return exitCodes[error.code];
  };
  const invalid = (message: string, hint?: string, fields?: Record<string, string>) => fail({ code: 'validation', message, ...(fields && { fields }) }, hint);

  const { lead, rest } = leadingFlags(argv);
  let leadValues: Record<string, unknown>;
  try {
    leadValues = parseArgs({ args: lead, options: globalOptions, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return invalid(parseArgsMessage(error), seeHelp);
  }

  if (leadValues.help || rest[0] === 'help') {
    const words = rest[0] === 'help' ? rest.slice(1) : rest.filter((w) => !w.startsWith('-'));
    const text = helpFor(words);
    if (text === undefined) return invalid(`Unknown command "${words.join(' ')}".`, seeHelp);
    print(text);
    return EXIT_OK;
  }
  if (rest.length === 0) return invalid('Give a command.', usage());

  const found = findCommand(rest);
  if (!found) {
    if (commandGroups.includes(rest[0])) {
      if (rest[1] === '--help' || rest[1] === '-h') {
        print(usage(rest[0]));
        return EXIT_OK;
      }
      const what = rest[1] === undefined || rest[1].startsWith('-') ? `"${rest[0]}" needs a command.` : `Unknown command "${rest[0]} ${rest[1]}".`;
      return invalid(what, `\n${usage(rest[0])}`);
    }
    return invalid(`Unknown command "${rest[0]}".`, seeHelp);
  }
  const { command } = found;
  const commandUsageLine = `Usage: ${commandUsage(command)}`;

  // The command's own flags, with the global ones also allowed after the command.
  let parsedArgs: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsedArgs = parseArgs({
      args: negativeValuesJoined(rest.slice(found.consumed), command.flagNames),
      options: {
        ...Object.fromEntries(command.flagNames.map((name) => [name, { type: 'string' as const }])),
        ...Object.fromEntries(command.switches.map((name) => [name, { type: 'boolean' as const }])),
        ...globalOptions,
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return invalid(parseArgsMessage(error), commandUsageLine);
  }
  const { db: laterDb, json: laterJson, help: laterHelp, ...commandValues } = parsedArgs.values;
  if (laterHelp) {
    print(helpFor(command.name.split(' '))!);
    return EXIT_OK;
  }
  const globals = globalFlags.safeParse({
    db: laterDb ?? leadValues.db,
    json: Boolean(laterJson ?? leadValues.json),
    help: false,
  });
  json = globals.success ? globals.data.json : json;
  if (!globals.success) return invalid(globals.error.issues.map((i) => i.message).join('\n'));

  if (parsedArgs.positionals.length > command.args.length) {
    const extra = parsedArgs.positionals.slice(command.args.length).map((p) => `"${p}"`).join(' ');
    return invalid(`Unexpected argument ${extra}.`, commandUsageLine);
  }
  const raw: Record<string, unknown> = { ...commandValues };
  command.args.forEach((name, i) => {
    raw[name] = parsedArgs.positionals[i];
  });
  const flags = command.parse(raw);
  if (!flags.success) return invalid(describeFlagIssues(flags.error, command), commandUsageLine, flagIssueFields(flags.error, command));

  // Only now, with the input known to be well formed, is the database opened (and created if missing).
  const file = globals.data.db ?? (io.env.REGULARS_DB?.trim() || undefined) ?? defaultDatabaseFile(io.env);
  const where = bookLocation.safeParse(file);
  if (!where.success) return invalid(`--db: ${where.error.issues[0]?.message ?? 'not a customer book'}`);
  // The support log beside the book, or beside this PC's own book for a shared one; it appears only once there is something to note.
  const log = openEventLog(logFolderOf(where.data.engine === 'sqlite' ? file : defaultDatabaseFile(io.env)));
  // A shared book's address is shown and logged without its password.
  const shownBook = where.data.engine === 'sqlite' ? file : passwordHider(file)(file);
  if (command.offline && !command.anyBook && where.data.engine === 'postgres') {
    await log.close();
    return invalid(`"regulars ${command.name}" works on a book file; ${shownBook} is a shared book. Back it up with "regulars backup --out FILE" and use that file.`);
  }
  if (command.offline) {
    try {
      const progress = (line: string) => {
        if (!globals.data.json) io.stderr.write(`${line}\n`);
      };
      const value = await command.offline(file, flags.data, log, progress);
      print(globals.data.json ? JSON.stringify(command.json(value), null, 2) : await command.text(value, closedBook(file)));
      return EXIT_OK;
    } catch (error) {
      if (error instanceof CliFailure) return fail(error.error);
      if (error instanceof DatabaseOpenError) return fail({ code: 'internal', message: error.message });
      log.error('internal_error', { command: command.name, ...errorFacts(error) });
      return fail(unexpected(error));
    } finally {
      await log.close();
    }
  }
  const causes: string[] = [];
  let book: OpenBook;
  try {
    book = await openBook(file, {
      // SQLite's check of every page (1.7 s on a ten-year book) is left for the first write, as the
      // desktop's writer leaves it for after its first screen: a command that only reads answers at once.
      sqlite: { checkAfterOpen: true },
      onInternalError: (method, error) => {
        causes.push(`${method}: ${error instanceof Error ? error.message : String(error)}`);
        log.error('internal_error', { method, via: 'command line', ...errorFacts(error) });
      },
    });
    if (book.migrated.length > 0) log.info('migrations.applied', { count: book.migrated.length, tags: book.migrated, via: 'command line' });
  } catch (error) {
    log.error('startup.failed', { via: 'command line', ...(error instanceof DatabaseOpenError ? { message: error.message, damaged: error.damaged } : errorFacts(error)) });
    await log.close();
    if (error instanceof DatabaseOpenError) return fail({ code: 'internal', message: error.message });
    return fail({ code: 'internal', message: `Could not open the customer book at ${shownBook}: ${passwordHider(file)((error as Error).message)}` });
  }

  try {
    const { core } = book;
    // Whoever runs the command line holds the book (its file, or the shared book's address), so it acts as the owner, named in the audit log.
    const actor = commandLineActor(osUserName());
    // The core's edge, as the other hosts reach it: every call checked there, for this actor. Straight
    // to the book, with no till's outbox in between: a call that cannot reach a shared book fails, and says so.
    const opened = book;
    let damage: DatabaseOpenError | null | undefined;
    const damageBeforeWrite = (method: MethodName): DatabaseOpenError | null => {
      if (methods[method].kind === 'read') return null;
      if (damage === undefined) {
        damage = opened.checkIntegrity();
        if (damage) log.error('book.damaged', { via: 'command line', message: damage.message });
      }
      return damage;
    };
    const transport: BookTransport = {
      call: async (method, input) => {
        // A damaged file is never written to: the owner is sent to the newest good backup instead.
        const refused = damageBeforeWrite(method);
        return refused ? { ok: false, error: { code: 'internal', message: refused.message } } : core.handle(method, input, actor);
      },
    };
    let settings: Settings | undefined;
    const ctx: RunContext = {
      file: book.shown,
      book: transport,
      homeFolder: path.dirname(path.resolve(where.data.engine === 'sqlite' ? file : defaultDatabaseFile(io.env))),
      log,
      call: async (method, input) => {
        const result = await transport.call(method, input);
        if (!result.ok) throw new CliFailure(describeCoreError(result.error, command));
        return result.value;
      },
      settings: async () => (settings ??= await ctx.call('settings.get', {})),
      resolve: (ref) => ctx.call('customers.resolve', { ref }),
      // One run, one caller, one call at a time: the core's snapshot may hold its connection for the reads.
      snapshot: (read) => core.snapshot(read),
      backup: async (destination) => {
        try {
          const made = await book.backup(destination);
          log.info('backup.made', { kind: 'command line', file: made.file, bytes: made.bytes });
          return made;
        } catch (error) {
          log.error('backup.failed', { kind: 'command line', file: path.resolve(destination), message: (error as Error).message });
          throw error;
        }
      },
    };
    // A write is committed inside run(); output is printed only after that returns.
    const value = await command.run(ctx, flags.data);
    print(globals.data.json ? JSON.stringify(command.json(value), null, 2) : await command.text(value, ctx));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CliFailure) {
      const details = causes.length > 0 ? `\n(${causes.join('; ')})` : '';
      return fail({ ...error.error, message: `${error.error.message}${details}` });
    }
    log.error('internal_error', { command: command.name, via: 'command line', ...errorFacts(error) });
    return fail(unexpected(error));
  } finally {
    await book.close();
    await log.close();
  }
}

/** The context of a command that runs with the book closed: touching the book is a bug in the command. */
function closedBook(file: string): RunContext {
  const closed = (): never => {
    throw new CliFailure({ code: 'internal', message: 'This command runs with the customer book closed' });
  };
  return { file, call: closed, settings: closed, resolve: closed, snapshot: closed, backup: closed, book: { call: closed }, homeFolder: path.dirname(path.resolve(file)), log: silentLog };
}

/** The process entry, called by bin/regulars.cjs. */
export function main(): void {
  // `regulars customers list | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`Regulars failed unexpectedly: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT_FAILURE;
    },
  );
}
