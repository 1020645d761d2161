import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Stats } from '../../../shared/contract';
import { describeEngines, type Engine } from '../../support/engines';
import { cli, cliJson, newBook, osUser, tempDir } from './helpers';

/**
 * Issue 13, acceptance 2: one shop's day on the command line, the same on a book file and on a shared
 * (PostgreSQL) book: customers, notes, sales, a void, stats with the same numbers, consent, the
 * Mailchimp export, an import and its undo, an erase, a merge, and the audit log of it all.
 */

/** Each engine's stats, in the order taken, to compare the engines with each other. */
const statsSeen: Partial<Record<Engine, Stats[]>> = {};

describeEngines('the whole command line on one book', (engine) => {
  it('walks a shop through its day and ends with the same numbers on either engine', async () => {
    const db = await newBook(engine);
    const dir = tempDir();
    const stats: Stats[] = [];
    const json = <T = any>(args: string[]) => cliJson<T>(db, args);

    expect(await json(['init', '--shop-name', 'Auntie Ama Fabrics', '--currency', 'GHS', '--country', 'GH', '--locale', 'en-GH', '--time-zone', 'Africa/Accra'])).toMatchObject({ shopName: 'Auntie Ama Fabrics', currency: 'GHS' });

    // Customers.
    const ama = await json(['customers', 'add', '--first-name', 'Ama', '--last-name', 'Mensah', '--phone', '024 412 3456', '--email', 'ama@example.com']);
    const kofi = await json(['customers', 'add', '--first-name', 'Kofi', '--last-name', 'Boateng', '--email', 'kofi@example.com']);
    const esi = await json(['customers', 'add', '--first-name', 'Esi', '--phone', '020 111 2222']);
    const amma = await json(['customers', 'add', '--first-name', 'Amma', '--last-name', 'Mensah', '--email', 'amma.mensah@example.com']);
    expect((await json(['customers', 'list'])).map((c: { id: number }) => c.id)).toEqual([ama.id, amma.id, esi.id, kofi.id]);

    // Notes.
    const note = await json(['notes', 'add', 'ama@example.com', '--type', 'preference', '--text', 'Likes blue kente']);
    expect(await json(['notes', 'list', String(ama.id)])).toEqual([note]);

    // Sales, and a void.
    await json(['sales', 'add', String(ama.id), '--amount', '120.00', '--items', '2', '--payment', 'cash']);
    const twice = await json(['sales', 'add', '0244123456', '--amount', '30.50', '--payment', 'mobile_money']);
    await json(['sales', 'add', 'kofi@example.com', '--amount', '75']);
    await json(['sales', 'add', 'kofi@example.com', '--amount', '25']);
    await json(['sales', 'add', String(esi.id), '--amount', '10']);
    await json(['sales', 'add', String(amma.id), '--amount', '5.25']);
    expect(await json(['sales', 'void', String(twice.id), '--reason', 'Rung up twice'])).toMatchObject({ id: twice.id, voidReason: 'Rung up twice' });
    expect(await json(['customers', 'show', String(ama.id)])).toMatchObject({ purchases: 1, totalSpent: 12000 });
    expect((await json(['sales', 'list', String(ama.id)])).map((s: { amount: number; voidedAt: string | null }) => [s.amount, s.voidedAt !== null])).toEqual([
      [3050, true],
      [12000, false],
    ]);

    // Stats.
    stats.push(await json<Stats>(['stats']));
    expect(stats[0]).toEqual({
      totalCustomers: 4,
      activeCustomers: 4,
      newLast7Days: 4,
      newThisMonth: 4,
      purchasingCustomers: 4,
      repeatCustomers: 1,
      repeatRate: 0.25,
      customerRevenue: 23525,
      revenueThisMonth: 23525,
      averageLifetimeValue: 5881,
      emailOptInRate: 0,
    });
    expect((await cli(['--db', db, 'stats'])).stdout).toMatch(/Revenue from customers\s+.*235\.25/);

    // Consent, and the Mailchimp export that follows it.
    for (const who of ['ama@example.com', 'kofi@example.com']) {
      await json(['consent', 'set', who, '--channel', 'email', '--status', 'subscribed', '--method', 'paper_form', '--wording', 'Offers by email']);
    }
    await json(['consent', 'set', 'kofi@example.com', '--channel', 'email', '--status', 'unsubscribed', '--method', 'customer_request', '--wording', 'Stop the emails']);
    expect(await json(['consent', 'show', String(ama.id)])).toMatchObject({ email: 'subscribed', sms: 'not_asked', history: [{ method: 'paper_form', wording: 'Offers by email' }] });
    expect(await json(['consent', 'show', String(kofi.id)])).toMatchObject({ email: 'unsubscribed', history: [{ method: 'customer_request' }, { method: 'paper_form' }] });
    const out = path.join(dir, 'mailchimp.csv');
    expect(await json(['export', 'mailchimp', '--out', out])).toEqual({ exported: 1, leftOut: [] });
    const exported = fs.readFileSync(out, 'utf8').split('\r\n').filter(Boolean);
    expect(exported).toHaveLength(2);
    expect(exported[1]).toMatch(/^ama@example\.com,Ama,Mensah,/);

    // An import, and its undo.
    const list = path.join(dir, 'list.csv');
    fs.writeFileSync(list, 'First Name,Last Name,Email,Phone\nAbena,Owusu,abena@example.com,024 555 0101\nYaw,Asante,yaw@example.com,\nKofi,Boateng,kofi@example.com,024 555 0202\n');
    const imported = await json(['import', list, '--on-duplicate', 'update']);
    expect(imported).toMatchObject({ batchId: expect.any(Number), created: 2, updated: 1, skipped: 0, errors: [] });
    expect((await json(['customers', 'list'])).map((c: { firstName: string }) => c.firstName).sort()).toEqual(['Abena', 'Ama', 'Amma', 'Esi', 'Kofi', 'Yaw']);
    expect(await json(['customers', 'show', '0245550202'])).toMatchObject({ id: kofi.id });
    expect(await json(['import', 'undo', String(imported.batchId)])).toEqual({ batchId: imported.batchId, removed: 2, restored: 1 });
    expect((await json(['customers', 'list'])).map((c: { firstName: string }) => c.firstName).sort()).toEqual(['Ama', 'Amma', 'Esi', 'Kofi']);
    expect(await json(['customers', 'show', String(kofi.id)])).toMatchObject({ phone: null, purchases: 2, totalSpent: 10000 });

    // An erase: the person goes, the sale's money stays in the shop's revenue.
    expect(await json(['customers', 'erase', String(esi.id), '--yes'])).toMatchObject({ id: esi.id, name: 'Erased customer', phone: null });
    expect((await cli(['--db', db, 'customers', 'show', '020 111 2222'])).code).toBe(3);

    // A merge: Amma's record into Ama's, with her purchases.
    const merged = await json(['customers', 'merge', String(ama.id), String(amma.id)]);
    expect(merged).toMatchObject({ id: ama.id, email: 'ama@example.com', history: { purchases: 2, totalSpent: 12525 } });
    expect((await cli(['--db', db, 'customers', 'merge', String(ama.id), String(amma.id)])).code).toBe(4);

    // Ama (with Amma's purchase) and Kofi remain; the erased record is archived but was still new this
    // week, and its sale is still revenue; the average is over the two: 225.25 / 2, rounded half up.
    // Both have an email, and Ama alone is subscribed: an opt-in rate of a half.
    stats.push(await json<Stats>(['stats']));
    expect(stats[1]).toEqual({
      totalCustomers: 2,
      activeCustomers: 2,
      newLast7Days: 3,
      newThisMonth: 3,
      purchasingCustomers: 2,
      repeatCustomers: 2,
      repeatRate: 1,
      customerRevenue: 23525,
      revenueThisMonth: 23525,
      averageLifetimeValue: 11263,
      emailOptInRate: 0.5,
    });

    // The audit log: every write above, newest first, each by the command line.
    const audit = await json<{ method: string; actor: { name: string } }[]>(['audit', '--limit', '100']);
    expect(audit.map((e) => e.method).reverse()).toEqual([
      'settings.update',
      'customers.create',
      'customers.create',
      'customers.create',
      'customers.create',
      'notes.add',
      'sales.record',
      'sales.record',
      'sales.record',
      'sales.record',
      'sales.record',
      'sales.record',
      'sales.void',
      'consent.set',
      'consent.set',
      'consent.set',
      'exports.mailchimp',
      'imports.commit',
      'imports.undo',
      'customers.erase',
      'customers.merge',
    ]);
    expect(new Set(audit.map((e) => e.actor.name))).toEqual(new Set([`command line (${osUser()})`]));

    statsSeen[engine] = stats;
    // The same numbers as the book file gave, when that ran too.
    if (engine === 'postgres' && statsSeen.sqlite) expect(stats).toEqual(statsSeen.sqlite);
  });
});
