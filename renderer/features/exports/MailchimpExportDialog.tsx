import { Alert, Anchor, Button, Group, Modal, Paper, ScrollArea, Select, SimpleGrid, Skeleton, Stack, Table, Text } from '@mantine/core';
import { StatusBadge } from '../dashboard/StatusBadge';
import { useEffect, useState } from 'react';
import type { LeftOutReason } from '../../../shared/contract';
import { useApiQuery } from '../../api';
import { navigate } from '../../app/router';
import { notifyDone } from '../../components/notify';
import { DownloadIcon } from '../../components/icons';
import { useFormat, useSettings } from '../settings/settings';
import { fileDate, saveText, slug } from './download';

export const leftOutLabels: Record<LeftOutReason, string> = {
  invalid_email: 'Not a valid email address',
  role_address: 'Role address (info@, admin@…): Mailchimp blocks these',
  duplicate_email: 'Same email as another customer in this file',
  suppressed: 'On the suppression list: they opted out',
  do_not_contact: 'Marked do not contact',
};

const ALL = 'all';

/**
 * Sends a list to Mailchimp: only customers who agreed to email offers, with the ones left out and
 * why shown before anything is saved. Saves the file and its left-out report as downloads.
 */
export function MailchimpExportDialog({ opened, onClose, segment }: { opened: boolean; onClose(): void; segment?: string }) {
  const settings = useSettings();
  const format = useFormat();
  const [choice, setChoice] = useState<string>(segment ?? ALL);
  const [saved, setSaved] = useState<string[] | null>(null);
  useEffect(() => {
    if (opened) {
      setChoice(segment ?? ALL);
      setSaved(null);
    }
  }, [opened, segment]);

  const segments = useApiQuery('segments.list', {}, { enabled: opened });
  const picked = choice === ALL ? undefined : choice;
  const preview = useApiQuery('exports.mailchimp', picked ? { segment: picked } : {}, { enabled: opened, staleTime: 0, gcTime: 0 });
  const segmentName = segments.data?.find((s) => s.key === picked)?.name;

  const save = () => {
    if (!preview.data) return;
    const base = `mailchimp-${picked ? slug(segmentName ?? picked) : 'all'}-${fileDate(settings.timeZone)}`;
    const files = [`${base}.csv`];
    saveText(files[0], preview.data.csv);
    if (preview.data.leftOut.length > 0) {
      files.push(`${base}-left-out.csv`);
      saveText(files[1], preview.data.leftOutCsv);
    }
    setSaved(files);
    notifyDone(`${format.count(preview.data.exported)} ${preview.data.exported === 1 ? 'contact' : 'contacts'} saved for Mailchimp`);
  };

  const data = preview.data;
  const reasons = new Map<LeftOutReason, number>();
  for (const l of data?.leftOut ?? []) reasons.set(l.reason, (reasons.get(l.reason) ?? 0) + 1);

  return (
    <Modal opened={opened} onClose={onClose} title="Export to Mailchimp" size="lg">
      <Stack gap="md">
        <Text size="sm">
          Only customers who agreed to email offers are exported: active, email subscribed, not marked do not contact, with a valid address. The
          file has Mailchimp&apos;s own columns, ready for its contact import.
        </Text>
        <Select
          label="Who to export"
          data={[
            { value: ALL, label: 'All email subscribers' },
            ...(segments.data ?? []).map((s) => ({ value: s.key, label: `${s.name} (${format.count(s.count)})` })),
          ]}
          value={choice}
          onChange={(value) => {
            setChoice(value ?? ALL);
            setSaved(null);
          }}
          allowDeselect={false}
          searchable
          comboboxProps={{ withinPortal: true }}
        />
        {preview.isError ? (
          <Alert color="red" title="The export could not be prepared">
            {preview.error.message}
          </Alert>
        ) : !data ? (
          <Stack gap="xs" aria-busy="true" aria-label="Preparing the export">
            <Skeleton height={72} />
            <Skeleton height={120} />
          </Stack>
        ) : (
          <>
            <SimpleGrid cols={2} spacing="sm">
              <Paper withBorder p="sm" radius="md" role="group" aria-label="Contacts to export">
                <Text size="sm" c="dimmed">
                  To export
                </Text>
                <Text fz="xl" fw={700} c="bright" className="num" ta="left" data-testid="mailchimp-exported">
                  {format.count(data.exported)}
                </Text>
              </Paper>
              <Paper withBorder p="sm" radius="md" role="group" aria-label="Contacts left out">
                <Text size="sm" c="dimmed">
                  Left out
                </Text>
                <Text fz="xl" fw={700} c="bright" className="num" ta="left" data-testid="mailchimp-left-out">
                  {format.count(data.leftOut.length)}
                </Text>
              </Paper>
            </SimpleGrid>
            {data.leftOut.length > 0 ? (
              <Stack gap="xs">
                <Text fw={600} size="sm" id="left-out-title">
                  Left out, and why
                </Text>
                <Group gap="xs">
                  {[...reasons].map(([reason, n]) => (
                    <StatusBadge key={reason} tone="orange">
                      {leftOutLabels[reason].split(':')[0]}: {format.count(n)}
                    </StatusBadge>
                  ))}
                </Group>
                <ScrollArea.Autosize mah={200} type="auto" viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': 'Left-out list' }}>
                  <Table aria-labelledby="left-out-title" verticalSpacing="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Email</Table.Th>
                        <Table.Th>Reason</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.leftOut.map((l) => (
                        <Table.Tr key={`${l.customerId}-${l.reason}`}>
                          <Table.Td>
                            <Anchor
                              href={`#/customers/${l.customerId}`}
                              onClick={(event) => {
                                event.preventDefault();
                                onClose();
                                navigate({ name: 'customer', id: l.customerId });
                              }}
                            >
                              {l.email}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>{leftOutLabels[l.reason]}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea.Autosize>
              </Stack>
            ) : null}
            {data.exported === 0 ? (
              <Alert color="gray" title="Nobody to export">
                No one here has agreed to email offers yet. Record consent on a customer&apos;s profile when they say yes.
              </Alert>
            ) : null}
            {saved ? (
              <Alert color="teal" title="Saved" role="status">
                <Text size="sm">
                  {saved.length > 1 ? `${saved[0]} and the left-out report ${saved[1]}` : saved[0]} went to your downloads. Import the file in Mailchimp
                  under Audience, Add contacts, Import contacts.
                </Text>
              </Alert>
            ) : null}
          </>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {saved ? 'Done' : 'Cancel'}
          </Button>
          <Button leftSection={<DownloadIcon size={16} />} onClick={save} disabled={!data || data.exported === 0} loading={preview.isFetching && !data}>
            {saved ? 'Save again' : 'Save Mailchimp file'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
