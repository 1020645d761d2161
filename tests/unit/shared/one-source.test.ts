import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  consentChannels,
  consentMethods,
  consentStatuses,
  contactChannels,
  customerStatuses,
  customerTypes,
  importInput,
  importMaxBase64Length,
  importMaxBytes,
  importMaxMegabytes,
  noteTypes,
  paymentMethods,
  settableConsentStatuses,
  staffConsentMethods,
  staffRoles,
  suppressionKinds,
  suppressionReasons,
} from '../../../shared/contract';
import { consentEvents, customers, notes, preferences, sales, staff, suppressions } from '../../../db/schema';
import { cli } from '../cli/helpers';
import { counterConsentWeights, customerTypeShares, Dataset, noteTypeWeights, paymentWeights } from '../../../scripts/bench/dataset';
import { repoRoot } from '../helpers';
import { looksLikePhone } from '../../../shared/format/phone';
import { frequencyTierPurchases } from '../../../shared/contract';
import { frequencyFor, tierRange } from '../../../db/customers/rows';
import { tierHints } from '../../../renderer/features/customers/labels';
import { tierLabels, typeLabels } from '../../../shared/format/labels';

/** The contract's arrays: every other place that lists these values takes them from here. */
const contractArrays = {
  customerTypes,
  customerStatuses,
  consentStatuses,
  settableConsentStatuses,
  consentChannels,
  consentMethods,
  staffConsentMethods,
  suppressionKinds,
  suppressionReasons,
  contactChannels,
  noteTypes,
  paymentMethods,
  staffRoles,
};

describe('the contract is the one source of its value lists', () => {
  it('the database schema takes its enums from the contract', () => {
    expect(customers.type.enumValues).toEqual(customerTypes);
    expect(customers.status.enumValues).toEqual(customerStatuses);
    expect(customers.emailConsent.enumValues).toEqual(consentStatuses);
    expect(customers.smsConsent.enumValues).toEqual(consentStatuses);
    expect(preferences.channel.enumValues).toEqual(contactChannels);
    expect(preferences.paymentMethod.enumValues).toEqual(paymentMethods);
    expect(sales.paymentMethod.enumValues).toEqual(paymentMethods);
    expect(notes.type.enumValues).toEqual(noteTypes);
    expect(consentEvents.channel.enumValues).toEqual(consentChannels);
    expect(consentEvents.status.enumValues).toEqual(settableConsentStatuses);
    expect(consentEvents.method.enumValues).toEqual(consentMethods);
    expect(staff.role.enumValues).toEqual(staffRoles);
    expect(suppressions.kind.enumValues).toEqual(suppressionKinds);
    expect(suppressions.reason.enumValues).toEqual(suppressionReasons);
  });

  it("the command line's usage text lists the contract's values", async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const values of [customerTypes, customerStatuses, noteTypes, paymentMethods, contactChannels, consentChannels, staffConsentMethods, settableConsentStatuses]) {
      expect(help.stdout).toContain(values.join('|'));
    }
    expect(help.stdout).toContain(`--role ${staffRoles.join('|')}`);
  });

  it("the benchmark's dataset weighs every value of the contract and draws nothing else", () => {
    expect(Object.keys(customerTypeShares).sort()).toEqual([...customerTypes].sort());
    expect(Object.keys(paymentWeights).sort()).toEqual([...paymentMethods].sort());
    expect(Object.keys(noteTypeWeights).sort()).toEqual([...noteTypes].sort());
    for (const method of Object.keys(counterConsentWeights)) expect(consentMethods).toContain(method);

    const dataset = new Dataset({ customers: 400, sales: 1200, notes: 300, seed: 7, end: new Date('2026-06-01T00:00:00Z') });
    const drawnTypes = new Set([...dataset.customers()].map((c) => c.type));
    const drawnPayments = new Set([...dataset.sales()].map((s) => s.paymentMethod));
    const drawnNoteTypes = new Set([...dataset.notes()].map((n) => n.type));
    expect([...drawnTypes].sort()).toEqual([...customerTypes].sort());
    expect([...drawnPayments].sort()).toEqual([...paymentMethods].sort());
    expect([...drawnNoteTypes].sort()).toEqual([...noteTypes].sort());
  });
});

// ---- a copy written out anywhere else fails here ----

const sourceFolders = ['db', 'electron', 'renderer', 'shared', 'scripts'];
/** The migrations are history: they hold the values as they were when each was written. */
const exempt = (file: string) => file.startsWith(path.join('db', 'migrations') + path.sep);

function sourceFiles(): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(path.join(repoRoot, folder), { withFileTypes: true })) {
      const relative = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (/\.(ts|tsx|mjs|cjs|js)$/.test(entry.name) && !exempt(relative)) found.push({ file: relative, text: fs.readFileSync(path.join(repoRoot, relative), 'utf8') });
    }
  };
  for (const folder of sourceFolders) walk(folder);
  return found;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The values one after another, quoted or joined with | or commas, as a copy would write them. */
const listedInOrder = (values: readonly string[]) =>
  new RegExp(values.map((value) => `['"\`]?${escape(value)}['"\`]?`).join(String.raw`\s*[,|]\s*`));

