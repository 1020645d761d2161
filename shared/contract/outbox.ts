import { z } from 'zod';
import { read, type OutboxKind, type OutboxWaiting } from './define';

export { outboxKinds, type OutboxKind, type OutboxWaiting, type QueuedWrite } from './define';

/** A kept write the book refused when it was sent (a customer erased meanwhile): kept aside at the till, for the owner. */
export interface RefusedWrite {
  ref: string;
  kind: OutboxKind;
  /** The book's own words. */
  reason: string;
  queuedAt: string;
}

/** This till's outbox, as the window shows it: the calm banner, the count in the header, what was refused. */
export interface OutboxStatus {
  /** The book is a shared one (on a PostgreSQL server): only then can it be out of reach, and only then is there an outbox. */
  shared: boolean;
  /** The shared book answered this till when last tried (always true for a book on this PC). */
  reachable: boolean;
  waiting: OutboxWaiting;
  refused: RefusedWrite[];
}

/** Answered by the till in front of the book (the app's writer), not by the book: the command line has no outbox. */
export const outboxMethods = {
  'outbox.status': read<OutboxStatus>()(z.object({}).strict().default({})),
};
