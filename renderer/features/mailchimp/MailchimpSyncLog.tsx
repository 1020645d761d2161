import { Paper, Stack, Table, Text } from '@mantine/core';
import type { MailchimpCounts, MailchimpRun } from '../../../shared/contract';
import { StatusBadge } from '../dashboard/StatusBadge';
import { useFormat } from '../settings/settings';
import { outcomeLabels, outcomeTones } from './labels';

/** The log's count columns, in the order a run does them. */
const countColumns: { key: keyof MailchimpCounts; label: string }[] = [
  { key: 'added', label: 'Added' },
  { key: 'updated', label: 'Updated' },
  { key: 'unchanged', label: 'Unchanged' },
  { key: 'unsubscribedThere', label: 'Unsubscribed there' },
  { key: 'deleted', label: 'Deleted' },
  { key: 'leftOut', label: 'Left out' },
  { key: 'failed', label: 'Failed' },
];

/** The sync log: every recent run, newest first, and the members the newest run could not send, with Mailchimp's reasons. */
export function MailchimpSyncLog({ runs }: { runs: MailchimpRun[] }) {
  const format = useFormat();
  const newest = runs[0];
  return (
    <Stack gap="sm">
      <Text fw={600} id="mailchimp-log-title">
        Sync log
      </Text>
      {runs.length === 0 ? (
        <Text size="sm" c="dimmed">
          No syncs yet.
        </Text>
      ) : (
        <Paper withBorder radius="md">
          {/* When and who share a cell, as do the outcome and its error, so the counts fit the panel; a narrower window scrolls the log sideways, by keyboard too. */}
          <Table.ScrollContainer minWidth={760} type="native" tabIndex={0} role="region" aria-label="Sync log, scrolls sideways">
            <Table aria-labelledby="mailchimp-log-title" verticalSpacing="xs" horizontalSpacing={6} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When, by whom</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                  {countColumns.map((c) => (
                    <Table.Th key={c.key} ta="right">
                      {c.label}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {runs.map((run) => (
                  <Table.Tr key={run.id} data-run={run.id}>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {format.dateTime(run.startedAt)}
                      </Text>
                      <Text size="sm" c="dimmed">
                        {run.actor ? `by ${run.actor.name}` : 'by someone not recorded'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {/* A badge cuts its label short when the column narrows: "Running" must read whole. */}
                      <StatusBadge tone={outcomeTones[run.outcome]} style={{ overflow: 'visible' }} styles={{ label: { overflow: 'visible' } }}>
                        {outcomeLabels[run.outcome]}
                      </StatusBadge>
                      {run.error ? (
                        <Text size="sm" mt={4} style={{ overflowWrap: 'anywhere' }}>
                          {run.error}
                        </Text>
                      ) : null}
                    </Table.Td>
                    {countColumns.map((c) => (
                      <Table.Td key={c.key} ta="right" className="num">
                        {format.count(run.counts[c.key])}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {newest && newest.failures.length > 0 ? (
        <Stack gap="xs">
          <Text fw={600} size="sm" id="mailchimp-failures-title">
            Not taken by Mailchimp in the last sync
          </Text>
          <Paper withBorder radius="md">
            <Table aria-labelledby="mailchimp-failures-title" verticalSpacing="xs" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Mailchimp&apos;s reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {newest.failures.map((f, i) => (
                  <Table.Tr key={`${i}-${f.email}`}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{f.email}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{f.error}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          {newest.counts.failed > newest.failures.length ? (
            <Text size="sm" c="dimmed">
              And {format.count(newest.counts.failed - newest.failures.length)} more: the log keeps the first {format.count(newest.failures.length)}.
            </Text>
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}
