import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { isMethodName } from '../../shared/contract';
import { err, type Result } from '../../shared/result';
import { CALL_CHANNEL } from './channel';
import { isTrustedSender } from './security';

export type Handle = (method: string, input: unknown) => Promise<Result<unknown>>;

/**
 * The renderer's only way in. Every reply is a Result: a throw would cross IPC as an opaque
 * rejection, so untrusted senders, unknown methods and failures all come back as error results.
 * Payloads are validated with zod by the core, in the database worker.
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, handle: Handle): void {
  ipcMain.handle(CALL_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, input: unknown) =>
    relay(event, method, input, handle),
  );
}

async function relay(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, method: unknown, input: unknown, handle: Handle) {
  let trusted = false;
  try {
    trusted = isTrustedSender(event.senderFrame);
  } catch {
    // A frame disposed mid-call throws on access: treat it as untrusted.
  }
  if (!trusted) return err('forbidden', 'This call did not come from the Regulars window.');
  if (!isMethodName(method)) {
    return err('validation', `Unknown method: ${typeof method === 'string' ? method : typeof method}`);
  }
  try {
    return await handle(method, input);
  } catch (error) {
    console.error(`[regulars] ${method} failed in main:`, error);
    return err('internal', 'Something went wrong in Regulars. Please try again.');
  }
}
