import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands, commandUsage, findCommand, usage } from '../../../electron/cli/commands';
import { flagUsage } from '../../../electron/cli/commands/flags';
import { customerTypes, importFormats, staffRoles } from '../../../shared/contract';

/** The help is made from the command table: what a command parses is what its usage shows. */
describe('usage comes from the command table', () => {
  it.each(commands.map((c) => [c.name, c] as const))('%s: its usage names every flag it takes, and no other', (_name, c) => {
    const shownFlags = [...c.usage.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]);
    expect(shownFlags.sort()).toEqual([...c.flagNames, ...c.switches].sort());
  });

  it('shows choices from the contract, brackets what may be left out, and a confirmation as required', () => {
    const line = (name: string) => commandUsage(findCommand(name.split(' '))!.command);
    expect(line('import')).toContain(`[--format ${['auto', ...importFormats].join('|')}]`);
    expect(line('import')).toContain('[--dry-run]');
    expect(line('staff add')).toContain(`--role ${staffRoles.join('|')} --pin PIN`);
    expect(line('customers add')).toMatch(new RegExp(`^regulars customers add --first-name F \\[--last-name L\\].* \\[--type ${customerTypes.join('\\|')}\\]`));
    expect(line('customers update')).toContain('<customer> [--first-name F]');
    expect(line('customers erase')).toBe('regulars customers erase <customer> --yes');
    expect(line('export customer')).toBe('regulars export customer <customer> --out FILE');
  });

  it('lists every command once in the help, each group with its own', () => {
    const help = usage();
    for (const c of commands) expect(help.split('\n').filter((l) => l === `  ${commandUsage(c)}`)).toHaveLength(1);
    expect(usage('staff').split('\n').filter((l) => l.startsWith('  regulars '))).toEqual(commands.filter((c) => c.name.startsWith('staff ')).map((c) => `  ${commandUsage(c)}`));
  });

  it('says --db takes a file or a shared book\'s address, in the tool\'s help and each group\'s', () => {
    const help = usage();
    expect(help.split('\n')[0]).toBe('Usage: regulars [--db FILE|URL] [--json] <command> [args]');
    expect(help).toMatch(/^ {2}--db FILE\|URL +the database file, or a shared book's postgresql:\/\/ address/m);
    expect(help).not.toMatch(/--db FILE(?!\|URL)/);
    expect(usage('sales').split('\n')[0]).toBe('Usage: regulars [--db FILE|URL] [--json] sales <command> [args]');
  });

  it('refuses a flag that has nothing to show in usage', () => {
    expect(() => flagUsage('nickname', z.string().optional())).toThrow(/--nickname has no value to show/);
  });
});
