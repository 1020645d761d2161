import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers';
import { binFile, cli, cliJson, countRows, isolatedEnv, spawnCli, tempDbFile, tempDir } from './helpers';

/** The real binary, spawned as scripts will run it (the bundle the test run built; each spawn still costs a Node start, so they are counted). */

describe('bin/regulars.cjs', () => {
  it('is an executable node script that prints usage for --help', () => {
    const source = fs.readFileSync(binFile, 'utf8');
    expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(binFile).mode & 0o111).not.toBe(0);

    const run = spawnCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Usage: regulars [--db FILE|URL] [--json] <command> [args]');
    expect(run.stdout).toContain('sales add <customer> --amount 12.50');
  });

  it("is a bundle with zod's English messages alone, not its forty other languages", () => {
    const bundle = fs.readFileSync(path.join(repoRoot, 'out', 'cli', 'regulars.cjs'), 'utf8');
    const locales = [...bundle.matchAll(/^\/\/ node_modules\/zod\/v4\/locales\/(\S+)$/gm)].map((m) => m[1]);
    expect(locales).toEqual(['en.js']);
  });

  it('round trip: init, add, two sales (phone typed two ways), void, show, stats', () => {
    const db = tempDbFile();
    const run = (...args: string[]) => {
      const r = spawnCli(['--db', db, '--json', ...args]);
      expect(r.stderr, `regulars ${args.join(' ')}`).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };

    const settings = run('init', '--currency', 'GHS', '--country', 'GH');
    expect(settings).toMatchObject({ currency: 'GHS', currencyDigits: 2, phoneCountry: 'GH' });

    const ama = run('customers', 'add', '--first-name', 'Ama', '--last-name', 'Mensah', '--phone', '024 412 3456');
    expect(ama).toMatchObject({ id: expect.any(Number), name: 'Ama Mensah', phone: '024 412 3456', phoneE164: '+233244123456' });

    const first = run('sales', 'add', '+233 24 412 3456', '--amount', '12.50');
    expect(first).toMatchObject({ id: expect.any(Number), customerId: ama.id, amount: 1250, items: 1, paymentMethod: 'cash', voidedAt: null });

    // Global flags may also follow the command.
    const second = spawnCli(['sales', 'add', '0244123456', '--amount', '7.25', '--items', '2', '--payment', 'mobile_money', '--db', db, '--json']);
    expect(second.code).toBe(0);
    const secondSale = JSON.parse(second.stdout);
    expect(secondSale).toMatchObject({ customerId: ama.id, amount: 725, items: 2, paymentMethod: 'mobile_money' });

    const voided = run('sales', 'void', String(first.id), '--reason', 'Rang up twice');
    expect(voided).toMatchObject({ id: first.id, voidReason: 'Rang up twice', voidedAt: expect.any(String) });

    const shown = run('customers', 'show', '024-412-3456');
    expect(shown.id).toBe(ama.id);
    expect(shown.purchases).toBe(1);
    expect(shown.totalSpent).toBe(725);
    expect(shown.history).toMatchObject({
      purchases: 1,
      totalSpent: 725,
      itemsBought: 2,
      averageSale: 725,
      lifetimeValue: 725,
      isRepeat: false,
      frequency: 'one_time',
      daysSinceLastPurchase: 0,
      firstPurchaseAt: secondSale.occurredAt,
      lastPurchaseAt: secondSale.occurredAt,
    });
    expect(shown.preferences).toMatchObject({ customerId: ama.id, doNotContact: false, favoriteProducts: [] });

    expect(run('stats')).toEqual({
      totalCustomers: 1,
      activeCustomers: 1,
      newLast7Days: 1,
      newThisMonth: 1,
      purchasingCustomers: 1,
      repeatCustomers: 0,
      repeatRate: 0,
      customerRevenue: 725,
      revenueThisMonth: 725,
      averageLifetimeValue: 725,
      emailOptInRate: 0,
    });

    // Written by a bundle of its own (out/cli/regulars-card-file.cjs), which the command line loads for a card only.
    const card = path.join(tempDir(), 'card.pdf');
    expect(run('customers', 'card', String(ama.id), '--out', card)).toMatchObject({ customerId: ama.id, file: card });
    expect(fs.readFileSync(card).subarray(0, 5).toString()).toBe('%PDF-');
  });

  // The binary passes on the exit code the command line chose (a bad flag value and an unknown command,
  // spawned, show it); the others are chosen by the same code in this process, which starts at once.
  describe('exit codes', () => {
    function seeded() {
      const db = tempDbFile();
      return cliJson(db, ['init', '--currency', 'GHS', '--country', 'GH'])
        .then(() => cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--last-name', 'Mensah', '--phone', '024 412 3456', '--email', 'ama@example.com']))
        .then((ama) => ({ db, ama }));
    }

    it('2: a bad flag value writes nothing; under --json the error is JSON on stdout and stderr stays empty', async () => {
      const { db } = await seeded();
      await cliJson(db, ['sales', 'add', '1', '--amount', '5']);
      const before = countRows(db, 'sales');

      const run = spawnCli(['--db', db, '--json', 'sales', 'add', '1', '--amount', 'abc']);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'validation', message: '--amount: "abc" is not an amount, e.g. 12.50', fields: { '--amount': '"abc" is not an amount, e.g. 12.50' } } });
      expect(countRows(db, 'sales')).toBe(before);
    });

    it('2: a missing required flag', async () => {
      const { db } = await seeded();
      const run = await cli(['--db', db, 'customers', 'add', '--last-name', 'Mensah']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('--first-name is required');
      expect(countRows(db, 'customers')).toBe(1);
    });

    it('2: an unknown command, before any database is created', () => {
      const db = path.join(tempDir(), 'never.db');
      const run = spawnCli(['--db', db, 'customer', 'list']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('Unknown command "customer"');
      expect(fs.existsSync(db)).toBe(false);
    });

    it('3: an unknown customer', async () => {
      const { db } = await seeded();
      const run = await cli(['--db', db, '--json', 'customers', 'show', '020 000 0000']);
      expect(run.code).toBe(3);
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout).error).toEqual({ code: 'not_found', message: expect.stringContaining('No customer matches "020 000 0000"') });
    });

    it('4: a duplicate phone names the customer who has it, and adds no one', async () => {
      const { db, ama } = await seeded();
      const run = await cli(['--db', db, '--json', 'customers', 'add', '--first-name', 'Kofi', '--phone', '+233 24 412 3456']);
      expect(run.code).toBe(4);
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'conflict', message: expect.stringContaining(`Ama Mensah (customer ${ama.id}) already has this phone number`) });
      expect(countRows(db, 'customers')).toBe(1);
    });

    it('1: a database written by a newer version of Regulars, left as it was', async () => {
      const { db } = await seeded();
      const applied = countRows(db, '__drizzle_migrations');
      const sqlite = new Database(db);
      sqlite.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', 99999999999999)").run();
      sqlite.close();

      const run = await cli(['--db', db, '--json', 'customers', 'list']);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout).error).toEqual({ code: 'internal', message: expect.stringContaining('written by a newer version of Regulars') });
      expect(countRows(db, '__drizzle_migrations')).toBe(applied + 1);
      expect(countRows(db, 'customers')).toBe(1);
    });
  });

  it('uses REGULARS_DB when --db is not given, creating and migrating the file', () => {
    const db = path.join(tempDir(), 'nested', 'from-env.db');
    const run = spawnCli(['--json', 'customers', 'add', '--first-name', 'Esi'], { env: isolatedEnv({ REGULARS_DB: db }) });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ firstName: 'Esi' });
    expect(countRows(db, 'customers')).toBe(1);
  });

  it('prints readable text without --json: money in the shop currency, lists as a table', async () => {
    const db = tempDbFile();
    await cliJson(db, ['init', '--currency', 'GHS', '--country', 'GH', '--locale', 'en-GH']);
    await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--phone', '024 412 3456']);
    await cliJson(db, ['sales', 'add', '0244123456', '--amount', '1200.5']);
    const run = spawnCli(['--db', db, 'customers', 'list']);
    expect(run.code).toBe(0);
    const money = new Intl.NumberFormat('en-GH', { style: 'currency', currency: 'GHS' }).format(1200.5);
    const [header, rule, row, footer] = run.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+Name\s+Phone\s+Type\s+Purchases\s+Spent\s+Last purchase$/);
    expect(rule).toMatch(/^[- ]+$/);
    expect(row).toContain('Ama');
    expect(row).toContain(money);
    expect(footer).toBe('1 customer');
  });

  it('runs the bundle only while no source is newer than it, and the sources otherwise', () => {
    // A checkout of its own: the real bin, a bundle and a source that each say which ran, and the real tsx.
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'bin'));
    fs.copyFileSync(binFile, path.join(root, 'bin', 'regulars.cjs'));
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'junction');
    const source = path.join(root, 'electron', 'cli', 'main.ts');
    fs.mkdirSync(path.dirname(source), { recursive: true });
    fs.writeFileSync(source, "export function main(): void { process.stdout.write('sources'); }\n");
    const bundle = path.join(root, 'out', 'cli', 'regulars.cjs');
    fs.mkdirSync(path.dirname(bundle), { recursive: true });
    fs.writeFileSync(bundle, "exports.main = () => process.stdout.write('bundle');\n");
    const inputs = `${bundle}.inputs.json`;
    fs.writeFileSync(inputs, JSON.stringify({ inputs: ['../../electron/cli/main.ts'] }));
    const ran = () => {
      const run = spawnSync(process.execPath, [path.join(root, 'bin', 'regulars.cjs')], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      return run.stdout;
    };
    const at = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds);

    at(source, 1_000);
    at(bundle, 2_000);
    expect(ran()).toBe('bundle');
    at(source, 3_000);
    expect(ran()).toBe('sources');
    at(bundle, 4_000);
    expect(ran()).toBe('bundle');
    fs.rmSync(inputs);
    expect(ran()).toBe('sources');
  });

  it("counts the sources of the card's bundle among the command line's, so an edit to them is never answered by an older build", () => {
    const listed = (file: string) => (JSON.parse(fs.readFileSync(`${file}.inputs.json`, 'utf8')) as { inputs: string[] }).inputs;
    const commandLine = listed(path.join(repoRoot, 'out', 'cli', 'regulars.cjs'));
    expect(commandLine).toContain('../../electron/cli/main.ts');
    expect(commandLine).toEqual(expect.arrayContaining(listed(path.join(repoRoot, 'out', 'cli', 'regulars-card-file.cjs'))));
    expect(commandLine).toContain('../../electron/cli/commands/card-file.ts');
  });
});
