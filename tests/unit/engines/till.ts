/**
 * One till for the two-tills test: opens the shared book at the address it is given and records
 * `count` sales round the customers it is given, one after another, as a till at the counter does.
 * Prints one JSON line at the end: the sales it recorded and every refusal it met.
 */
import { openBook } from '../../../db/book';

const [url, migrationsFolder, countText, customersText] = process.argv.slice(2);
const count = Number(countText);
const customers = customersText.split(',').map(Number);

async function main(): Promise<void> {
  const book = await openBook(url, { migrationsFolders: { postgres: migrationsFolder } });
  const failures: string[] = [];
  let recorded = 0;
  try {
    const owner = { id: 1, role: 'owner' } as const;
    for (let i = 0; i < count; i++) {
      const result = await book.core.handle('sales.record', { customerId: customers[i % customers.length], amount: 100 + (i % 900), items: 1 + (i % 3), paymentMethod: 'cash' }, owner);
      if (result.ok) recorded++;
      else failures.push(`${result.error.code}: ${result.error.message}`);
    }
  } finally {
    await book.close();
  }
  process.stdout.write(`${JSON.stringify({ recorded, failures })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
