/**
 * The till of the outbox test: records a sale on the shared book at `url`, through its outbox, for
 * each "go" line the test sends, printing how it was acknowledged ("recorded REF" or "queued REF"),
 * so the test decides when the server goes away and comes back. On "flush" it sends what waits and,
 * once nothing does, prints "done" with the sales the book refused.
 */
import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import { openBook } from '../../../db/book';
import { openTill } from '../../../db/outbox';
import { isQueued } from '../../../shared/contract';

async function main(): Promise<void> {
  const [url, migrationsFolder, outboxFile, customerText] = process.argv.slice(2);
  const customerId = Number(customerText);
  const book = await openBook(url, { migrationsFolders: { postgres: migrationsFolder } });
  const till = openTill(book.core, outboxFile);
  const owner = { id: 1, role: 'owner' } as const;
  const lines = readline.createInterface({ input: process.stdin });
  let refused: { ref: string; reason: string }[] = [];
  try {
    let i = 0;
    for await (const line of lines) {
      if (line === 'flush') {
        const report = await till.flush();
        process.stdout.write(`flushed ${JSON.stringify(report)}\n`);
        if (report.waiting === 0) break;
        continue;
      }
      const ref = randomUUID();
      const result = await till.handle('sales.record', { customerId, amount: 100 + i++, items: 1, paymentMethod: 'cash', ref }, owner);
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      process.stdout.write(`${isQueued(result.value) ? 'queued' : 'recorded'} ${ref}\n`);
    }
    refused = till.status().refused;
  } finally {
    await till.close();
    await book.close();
  }
  process.stdout.write(`done ${JSON.stringify({ refused })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