describe('each list of values is written once', () => {
  const files = sourceFiles();

  it('found the source tree', () => {
    expect(files.some((f) => f.file === path.join('shared', 'contract', 'customers.ts'))).toBe(true);
    expect(files.length).toBeGreaterThan(50);
  });

  // Two values side by side ('active', 'archived') are too common in SQL and types to tell a copy
  // from a use; those lists are held to the contract by the schema and usage checks above.
  for (const [name, values] of Object.entries(contractArrays).filter(([, values]) => values.length > 2)) {
    it(`${name} is listed only in the contract`, () => {
      const pattern = listedInOrder(values);
      const copies = files.filter((f) => !f.file.startsWith(path.join('shared', 'contract') + path.sep) && pattern.test(f.text)).map((f) => f.file);
      expect(copies).toEqual([]);
    });
  }
});

describe('the words for types and tiers are written once', () => {
  // The Mailchimp export tags contacts with the directory's badge words: a second copy of the
  // mapping would let a tag drift from the badge the owner filters by.
  const files = sourceFiles();
  for (const [name, labels] of Object.entries({ typeLabels, tierLabels })) {
    it(`${name} are mapped only in shared/format/labels.ts`, () => {
      for (const [value, label] of Object.entries(labels)) {
        const pattern = new RegExp(String.raw`['"]?${escape(value)}['"]?\s*:\s*['"\`]${escape(label)}['"\`]`);
        const mappings = files.filter((f) => pattern.test(f.text)).map((f) => f.file);
        expect(mappings, `${value} -> ${label}`).toEqual([path.join('shared', 'format', 'labels.ts')]);
      }
    });
  }
});

describe('the import size limit is written once', () => {
  it('the contract refuses base64 longer than the limit allows, and the core the bytes over it', () => {
    expect(importMaxBase64Length).toBeGreaterThanOrEqual(Math.ceil(importMaxBytes / 3) * 4);
    expect(importInput.shape.contentBase64.safeParse('a'.repeat(importMaxBase64Length)).success).toBe(true);
    const tooLong = importInput.shape.contentBase64.safeParse('a'.repeat(importMaxBase64Length + 1));
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0].message).toContain(`at most ${importMaxMegabytes} MB`);
  });

  it('no other file writes the size down', () => {
    const megabytes = String(importMaxMegabytes);
    // 20 * 1024 * 1024, 20_971_520, or "20 MB" / "50 MB" in a message: any byte count or MB figure for a file.
    const sizeLiteral = new RegExp(String.raw`\b\d+\s*\*\s*1024\s*\*\s*1024\b|\b${importMaxBytes}\b|\b${megabytes}\s*MB\b`);
    // The dev host bounds every request body, whatever the call: a size of its own, not a file's.
    const notAFileSize = [path.join('shared', 'contract', 'imports.ts'), path.join('electron', 'web', 'server.ts')];
    const copies = sourceFiles()
      .filter((f) => !notAFileSize.includes(f.file) && sizeLiteral.test(f.text))
      .map((f) => f.file);
    expect(copies).toEqual([]);
  });
});

describe('one phone test', () => {
  it('takes what staff type for a phone and nothing else', () => {
    for (const phone of ['024 412 3456', '0244-123-456', '+233 24 412 3456', '(024) 412.3456', '5']) expect(looksLikePhone(phone), phone).toBe(true);
    for (const other of ['', '--', '+1+1', '024\t412', 'Ama 024', '=1+2', '@024']) expect(looksLikePhone(other), other).toBe(false);
  });

  it('no other file writes its own phone pattern', () => {
    // A character class of only digits and phone punctuation, brackets among it: how a phone pattern is written.
    const phonePattern = /\[(?=[^\]\n]*\\d)(?=[^\]\n]*\()(?:\\.|[ ().+\-/])+\]/;
    const copies = sourceFiles()
      .filter((f) => f.file !== path.join('shared', 'format', 'phone.ts') && phonePattern.test(f.text))
      .map((f) => f.file);
    expect(copies).toEqual([]);
  });
});

describe('frequency tiers from one table', () => {
  it('the core names each count by the table, and filters by the same bounds', () => {
    expect(frequencyFor(-1)).toBe('inactive');
    for (let purchases = 0; purchases <= 40; purchases++) {
      const tier = frequencyFor(purchases);
      const { fewest, most } = frequencyTierPurchases[tier];
      expect(purchases >= fewest && (most === null || purchases <= most), `${purchases} -> ${tier}`).toBe(true);
      expect(purchases >= tierRange[tier][0] && purchases <= tierRange[tier][1]).toBe(true);
    }
    expect([0, 1, 2, 3, 4, 11, 12].map(frequencyFor)).toEqual(['inactive', 'one_time', 'occasional', 'occasional', 'regular', 'regular', 'frequent']);
  });

  it('the screen says the same bounds', () => {
    expect(tierHints).toEqual({
      inactive: 'No purchase in the last 12 months',
      one_time: 'One purchase in the last 12 months',
      occasional: '2–3 purchases in the last 12 months',
      regular: '4–11 purchases in the last 12 months',
      frequent: '12 or more purchases in the last 12 months',
    });
  });
});
