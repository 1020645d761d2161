import { z } from 'zod';
import { read, write } from './define';

/** Which book this PC has open, as Settings → Shared book shows it. */
export interface SharedBookStatus {
  engine: 'sqlite' | 'postgres';
  /** Where the open book is, fit to show: this PC's file, or the shared book's address with its password hidden. */
  shown: string;
  /** Whether this PC keeps a shared book's address (encrypted), to open it again at every start. */
  stored: boolean;
  /** This PC's own book file: what "stop sharing" goes back to, and where the backups and support log stay. */
  localFile: string;
}

/** What a move into the shared book copied, verified equal on both sides, for the owner to recognise their book. */
export interface SharedBookMove {
  customers: number;
  purchases: number;
  rows: number;
  ms: number;
}

export interface SharedBookConnected {
  book: SharedBookStatus;
  /** Null when the book already on the server was joined rather than this PC's book moved into it. */
  moved: SharedBookMove | null;
}

/**
 * Served by the host, not the core: connecting closes the open book and opens another (after moving
 * this PC's book into it, when asked), and the address is kept encrypted by the host's own store.
 * Everyone signs in again after a switch: the other book has its own staff. The owner's alone.
 */
export const sharedBookMethods = {
  'sharedBook.status': read<SharedBookStatus>()(z.object({}).strict().default({}), 'owner'),
  'sharedBook.connect': write<SharedBookConnected>()(
    z
      .object({
        url: z.string().trim().min(1, 'Enter the shared book’s address, e.g. postgresql://regulars:password@server-pc/regulars').max(2000, 'At most 2000 characters'),
        moveThisBook: z.boolean().default(false),
      })
      .strict(),
    'owner',
  ),
  'sharedBook.disconnect': write<SharedBookStatus>()(z.object({}).strict().default({}), 'owner'),
};
