import type { MailchimpPreview, MailchimpRun } from '../../shared/contract';
import { err, ok, type Result } from '../../shared/result';
import type { Actor } from '../access';
import { MailchimpError } from './client';
import { SealedSecretError } from './sealer';
import { previewSync, runSync, sendErasures, SyncStopped, type SyncBook, type SyncOptions } from './sync';

/** The work a host does with Mailchimp over the book, each in steps: what each one answers. */
export interface MailchimpJobOutputs {
  sync: MailchimpRun;
  preview: MailchimpPreview;
  /** How many erased members were deleted for good there. */
  erasures: number;
}
export type MailchimpJob = keyof MailchimpJobOutputs;

/**
 * A sync's options as a host gives them, wherever the job runs: who it acts as in the book (a sync
 * goes on as the owner who started it) rather than the book itself, which the runner holds. The
 * key is unsealed by the host alone (Electron's safeStorage lives in the main process).
 */
export type MailchimpJobOptions = Omit<SyncOptions, 'book' | 'fetch' | 'now'> & { actor: Actor | null };

/**
 * Where a job runs, chosen by the host at its edge: beside the book in the writer's thread when
 * the book has one (electron/worker), so the thread that serves the window never parses a batch
 * or holds a plan of every subscriber; in the caller's thread over a book it holds itself (the
 * command line, the tests' in-process book).
 */
export type MailchimpJobRunner = <J extends MailchimpJob>(job: J, options: MailchimpJobOptions) => Promise<Result<MailchimpJobOutputs[J]>>;

/** The message an unexpected failure is answered with; its details go to the support log. */
export const UNEXPECTED_SYNC_FAILURE = 'Talking to Mailchimp stopped unexpectedly; the support log has the details';

/** Mailchimp's refusal or silence, as the owner should read it; the key is never part of it. Null: not one of those. */
export function mailchimpFailure(error: unknown): Result<never> | null {
  if (error instanceof SealedSecretError || error instanceof SyncStopped) return err('conflict', error.message);
  if (error instanceof MailchimpError) {
    if (error.status === 401 || error.status === 403) {
      const message = 'Mailchimp did not accept the API key: check it in Mailchimp → Profile → Extras → API keys';
      return err('validation', message, { fields: { apiKey: message } });
    }
    if (error.status === 0) return err('conflict', `Mailchimp could not be reached: ${error.detail || error.title}. Check the connection, then try again.`);
    return err('conflict', `Mailchimp refused: ${error.message}`);
  }
  return null;
}

const jobs: { [J in MailchimpJob]: (options: SyncOptions) => Promise<MailchimpJobOutputs[J]> } = {
  sync: runSync,
  preview: previewSync,
  erasures: sendErasures,
};

/**
 * Runs a job here, over `book`, and answers it as a Result: a refusal by the book or by Mailchimp
 * as the owner should read it; anything else as `internal`, after `unexpected` has been told of it.
 */
export async function runMailchimpJob<J extends MailchimpJob>(
  job: J,
  book: SyncBook,
  options: MailchimpJobOptions,
  unexpected: (error: unknown) => void,
): Promise<Result<MailchimpJobOutputs[J]>> {
  try {
    return ok(await jobs[job]({ ...options, book }));
  } catch (error) {
    const failure = mailchimpFailure(error);
    if (failure) return failure;
    unexpected(error);
    return err('internal', UNEXPECTED_SYNC_FAILURE);
  }
}
