/**
 * The process the crash test kills: records sales in a loop and prints each sale's id only after
 * the core has returned it, i.e. after its transaction committed.
 */
import { createCore } from '../../../db/core';
import { openDatabase } from '../../../db/open';

const [file, migrationsFolder] = process.argv.slice(2);
const core = createCore(openDatabase({ file, migrationsFolder }), { onInternalError: (_method, error) => process.stderr.write(`${String(error)}\n`) });
const customers = [1, 2, 3];
for (let i = 0; ; i++) {
  const result = core.call('sales.record', { customerId: customers[i % customers.length], amount: 100 + (i % 900), items: 1 + (i % 3) });
  if (!result.ok) {
    process.stderr.write(`${result.error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${result.value.id}\n`);
}
