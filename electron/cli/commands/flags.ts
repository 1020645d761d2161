import { z } from 'zod';

/**
 * The flag value types: shapes only; the domain rules (lengths, formats, uniqueness) stay in the core.
 * Each carries how it reads in usage (`--out FILE`, `--format csv|json`), so the help is made from the
 * same schemas that parse the flags.
 */

interface FlagHelp {
  /** The word after the flag in usage: a placeholder (FILE, N) or the values it takes (csv|json). */
  value?: string;
  /** Shown as required although the parser lets it be absent, so that its absence gets its own message (`--yes`). */
  required?: true;
}

const flagHelp = z.registry<FlagHelp>();

/** `schema`, shown in usage as `--flag value`. A copy, so that a shared schema keeps its own help. */
export function shown<S extends z.ZodType>(schema: S, value: string): S {
  const copy = schema.clone();
  flagHelp.add(copy, { value });
  return copy;
}

/** The help of a flag's schema, looked for through `.optional()` and pipes (the parsed end first). */
function helpOf(schema: z.core.$ZodType): FlagHelp | undefined {
  const own = flagHelp.get(schema);
  if (own) return own;
  if (schema instanceof z.ZodOptional) return helpOf(schema.unwrap());
  if (schema instanceof z.ZodPipe) return helpOf(schema.out) ?? helpOf(schema.in);
  return undefined;
}

export const isSwitch = (schema: z.core.$ZodType): boolean =>
  schema instanceof z.ZodBoolean || (schema instanceof z.ZodOptional && schema.unwrap() instanceof z.ZodBoolean);

/** `--name VALUE`, in brackets when it may be left out; a flag with nothing to show is a mistake in its command. */
export function flagUsage(name: string, schema: z.core.$ZodType): string {
  const help = helpOf(schema);
  const optional = !help?.required && z.safeParse(schema, undefined).success;
  let written = `--${name}`;
  if (!isSwitch(schema)) {
    if (help?.value === undefined) throw new Error(`--${name} has no value to show in usage: give its schema one with shown()`);
    written = `${written} ${help.value}`;
  }
  return optional ? `[${written}]` : written;
}

/** A flag's values for its usage text, from the same array its choice() checks. */
export const oneOf = (values: readonly string[]) => values.join('|');

export const required = (flag: string) => z.string({ error: `${flag} is required` });
export const text = z.string();
export const positional = (name: string) => z.string({ error: `Missing <${name}>` }).trim().min(1, `Missing <${name}>`);
export const list = shown(
  z.string().transform((s) => s.split(',').map((part) => part.trim()).filter((part) => part !== '')),
  'a,b',
);
export const yesNo = shown(
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['yes', 'no'], { error: 'Use yes or no' }))
    .transform((v) => v === 'yes'),
  'yes|no',
);
export const wholeNumber = shown(z.string().trim().regex(/^\d+$/, 'Expected a whole number').transform(Number), 'N');
export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  shown(z.string().trim().pipe(z.enum(values, { error: `Use one of ${values.join(', ')}` })), oneOf(values));
/** An enum that may be cleared with "" or "none". */
export const clearableChoice = <const T extends readonly [string, ...string[]]>(values: T) =>
  shown(
    z
      .string()
      .trim()
      .transform((v) => (v === '' || v.toLowerCase() === 'none' ? null : v))
      .pipe(z.enum(values, { error: `Use one of ${values.join(', ')}, or none` }).nullable()),
    `${oneOf(values)}|none`,
  );
/** A file to write: `--out FILE`. */
export const outFile = shown(required('--out').trim().min(1, '--out needs a file name'), 'FILE');
/** A switch that confirms what cannot be undone: shown as required, checked by the command with its own message. */
export const confirmation = z.boolean().optional().register(flagHelp, { required: true });
