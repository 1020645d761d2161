import { auditCommands } from './audit';
import { backupCommands } from './backups';
import { cardCommands } from './cards';
import { bookCommands } from './book';
import { commandUsage, type Command } from './command';
import { consentCommands } from './consent';
import { customerCommands } from './customers';
import { diagnosticsCommands } from './diagnostics';
import { exportCommands } from './exports';
import { importCommands } from './imports';
import { loyaltyCommands } from './loyalty';
import { mailchimpCommands } from './mailchimp';
import { noteCommands } from './notes';
import { preferenceCommands } from './preferences';
import { saleCommands } from './sales';
import { segmentCommands } from './segments';
import { settingsCommands } from './settings';
import { staffCommands } from './staff';
import { statsCommands } from './stats';
import { suppressionCommands } from './suppression';

export { CliFailure, commandUsage, invalidFlag, type Command, type RunContext } from './command';

/** Every command, in the order the help lists them: one module per domain of the contract. */
export const commands: Command[] = [
  ...settingsCommands,
  ...customerCommands,
  ...cardCommands,
  ...noteCommands,
  ...preferenceCommands,
  ...saleCommands,
  ...loyaltyCommands,
  ...consentCommands,
  ...suppressionCommands,
  ...exportCommands,
  ...mailchimpCommands,
  ...segmentCommands,
  ...importCommands,
  ...backupCommands,
  ...bookCommands,
  ...diagnosticsCommands,
  ...staffCommands,
  ...auditCommands,
  ...statsCommands,
];

export const commandGroups = [...new Set(commands.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]))];

export function findCommand(words: string[]): { command: Command; consumed: number } | undefined {
  const two = commands.find((c) => c.name === `${words[0]} ${words[1]}`);
  if (two) return { command: two, consumed: 2 };
  const one = commands.find((c) => c.name === words[0]);
  return one ? { command: one, consumed: 1 } : undefined;
}

/** The help for the whole tool, or for one group of commands (`regulars sales --help`). */
export function usage(group?: string): string {
  const shown = group ? commands.filter((c) => c.name.startsWith(`${group} `)) : commands;
  const lines = group
    ? [`Usage: regulars [--db FILE|URL] [--json] ${group} <command> [args]`, '']
    : [
        'Usage: regulars [--db FILE|URL] [--json] <command> [args]',
        '',
        'The customer book for one shop, from the command line.',
        '',
        'Global flags:',
        '  --db FILE|URL  the database file, or a shared book\'s postgresql:// address (else $REGULARS_DB, else the desktop app\'s database)',
        '  --json         print one JSON value on stdout: camelCase keys, money in integer minor units, times in ISO 8601 UTC;',
        '                 a failure is { "error": { "code", "message", "fields"? } } on stdout, with the same exit code',
        '  --help         show this help',
        '',
        '<customer> is a customer id, a phone number in any format, or an email address.',
        '',
      ];
  lines.push('Commands:');
  for (const c of shown) lines.push(`  ${commandUsage(c)}`, `      ${c.summary}`);
  if (!group) {
    lines.push(
      '',
      'Exit codes: 0 ok, 2 invalid input, 3 not found, 4 conflict (e.g. duplicate phone or email), 1 anything else.',
    );
  }
  return lines.join('\n');
}
