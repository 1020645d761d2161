import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { OutboxKind, OutboxStatus, OutboxWaiting } from '../../../shared/contract';
import { isOutOfReach, useApiQuery } from '../../api';

/** How often a window on a shared book asks its till what waits to be sent (a book on this PC is asked once). */
export const OUTBOX_POLL_MS = 2_000;

/** Said wherever a kept sale or note is confirmed: safe at the till, not yet in the book. */
export const KEPT_HERE = 'Kept on this PC — it will be sent when the shared book is back';

/** What a screen that reads the shared book says while it cannot, instead of an error ("Searching needs…"). */
export const needsSharedBook = (what: string) => `${what} needs the shared book, which is out of reach right now`;

const kindWords: Record<OutboxKind, [one: string, many: string]> = { sale: ['sale', 'sales'], note: ['note', 'notes'] };
const countOf = (kind: OutboxKind, n: number) => `${n} ${kindWords[kind][n === 1 ? 0 : 1]}`;

/** "3 sales waiting to be sent", "1 sale and 2 notes waiting to be sent"; empty when nothing waits. */
export function waitingText(waiting: OutboxWaiting): string {
  const parts = [waiting.sales > 0 ? countOf('sale', waiting.sales) : null, waiting.notes > 0 ? countOf('note', waiting.notes) : null].filter(Boolean);
  return parts.length === 0 ? '' : `${parts.join(' and ')} waiting to be sent`;
}

export const kindLabel = (kind: OutboxKind) => kindWords[kind][0].replace(/^./, (c) => c.toUpperCase());

/** This till's outbox: polled while the book is a shared one; a book on this PC says so once and is not asked again. */
export function useOutboxStatus(): OutboxStatus | undefined {
  const status = useApiQuery(
    'outbox.status',
    {},
    {
      refetchInterval: (query) => (query.state.data?.shared === false ? false : OUTBOX_POLL_MS),
      refetchIntervalInBackground: false,
      staleTime: 0,
    },
  );
  return status.data;
}

/**
 * Whether the shared book is out of reach: the live updates' poll (`book.changes`, renderer/app/live.tsx)
 * failed for that reason, or the till says its last try did not reach it. When it is back, every read
 * that failed meanwhile is asked again, so the screens fill in by themselves.
 */
export function useOutOfReach(status: OutboxStatus | undefined): boolean {
  // The live updates' own query, read here without asking again: it polls every second already.
  const changes = useApiQuery('book.changes', {}, { enabled: false });
  const outOfReach = isOutOfReach(changes.error) || status?.reachable === false;
  const client = useQueryClient();
  const before = useRef(outOfReach);
  useEffect(() => {
    if (before.current && !outOfReach) void client.invalidateQueries();
    before.current = outOfReach;
  }, [client, outOfReach]);
  return outOfReach;
}
