import { expect, it } from 'vitest';
import { describeEngines, type Engine } from '../../support/engines';
import { cli, cliJson, newBook, osUser } from './helpers';

async function shop(engine: Engine) {
  const db = await newBook(engine);
  await cliJson(db, ['init', '--country', 'GH', '--shop-name', 'Osu Corner Shop']);
  return db;
}

describeEngines('suppression commands', (engine) => {
  it('add by hand with a note, list and search, and lift one with how consent was given again', async () => {
    const db = await shop(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--email', 'ama@example.com']);
    await cliJson(db, ['consent', 'set', String(ama.id), '--channel', 'email', '--status', 'subscribed', '--method', 'paper_form', '--wording', 'Offers by email']);

    const byEmail = await cliJson(db, ['suppression', 'add', '--email', 'AMA@example.com', '--note', 'Rang to complain']);
    expect(byEmail).toMatchObject({ kind: 'email', shown: 'ama@example.com', reason: 'do_not_contact', note: 'Rang to complain', customerId: ama.id, actor: { id: null, name: `command line (${osUser()})` } });
    const byPhone = await cliJson(db, ['suppression', 'add', '--phone', '020 555 0123', '--note', 'No texts, ever']);
    expect(byPhone).toMatchObject({ kind: 'phone', shown: '+233205550123', customerId: null });
    expect((await cliJson(db, ['consent', 'show', String(ama.id)])).email).toBe('unsubscribed');

    expect((await cliJson(db, ['suppression', 'list'])).map((s: { id: number }) => s.id)).toEqual([byPhone.id, byEmail.id]);
    expect((await cliJson(db, ['suppression', 'list', '--query', '+233 20 555 0123'])).map((s: { id: number }) => s.id)).toEqual([byPhone.id]);
    expect((await cliJson(db, ['suppression', 'list', '--query', 'EXAMPLE'])).map((s: { id: number }) => s.id)).toEqual([byEmail.id]);
    expect((await cliJson(db, ['suppression', 'list', '--kind', 'email'])).map((s: { id: number }) => s.id)).toEqual([byEmail.id]);
    expect(await cliJson(db, ['suppression', 'list', '--limit', '1'])).toHaveLength(1);

    const shown = await cli(['--db', db, 'suppression', 'list']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Id +Address +Kind +Why +Note +When +Who/);
    // The phone as the shop writes its numbers, the reason in words.
    expect(shown.stdout).toContain('020 555 0123');
    expect(shown.stdout).toMatch(/ama@example\.com +email +do not contact +Rang to complain/);
    expect(shown.stdout.trimEnd().endsWith('2 addresses')).toBe(true);
    expect((await cli(['--db', db, 'suppression', 'list', '--limit', '1'])).stdout.trimEnd().endsWith('1 of 2 addresses')).toBe(true);

    const lifted = await cliJson(db, ['suppression', 'remove', String(byEmail.id), '--method', 'paper_form', '--wording', 'Signed the offers form again']);
    expect(lifted).toMatchObject({ customerId: ama.id, removed: { id: byEmail.id } });
    const consent = await cliJson(db, ['consent', 'show', String(ama.id)]);
    expect(consent.email).toBe('subscribed');
    expect(consent.history[0]).toMatchObject({ method: 'paper_form', wording: 'Signed the offers form again' });
    const removed = await cli(['--db', db, 'suppression', 'remove', String(byPhone.id), '--method', 'counter_verbal', '--wording', 'Asked to hear from us']);
    expect([removed.code, removed.stdout.trim()]).toEqual([0, `Removed #${byPhone.id} 020 555 0123 (phone, do not contact)`]);
    expect(await cliJson(db, ['suppression', 'list'])).toEqual([]);
    expect((await cli(['--db', db, 'suppression', 'list'])).stdout.trim()).toBe('Nothing on the suppression list');
  });

  it('refuses what is not one address, a second suppression, and a removal without its proof', async () => {
    const db = await shop(engine);
    const failure = async (args: string[]) => {
      const run = await cli(['--db', db, '--json', ...args]);
      return { exit: run.code, ...JSON.parse(run.stdout).error };
    };
    expect(await failure(['suppression', 'add', '--note', 'x'])).toMatchObject({ exit: 2, message: expect.stringContaining('--email or --phone') });
    expect(await failure(['suppression', 'add', '--email', 'a@example.com', '--phone', '0244123456', '--note', 'x'])).toMatchObject({ exit: 2 });
    expect(await failure(['suppression', 'add', '--email', 'a@example.com'])).toMatchObject({ exit: 2, message: expect.stringContaining('--note') });
    expect(await failure(['suppression', 'add', '--email', 'ama at example', '--note', 'x'])).toMatchObject({ exit: 2, message: expect.stringContaining('not an email address') });
    expect(await failure(['suppression', 'add', '--phone', '12345', '--note', 'x'])).toMatchObject({ exit: 2, message: expect.stringContaining('not a phone number') });
    const added = await cliJson(db, ['suppression', 'add', '--phone', '024 412 3456', '--note', 'Complained']);
    expect(await failure(['suppression', 'add', '--phone', '+233244123456', '--note', 'x'])).toMatchObject({
      exit: 4,
      message: '024 412 3456 is already on the suppression list (do not contact)',
    });
    expect(await failure(['suppression', 'remove', String(added.id), '--method', 'paper_form'])).toMatchObject({ exit: 2, message: expect.stringContaining('--wording') });
    expect(await failure(['suppression', 'remove', String(added.id), '--method', 'guess', '--wording', 'x'])).toMatchObject({ exit: 2, message: expect.stringContaining('--method') });
    expect(await failure(['suppression', 'remove', '999', '--method', 'paper_form', '--wording', 'x'])).toMatchObject({ exit: 3 });
    expect(await failure(['suppression', 'list', '--kind', 'fax'])).toMatchObject({ exit: 2 });
    expect(await cliJson(db, ['suppression', 'list'])).toHaveLength(1);
  });
});

it('suppression --help lists its three commands', async () => {
  const help = await cli(['suppression', '--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('regulars suppression list [--query TEXT] [--kind email|phone] [--limit N]');
  expect(help.stdout).toContain('regulars suppression add [--email X] [--phone X] --note TEXT');
  expect(help.stdout).toContain('regulars suppression remove <id> --method counter_verbal|paper_form|web_form|import|customer_request --wording TEXT');
});
