import { Alert, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text } from '@mantine/core';
import { StatusBadge } from '../dashboard/StatusBadge';
import { useState } from 'react';
import { consentChannels, type ConsentChannel, type ConsentStatus, type Customer } from '../../../shared/contract';
import { useApiQuery } from '../../api';
import { RelativeTime } from '../../components/RelativeTime';
import { ShieldIcon } from '../../components/icons';
import { useFormat } from '../settings/settings';
import { channelLabels, methodLabels, statusColors, statusLabels } from './labels';
import { RecordConsentDialog } from './RecordConsentDialog';

/** The badge for one channel's consent: status colours only, and the words say it too. */
export function ConsentBadge({ channel, status }: { channel: ConsentChannel; status: ConsentStatus }) {
  return (
    <StatusBadge tone={statusColors[status]} variant={status === 'not_asked' ? 'outline' : 'light'}>
      {channelLabels[channel]}: {statusLabels[status]}
    </StatusBadge>
  );
}

/** Consent on the profile: where each channel stands now, and every change with its proof. */
export function ConsentPanel({ customer }: { customer: Customer }) {
  const format = useFormat();
  const consent = useApiQuery('consent.get', { customerId: customer.id });
  const [recording, setRecording] = useState(false);
  const erased = Boolean(customer.erasedAt);

  if (consent.isError) {
    return (
      <Alert color="red" title="Consent could not be loaded">
        {consent.error.message}
      </Alert>
    );
  }
  const data = consent.data;
  const contactOf = (channel: ConsentChannel) => (channel === 'email' ? customer.email : format.phone(customer.phoneE164) || customer.phone);

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {consentChannels.map((channel) => {
          const status = data ? data[channel] : channel === 'email' ? customer.emailConsent : customer.smsConsent;
          const latest = data?.history.find((e) => e.channel === channel);
          return (
            <Paper key={channel} withBorder radius="md" p="md" role="group" aria-label={`${channelLabels[channel]} consent`}>
              <Group justify="space-between" gap="xs">
                <Text fw={600} c="bright">
                  {channel === 'email' ? 'Email offers' : 'SMS offers'}
                </Text>
                <ConsentBadge channel={channel} status={status} />
              </Group>
              <Text size="sm" c="dimmed" mt={4}>
                {contactOf(channel) ?? (channel === 'email' ? 'No email address on file' : 'No phone number on file')}
              </Text>
              <Text size="sm" mt={4}>
                {latest ? (
                  <>
                    Recorded <RelativeTime iso={latest.at} />
                    {latest.actor ? ` by ${latest.actor.name}` : ''} · {methodLabels[latest.method]}
                  </>
                ) : (
                  'Never asked. Nobody is subscribed until they say yes.'
                )}
              </Text>
            </Paper>
          );
        })}
      </SimpleGrid>

      <Group justify="space-between" align="center">
        <Text fw={600} id="consent-history-title">
          Consent history
        </Text>
        {erased ? null : (
          <Button leftSection={<ShieldIcon size={16} />} variant="light" onClick={() => setRecording(true)}>
            Record consent
          </Button>
        )}
      </Group>
      {!data ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading consent history">
          <Skeleton height={40} />
          <Skeleton height={40} />
        </Stack>
      ) : data.history.length === 0 ? (
        <Paper withBorder radius="md" p="lg">
          <Text size="sm" c="dimmed" ta="center">
            No consent recorded yet. When {customer.firstName} agrees to offers (or asks to stop), record it here with the words they were told.
          </Text>
        </Paper>
      ) : (
        <Paper withBorder radius="md">
          <Table aria-labelledby="consent-history-title" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th w={140}>Answer</Table.Th>
                <Table.Th>How</Table.Th>
                <Table.Th>Wording shown or told</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>Recorded by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.history.map((event) => (
                <Table.Tr key={event.id} data-consent-event={event.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">{format.dateTime(event.at)}</Text>
                    <Text size="sm" c="dimmed">
                      <RelativeTime iso={event.at} />
                    </Text>
                  </Table.Td>
                  <Table.Td>{channelLabels[event.channel]}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <StatusBadge tone={statusColors[event.status]} style={{ overflow: 'visible' }} styles={{ label: { overflow: 'visible' } }}>
                      {statusLabels[event.status]}
                    </StatusBadge>
                  </Table.Td>
                  <Table.Td>{methodLabels[event.method]}</Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      “{event.wording}”
                    </Text>
                  </Table.Td>
                  <Table.Td>{event.actor?.name ?? <Text span c="dimmed" size="sm">Not recorded</Text>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <RecordConsentDialog customer={customer} opened={recording} onClose={() => setRecording(false)} />
    </Stack>
  );
}
