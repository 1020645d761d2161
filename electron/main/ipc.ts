import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { methodNames, methods, type MethodName } from '../../shared/contract';
import { err, type Result } from '../../shared/result';
import { errorFacts, silentLog, type EventLog } from '../../db/log';
import { channelFor } from './channel';
import { isTrustedSender } from './security';

export type Handle = (method: string, input: unknown) => Promise<Result<unknown>>;

/**
 * The renderer's only way in: every contract method gets its own handler. Every reply is a
 * Result: a throw would cross IPC as an opaque rejection, so untrusted senders, bad input and
 * failures all come back as error results. Input is checked with the method's zod schema here,
 * at the boundary, and again by the core in the worker.
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, handle: Handle, log: EventLog = silentLog): void {
  for (const method of methodNames) {
    ipcMain.handle(channelFor(method), (event: IpcMainInvokeEvent, input: unknown) => relay(event, method, input, handle, log));
  }
}

async function relay(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, method: MethodName, input: unknown, handle: Handle, log: EventLog) {
  let trusted = false;
  try {
    trusted = isTrustedSender(event.senderFrame);
  } catch {
    // A frame disposed mid-call throws on access: treat it as untrusted.
  }
  if (!trusted) return err('forbidden', 'This call did not come from the Regulars window.');
  const parsed = methods[method].input.safeParse(input ?? {});
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    return err('validation', `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  }
  try {
    return await handle(method, input);
  } catch (error) {
    console.error(`[regulars] ${method} failed in main:`, error);
    log.error('internal_error', { method, where: 'main', ...errorFacts(error) });
    return err('internal', 'Something went wrong in Regulars. Please try again.');
  }
}
