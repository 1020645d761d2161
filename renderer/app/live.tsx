import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useApiQuery } from '../api';

/** How often an open window asks whether the book changed: a sale at another till shows within about this. */
export const LIVE_POLL_MS = 1_000;

/**
 * Live across tills: while the window is visible it asks the book for its change version every
 * second (`book.changes`, one small read), and when it moves (a write here, at another till sharing
 * the book, or from the command line) every cached read is invalidated, so what is on screen (the
 * directory, a profile, the dashboard) refetches and the rest is refetched when next shown. A hidden
 * window does not poll; it asks once more when it is shown again. Its own component, so that a poll
 * renders nothing else.
 */
export function LiveUpdates() {
  const client = useQueryClient();
  const changes = useApiQuery('book.changes', {}, { refetchInterval: LIVE_POLL_MS, refetchIntervalInBackground: false, refetchOnWindowFocus: 'always', staleTime: 0 });
  const version = changes.data?.version;
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (version === undefined) return;
    const before = seen.current;
    seen.current = version;
    if (before !== undefined && before !== version) {
      void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'book.changes' });
    }
  }, [client, version]);
  return null;
}
