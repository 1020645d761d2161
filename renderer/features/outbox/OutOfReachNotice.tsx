import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { needsSharedBook } from './outbox';

/** In place of a read that failed because the shared book is out of reach: what needs it, calmly; the banner says the rest. */
export function OutOfReachNotice({ what, children }: { what: string; children?: ReactNode }) {
  return (
    <Alert color="gray" variant="light" role="status">
      {needsSharedBook(what)}
      {children}
    </Alert>
  );
}
