import { z } from 'zod';
import { read } from './define';

export interface BookChanges {
  /**
   * Moves whenever anyone writes to the book, at this till or another sharing it: compare it with the
   * last one seen, for equality only (it is not a count, and has no order to read into).
   */
  version: string;
}

/**
 * The book as a whole: `book.changes` is what a window polls to refresh what it shows when another
 * till (or the command line) has written. Any signed-in member: every screen refreshes with it.
 */
export const bookMethods = {
  'book.changes': read<BookChanges>()(z.object({}).strict().default({})),
};
