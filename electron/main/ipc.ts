import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { methodNames, type MethodName } from '../../shared/contract';
import { err, type Result } from '../../shared/result';
import { parseCall, type Call, type Transport } from '../../shared/transport';
import { errorFacts, silentLog, type EventLog } from '../../db/log';
import { channelFor } from './channel';
import { isTrustedSender } from './security';

/**
 * The renderer's only way in: every contract method gets its own handler. Every reply is a
 * Result: a throw would cross IPC as an opaque rejection, so untrusted senders, bad input and
 * failures all come back as error results. The call is checked here, at the boundary, with
 * `parseCall` (and again by the core at its own edge, in the worker).
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, transport: Transport, log: EventLog = silentLog): void {
  for (const method of methodNames) {
    // `input` is whatever the renderer sent over IPC: parseCall is what reads it.
    ipcMain.handle(channelFor(method), (event, input) => relay(event, () => parseCall(method, input), transport, log));
  }
}

/** The sender first: input from a frame that is not the Regulars window is never read. */
async function relay<K extends MethodName>(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, readCall: () => Result<Call<K>>, transport: Transport, log: EventLog) {
  let trusted = false;
  try {
    trusted = isTrustedSender(event.senderFrame);
  } catch {
    // A frame disposed mid-call throws on access: treat it as untrusted.
  }
  if (!trusted) return err('forbidden', 'This call did not come from the Regulars window.');
  const call = readCall();
  if (!call.ok) return call;
  const { method, input } = call.value;
  try {
    return await transport.call(method, input);
  } catch (error) {
    console.error(`[regulars] ${method} failed in main:`, error);
    log.error('internal_error', { method, where: 'main', ...errorFacts(error) });
    return err('internal', 'Something went wrong in Regulars. Please try again.');
  }
}
