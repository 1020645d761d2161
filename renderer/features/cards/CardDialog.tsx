import { Button, Center, Loader, Modal } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import type { Customer } from '../../../shared/contract';

const CardPanel = lazy(() => import('./CardPanel'));

/**
 * A customer's card: "Give a card" makes one (or takes the code of a card the shop gave out before),
 * "Print card" shows it at its real size with Print. Printing prints the card alone (cards.css).
 */
export function CardButton({ customer }: { customer: Customer }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)}>
        {customer.cardCode ? 'Print card' : 'Give a card'}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={customer.cardCode ? `${customer.firstName}'s card` : `A card for ${customer.firstName}`} size="auto">
        <Suspense
          fallback={
            <Center h={120}>
              <Loader />
            </Center>
          }
        >
          <CardPanel customer={customer} />
        </Suspense>
      </Modal>
    </>
  );
}

