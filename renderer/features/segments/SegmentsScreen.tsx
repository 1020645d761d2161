import { ActionIcon, Alert, Button, Group, Modal, Paper, Skeleton, Stack, Table, Text, Title, Tooltip, VisuallyHidden, Box } from '@mantine/core';
import { useState } from 'react';
import type { Segment } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../../api';
import { hrefOf } from '../../app/router';
import { notifyDone, notifyError } from '../../components/notify';
import { MailIcon, TrashIcon } from '../../components/icons';
import { useIsOwner } from '../auth/session';
import { MailchimpExportDialog } from '../exports/MailchimpExportDialog';
import { useFormat, useSettings } from '../settings/settings';
import { builtInDescriptions, describeConditions } from './conditions';
import { SegmentBuilder } from './SegmentBuilder';

/** Built-in and saved segments with live counts, and the builder for new ones. */
export function SegmentsScreen() {
  const list = useApiQuery('segments.list', {});
  const [exporting, setExporting] = useState<{ opened: boolean; segment?: string }>({ opened: false });
  const [deleting, setDeleting] = useState<Segment | null>(null);
  const isOwner = useIsOwner();

  return (
    <Stack gap="md" pb="xl">
      <div>
        <Title order={1} fz="h2">
          Segments
        </Title>
        <Text c="dimmed" size="sm">
          Groups of customers to look at or send an offer to. Open one to see its customers; counts are as of now.
        </Text>
      </div>

      <Paper withBorder radius="md" component="section" aria-labelledby="segments-title">
        <Group justify="space-between" px="md" pt="md" pb="xs">
          <Title order={2} fz="lg" id="segments-title">
            Your segments
          </Title>
          {isOwner ? (
            <Button variant="default" leftSection={<MailIcon size={16} />} onClick={() => setExporting({ opened: true })}>
              Export to Mailchimp
            </Button>
          ) : null}
        </Group>
        {list.isError ? (
          <Alert color="red" m="md" title="Segments could not be loaded">
            {list.error.message}
          </Alert>
        ) : (
          <SegmentTable segments={list.data} onExport={(key) => setExporting({ opened: true, segment: key })} onDelete={setDeleting} />
        )}
      </Paper>

      <SegmentBuilder />

      <MailchimpExportDialog opened={exporting.opened} segment={exporting.segment} onClose={() => setExporting((e) => ({ ...e, opened: false }))} />
      <DeleteSegmentDialog segment={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}

function SegmentTable({ segments, onExport, onDelete }: { segments?: Segment[]; onExport(key: string): void; onDelete(segment: Segment): void }) {
  const format = useFormat();
  const settings = useSettings();
  // Exports and deleting a saved segment are the owner's; staff open segments to look.
  const isOwner = useIsOwner();
  return (
    <Table highlightOnHover aria-labelledby="segments-title" verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Segment</Table.Th>
          <Table.Th>Who is in it</Table.Th>
          <Table.Th className="num">Customers</Table.Th>
          <Table.Th className="num">
            <VisuallyHidden>Actions</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {!segments
          ? Array.from({ length: 6 }, (_, i) => (
              <Table.Tr key={i}>
                <Table.Td colSpan={4}>
                  <Skeleton height={20} />
                </Table.Td>
              </Table.Tr>
            ))
          : segments.map((s) => (
              <Table.Tr key={s.key} data-segment={s.key}>
                <Table.Td>
                  <Text fw={600} size="sm" c="bright">
                    {s.name}
                  </Text>
                  {s.builtIn ? null : (
                    <Text size="sm" c="dimmed">
                      Saved segment
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" lineClamp={2}>
                    {s.conditions ? describeConditions(s.conditions, format.money, settings.timeZone) : builtInDescriptions[s.key] ?? ''}
                  </Text>
                </Table.Td>
                <Table.Td className="num" data-testid="segment-count">
                  {format.count(s.count)}
                </Table.Td>
                <Table.Td>
                  <Group gap={6} justify="flex-end" wrap="nowrap">
                    <Button component="a" href={hrefOf({ name: 'directory', segment: s.key })} size="xs" variant="light" aria-label={`Open ${s.name}`}>
                      Open
                    </Button>
                    {isOwner ? (
                      <Button size="xs" variant="default" onClick={() => onExport(s.key)} aria-label={`Export ${s.name} to Mailchimp`}>
                        Mailchimp
                      </Button>
                    ) : null}
                    {!isOwner ? null : s.builtIn ? (
                      <Box w={28} />
                    ) : (
                      <Tooltip label={`Delete ${s.name}`}>
                        <ActionIcon variant="subtle" color="red" size="md" onClick={() => onDelete(s)} aria-label={`Delete ${s.name}`}>
                          <TrashIcon size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
      </Table.Tbody>
    </Table>
  );
}

function DeleteSegmentDialog({ segment, onClose }: { segment: Segment | null; onClose(): void }) {
  const remove = useApiMutation('segments.delete');
  const [last, setLast] = useState<Segment | null>(segment);
  if (segment && segment !== last) setLast(segment);
  const shown = segment ?? last;
  const confirm = async () => {
    if (!segment) return;
    try {
      await remove.mutateAsync({ id: Number(segment.key.replace('saved:', '')) });
      notifyDone(`Segment "${segment.name}" deleted`);
      onClose();
    } catch (error) {
      notifyError(error, 'The segment was not deleted');
    }
  };
  return (
    <Modal opened={segment !== null} onClose={onClose} title={`Delete ${shown?.name ?? 'segment'}?`}>
      <Stack gap="md">
        <Text size="sm">The segment goes; its customers stay exactly as they are.</Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending} data-autofocus>
            Delete segment
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
