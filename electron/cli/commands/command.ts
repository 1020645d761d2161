import { z } from 'zod';
import type { BookOutputOf, BookTransport, Customer, InputOf, MethodName, Settings } from '../../../shared/contract';
import type { AppError } from '../../../shared/result';
import type { BackupInfo } from '../../../db/backups';
import type { EventLog } from '../../../db/log';
import { flagUsage, isSwitch } from './flags';

/** A refusal on its way to an exit code: from the core's Result, or from the CLI's own flag checks. */
export class CliFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'CliFailure';
  }
}

export const invalidFlag = (flag: string, message: string): CliFailure =>
  new CliFailure({ code: 'validation', message: `${flag}: ${message}`, fields: { [flag]: message } });

/**
 * What a command gets: contract calls over the Transport that throw CliFailure on `{ ok: false }`, so
 * commands read straight through. Asynchronous, as the Transport is, whatever engine holds the book.
 */
export interface RunContext {
  call<K extends MethodName>(method: K, input: InputOf<K>): Promise<BookOutputOf<K>>;
  /** The shop's settings, read once per run when first needed. */
  settings(): Promise<Settings>;
  /** `<customer>` as typed: an id, a phone in any format, or an email. */
  resolve(ref: string): Promise<Customer>;
  /** Runs reads against one consistent state of the book, so several pages agree with each other. */
  snapshot<T>(read: () => Promise<T>): Promise<T>;
  /** A consistent copy of the open book, made while it stays usable. */
  backup(destination: string): Promise<BackupInfo>;
  file: string;
  /** The book's own answers, refusals included, for code that reads them as results (a Mailchimp sync). */
  book: BookTransport;
  /** Where this PC keeps its own things (the folder of its book file, also for a shared book): the key that seals secrets kept in the book. */
  homeFolder: string;
  log: EventLog;
}

/** A line about a long command's progress, for a person (on stderr; not under --json, where stdout is one value). */
export type Progress = (line: string) => void;

export interface Command {
  name: string;
  summary: string;
  /** Positional arguments, in order. */
  args: string[];
  /** The flags as usage shows them, made from their schemas. */
  usage: string;
  /** Flags take a string for parseArgs, and zod turns it into what the contract wants; switches take none. */
  flagNames: string[];
  switches: string[];
  /** Contract field -> flag, for naming the flag in the core's validation errors. */
  fieldFlags: Record<string, string>;
  parse(raw: Record<string, unknown>): z.ZodSafeParseResult<unknown>;
  run(ctx: RunContext, flags: unknown): Promise<unknown>;
  /** Commands that must not open the book first (restore: the book may be damaged; book move: it names its own). */
  offline?(file: string, flags: unknown, log: EventLog, progress: Progress): unknown;
  /** An offline command that works on a book file only (a restore, a diagnostics zip) is refused on a shared book. */
  anyBook: boolean;
  text(value: unknown, ctx: RunContext): Promise<string>;
  json(value: unknown): unknown;
}

interface CommandSpec<S extends z.ZodObject, V> {
  name: string;
  summary: string;
  args?: string[];
  /** Arguments first, then the flags in the order usage shows them. */
  flags: S;
  fieldFlags?: Record<string, string>;
  run(ctx: RunContext, flags: z.output<S>): Promise<V>;
  offline?(file: string, flags: z.output<S>, log: EventLog, progress: Progress): V | Promise<V>;
  /** Whether `offline` also works when --db names a shared (PostgreSQL) book; by default it needs a file. */
  anyBook?: boolean;
  text(value: V, ctx: RunContext): string | Promise<string>;
  json?(value: V): unknown;
}

export function command<S extends z.ZodObject, V>(spec: CommandSpec<S, V>): Command {
  const args = spec.args ?? [];
  const flags = Object.entries(spec.flags.shape).filter(([key]) => !args.includes(key));
  return {
    name: spec.name,
    summary: spec.summary,
    args,
    usage: flags.map(([key, schema]) => flagUsage(key, schema)).join(' '),
    flagNames: flags.filter(([, schema]) => !isSwitch(schema)).map(([key]) => key),
    switches: flags.filter(([, schema]) => isSwitch(schema)).map(([key]) => key),
    fieldFlags: spec.fieldFlags ?? {},
    parse: (raw) => spec.flags.safeParse(raw),
    run: (ctx, flags) => spec.run(ctx, flags as z.output<S>),
    offline: spec.offline ? (file, flags, log, progress) => spec.offline!(file, flags as z.output<S>, log, progress) : undefined,
    anyBook: spec.anyBook ?? false,
    text: async (value, ctx) => spec.text(value as V, ctx),
    json: (value) => (spec.json ? spec.json(value as V) : value),
  };
}

/** `regulars <name> <args> <flags>`, the first line of a command's help. */
export function commandUsage(c: Command): string {
  const args = c.args.map((a) => `<${a}>`).join(' ');
  return ['regulars', c.name, args, c.usage].filter(Boolean).join(' ');
}
