import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Customer } from '../../../shared/contract';
import { cardSvg } from '../../../shared/cards/card';
import { isApiError, useApiMutation } from '../../api';
import { notifyDone, notifyError } from '../../components/notify';
import { useSettings } from '../settings/settings';
import './cards.css';
import { useScanHandler } from './scanner';

/** The card at its real size with Print, and the ways to give one. Its own chunk: the barcode library loads when a card is first opened. */
export default function CardPanel({ customer }: { customer: Customer }) {
  const { shopName } = useSettings();
  const issue = useApiMutation('cards.issue');
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  // A card scanned here is the code to give (an old card held to the scanner): left in the field, never opened.
  useScanHandler(async () => false);
  const svg = useMemo(() => (customer.cardCode ? cardSvg({ shopName, firstName: customer.firstName, code: customer.cardCode }) : null), [customer.cardCode, customer.firstName, shopName]);

  const give = async (code?: string) => {
    setError(null);
    try {
      const updated = await issue.mutateAsync({ customerId: customer.id, ...(code ? { code } : {}) });
      notifyDone(`${customer.name} has the card ${updated.cardCode}`);
      setTyped('');
    } catch (e) {
      if (isApiError(e)) setError(e.fields.code ?? e.message);
      else notifyError(e, 'The card was not given');
    }
  };

  return (
    <Stack gap="md" maw={520}>
      {svg ? (
        <>
          {/* The SVG is made here from the shop's name, the first name (escaped) and the code: nothing typed elsewhere. */}
          <div className="card-print" data-testid="customer-card" dangerouslySetInnerHTML={{ __html: svg }} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              Code {customer.cardCode}: a scan of it anywhere in Regulars opens {customer.firstName}.
            </Text>
            <Button onClick={() => window.print()}>Print</Button>
          </Group>
        </>
      ) : (
        <Text size="sm">A card with a barcode lets staff find {customer.firstName} with one scan, instead of asking their name in a queue.</Text>
      )}
      <Group align="flex-end" gap="sm">
        <TextInput
          label={svg ? 'Replace with the code of another card' : 'The code of a card you already gave out'}
          description="Leave empty for a new card"
          value={typed}
          onChange={(e) => {
            setTyped(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          autoComplete="off"
          style={{ flex: 1 }}
        />
        <Button variant={svg ? 'default' : 'filled'} loading={issue.isPending} onClick={() => give(typed.trim() || undefined)}>
          {typed.trim() ? 'Use this code' : svg ? 'New card' : 'Make a card'}
        </Button>
      </Group>
      {svg ? (
        <Alert color="gray" variant="light">
          A new card replaces this one: the old card no longer finds {customer.firstName}.
        </Alert>
      ) : null}
    </Stack>
  );
}
