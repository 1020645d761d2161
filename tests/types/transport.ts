/**
 * Type-checked only (`tsc -p tsconfig.json`, never run): every host's transport keeps the contract's
 * types from end to end. Each `@ts-expect-error` line is a call the compiler must refuse, a wrong
 * input or a wrong use of the output; if one of them compiles, the directive is unused and the
 * type-check fails. Beside each refused line is the well-typed one, so the refusals are about the
 * types and not about a missing name.
 */
import type { IpcMain } from 'electron';
import type { Actor } from '../../db/access';
import type { Core } from '../../db/core';
import type { Backend, SessionGate } from '../../db/session';
import type { RunContext } from '../../electron/cli/commands';
import { registerIpc } from '../../electron/main/ipc';
import { startDevHost } from '../../electron/web/server';
import type { DatabaseWorkers } from '../../electron/worker/client';
import { isQueued, type MethodName } from '../../shared/contract';
import { ok } from '../../shared/result';
import { createBridge, type Reply, type Transport } from '../../shared/transport';

declare const actor: Actor | null;
declare const send: <K extends MethodName>(method: K, input: unknown) => Promise<Reply>;
declare const ipcMain: Pick<IpcMain, 'handle'>;

/** window.regulars: the preload's bridge and the dev host's browser bridge are both this. */
export async function theRendererBridge() {
  const bridge: Transport = createBridge(send, (error) => error.message);
  const found = await bridge.call('customers.search', { query: 'ama' });
  if (found.ok) found.value.map((c) => c.firstName);
  // @ts-expect-error a query is text
  await bridge.call('customers.search', { query: 42 });
  // @ts-expect-error the search answers customers, which have no `pin`
  if (found.ok) found.value.map((c) => c.pin);
  // @ts-expect-error not a method of the contract
  await bridge.call('customers.drop', {});
}

/** The Electron IPC edge and the dev host's HTTP edge take a Transport (the session gate) and nothing looser. */
export async function theEdges(gate: SessionGate) {
  registerIpc(ipcMain, gate);
  // @ts-expect-error a carrier that answers every method with a number is not a Transport
  registerIpc(ipcMain, { call: async (_method: MethodName, _input: unknown) => ok(42) });
  await startDevHost({ gate, rendererDir: 'out/renderer', bridgeFile: 'out/main/web-bridge.js' });
  // @ts-expect-error the dev host relays to a Transport, not to an untyped handler
  await startDevHost({ gate: { handle: async (_method: string, _input: unknown) => ok(null) }, rendererDir: 'out/renderer', bridgeFile: 'out/main/web-bridge.js' });
}

/** The session gate: what IPC and the dev host relay to. */
export async function theSessionGate(gate: SessionGate) {
  const sale = await gate.call('sales.record', { customerId: 1, amount: 1250 });
  // @ts-expect-error a sale kept at the till while the shared book is out of reach has no customer from the book yet
  if (sale.ok) sale.value.customer.firstName.toUpperCase();
  if (sale.ok && !isQueued(sale.value)) sale.value.customer.firstName.toUpperCase();
  if (sale.ok && isQueued(sale.value)) sale.value.waiting.sales.toFixed();
  // @ts-expect-error an amount is a number of minor units
  await gate.call('sales.record', { customerId: 1, amount: '12.50' });
  // @ts-expect-error a sale's customer has no `total`
  if (sale.ok && !isQueued(sale.value)) sale.value.customer.total.toFixed();
  const member = await gate.call('auth.signIn', { staffId: 1, pin: '1234' });
  // @ts-expect-error a signed-in member's role is 'owner' | 'staff', not a number
  if (member.ok) member.value.role.toFixed();
}

/** The worker client and the in-process backend are one interface: a call acting as an actor. */
export async function theWorkers(workers: DatabaseWorkers, backend: Backend) {
  const sameInterface: Backend = workers;
  const settings = await sameInterface.call('settings.get', {}, actor);
  if (settings.ok) settings.value.currency.toUpperCase();
  // @ts-expect-error settings.update takes a patch of settings, not a shop name alone
  await backend.call('settings.update', 'My shop', actor);
  // @ts-expect-error a currency is a code, not a number
  if (settings.ok) settings.value.currency.toFixed();
}

/** The core: the asynchronous boundary every engine serves, its snapshot, and SQLite's synchronous call for tests. */
export async function theCore(core: Core) {
  const customer = await core.handle('customers.get', { id: 1 }, actor);
  if (customer.ok) customer.value.history.purchases.toFixed();
  // @ts-expect-error a customer's id is a number
  await core.handle('customers.get', { id: '1' }, actor);
  // @ts-expect-error a customer has no `balance`
  if (customer.ok) customer.value.balance.toFixed();
  const page = core.call('customers.list', {});
  if (page.ok) page.value.total.toFixed();
  // @ts-expect-error a status is one of the contract's
  core.call('customers.list', { status: 'gone' });
  // @ts-expect-error a page's total is a number
  if (page.ok) page.value.total.toUpperCase();
  const total = await core.snapshot(async () => {
    const first = await core.handle('customers.list', {}, actor);
    return first.ok ? first.value.total : 0;
  });
  total.toFixed();
  // @ts-expect-error a snapshot answers what its reads return, here a number
  total.toUpperCase();
}

/** The command line: its commands call over the Transport with the same types. */
export async function theCommandLine(ctx: RunContext) {
  const notes = await ctx.call('notes.list', { customerId: 1 });
  notes.map((n) => n.text.trim());
  // @ts-expect-error a note has a type from the contract's list
  await ctx.call('notes.add', { customerId: 1, type: 'gossip', text: 'x' });
  // @ts-expect-error a note's text is text
  notes.map((n) => n.text.toFixed());
}
