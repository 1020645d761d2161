import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { Customer, Note } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../../api';
import { AlertIcon } from '../../components/icons';
import { notifyDone, notifyError } from '../../components/notify';

/** The notes of a customer that are alerts and not cleared, newest first. */
export const activeAlerts = (notes: readonly Note[] | undefined): Note[] => (notes ?? []).filter((note) => note.alert && !note.alertClearedAt);

/**
 * A customer's alerts ("allergic to nuts", "owes GH₵20"), where staff can't miss them: at the top of
 * the profile, and in the quick sale once the customer is picked. role="alert", so a screen reader
 * says them as they appear (Mantine's Alert has that role, named by its title). `clearable` offers Clear (the profile); the quick sale only shows them.
 */
export function CustomerAlerts({ customer, clearable = false }: { customer: Pick<Customer, 'id' | 'name'>; clearable?: boolean }) {
  const notes = useApiQuery('notes.list', { customerId: customer.id });
  const clear = useApiMutation('notes.clearAlert');
  const alerts = activeAlerts(notes.data);
  if (alerts.length === 0) return null;
  const clearOne = async (note: Note) => {
    try {
      await clear.mutateAsync({ id: note.id });
      notifyDone(`Alert cleared for ${customer.name}; the note stays in their notes`);
    } catch (error) {
      notifyError(error, 'The alert was not cleared');
    }
  };
  return (
    <Alert color="red" variant="light" icon={<AlertIcon size={20} />} title={`${alerts.length === 1 ? 'Alert' : `${alerts.length} alerts`} for ${customer.name}`}>
      <Stack gap={6}>
        {alerts.map((note) => (
          <Group key={note.id} justify="space-between" wrap="nowrap" gap="sm">
            <Text size="sm" fw={600} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {note.text}
            </Text>
            {clearable ? (
              <Button size="compact-sm" variant="subtle" color="red" onClick={() => clearOne(note)} loading={clear.isPending && clear.variables?.id === note.id} aria-label={`Clear alert: ${note.text.slice(0, 40)}`}>
                Clear
              </Button>
            ) : null}
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
