import { expect, it } from 'vitest';
import { describeEngines } from '../../support/engines';
import { cli, cliJson, newBook, osUser } from './helpers';

describeEngines('the command line tells who acted', (engine) => {
  it('labels the notes, consent, sales and timeline it makes as the audit log does, never "unknown"', async () => {
    const db = await newBook(engine);
    const label = `command line (${osUser()})`;
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--email', 'ama@example.com']);
    const note = await cliJson(db, ['notes', 'add', String(ama.id), '--type', 'preference', '--text', 'prefers size M']);
    expect(note.author).toEqual({ id: null, name: label });
    await cliJson(db, ['consent', 'set', String(ama.id), '--channel', 'email', '--status', 'subscribed', '--method', 'paper_form', '--wording', 'Offers by email']);
    const consent = await cliJson(db, ['consent', 'show', String(ama.id)]);
    expect(consent.history[0].actor).toEqual({ id: null, name: label });
    const sale = await cliJson(db, ['sales', 'add', String(ama.id), '--amount', '12.50']);
    expect(sale.author).toEqual({ id: null, name: label });
    const shown = await cliJson(db, ['customers', 'show', String(ama.id)]);
    expect(shown.createdBy).toEqual({ id: null, name: label });
    expect((await cli(['--db', db, 'notes', 'list', String(ama.id)])).stdout).toContain(`by ${label}`);
    expect((await cli(['--db', db, 'consent', 'show', String(ama.id)])).stdout).toContain(label);
    const audit = await cliJson(db, ['audit', '--customer', String(ama.id)]);
    expect(new Set(audit.map((e: { actor: { name: string } }) => e.actor.name))).toEqual(new Set([label]));
  });
});

describeEngines('merged and erased records on the command line', (engine) => {
  it('shows where a merged record went, and refuses to restore or edit it', async () => {
    const db = await newBook(engine);
    const keep = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--phone', '+233 24 412 3456']);
    const other = await cliJson(db, ['customers', 'add', '--first-name', 'Amma', '--email', 'ama@example.com']);
    await cliJson(db, ['customers', 'merge', String(keep.id), String(other.id)]);
    const shown = await cli(['--db', db, 'customers', 'show', String(other.id)]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`[merged into customer ${keep.id}: see \`regulars customers show ${keep.id}\`]`);
    const restore = await cli(['--db', db, 'customers', 'restore', String(other.id)]);
    expect(restore.code).toBe(4);
    expect(restore.stderr).toContain(`was merged into Ama (customer ${keep.id})`);
    expect((await cli(['--db', db, 'customers', 'update', String(other.id), '--first-name', 'X'])).code).toBe(4);
  });

  it('refuses to bring an erased customer back or sell to them, and says when they were erased', async () => {
    const db = await newBook(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--phone', '+233 24 412 3456']);
    await cliJson(db, ['customers', 'erase', String(ama.id), '--yes']);
    for (const args of [['customers', 'restore', String(ama.id)], ['sales', 'add', String(ama.id), '--amount', '5']]) {
      const run = await cli(['--db', db, ...args]);
      expect(run.code, args.join(' ')).toBe(4);
      expect(run.stderr).toMatch(/This customer was erased on .+; their record can't be changed/);
    }
    expect((await cli(['--db', db, 'customers', 'show', String(ama.id)])).stdout).toMatch(/Erased customer \(customer \d+\) \[erased on /);
  });
});
