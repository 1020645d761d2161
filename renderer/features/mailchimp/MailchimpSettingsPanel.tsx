import { Alert, Anchor, Button, Group, Modal, Paper, Progress, ScrollArea, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LeftOutReason, MailchimpConnection, MailchimpPreview, MailchimpRun, MailchimpStatus } from '../../../shared/contract';
import { call, useApiMutation, useApiQuery } from '../../api';
import { navigate } from '../../app/router';
import { notifyDone, notifyError } from '../../components/notify';
import { StatusBadge } from '../dashboard/StatusBadge';
import { leftOutLabels } from '../exports/MailchimpExportDialog';
import { useFormat } from '../settings/settings';
import { ConnectMailchimpForm } from './ConnectMailchimpForm';
import { Disclosure } from './Disclosure';
import { countsSentence, percentDone, phaseText, previewSentence } from './labels';
import { MailchimpSyncLog } from './MailchimpSyncLog';

/** How often the panel asks how a sync is going, only while one runs: the bar moves smoothly without a steady load when idle. */
const RUNNING_POLL_MS = 500;

/**
 * Settings → Mailchimp (the owner's): connecting an audience, a preview of what a sync would do,
 * syncing with its progress, and the sync log. Mailchimp is reached by the host, never by the page.
 */
export function MailchimpSettingsPanel() {
  const format = useFormat();
  const status = useApiQuery('mailchimp.status', {}, { refetchInterval: (query) => (query.state.data?.running ? RUNNING_POLL_MS : false), staleTime: 0 });
  // The run this window saw start (or saw under way): when it is no longer running, the owner hears how it went.
  const [watching, setWatching] = useState<number | null>(null);
  const data = status.data;

  useEffect(() => {
    if (!data) return;
    if (data.running) {
      if (data.running.runId !== watching) setWatching(data.running.runId);
      return;
    }
    if (watching === null) return;
    const run = data.runs.find((r) => r.id === watching);
    if (run && run.outcome !== 'running') tellOutcome(run, format.count);
    setWatching(null);
  }, [data, watching, format.count]);

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="mailchimp-title">
      <Stack gap="md">
        <div>
          <Title order={2} fz="lg" id="mailchimp-title">
            Mailchimp
          </Title>
          <Text size="sm" c="dimmed">
            Keeps a Mailchimp audience in step with the customers who agreed to email offers, and brings home who unsubscribed there, so nobody is mailed
            against their wishes.
          </Text>
        </div>
        {status.isError ? (
          <Alert color="red" title="Mailchimp's status could not be read">
            {status.error.message}
          </Alert>
        ) : !data ? (
          <Stack gap="xs" aria-busy="true" aria-label="Loading Mailchimp">
            <Skeleton height={36} />
            <Skeleton height={36} />
          </Stack>
        ) : data.connection ? (
          <Connected status={data} connection={data.connection} onStarted={setWatching} />
        ) : (
          <ConnectMailchimpForm />
        )}
        {data && (data.connection || data.runs.length > 0) ? <MailchimpSyncLog runs={data.runs} /> : null}
      </Stack>
    </Paper>
  );
}

function tellOutcome(run: MailchimpRun, count: (n: number) => string) {
  const what = countsSentence(run.counts, count);
  if (run.outcome === 'done') notifyDone(what, { title: 'Mailchimp sync done', autoClose: 8000 });
  else if (run.outcome === 'cancelled') notifyDone(`Stopped: ${what} before it did.`, { title: 'Mailchimp sync cancelled', autoClose: 8000 });
  else notifyError(new Error(`${run.error ?? 'Mailchimp could not be reached'}. So far: ${what}.`), 'Mailchimp sync failed');
}

/** Connected: which audience, the preview, Sync now with its progress, and Disconnect. */
function Connected({ status, connection, onStarted }: { status: MailchimpStatus; connection: MailchimpConnection; onStarted(runId: number): void }) {
  const format = useFormat();
  const running = status.running;
  const sync = useApiMutation('mailchimp.sync');
  const cancel = useApiMutation('mailchimp.cancel');
  const [preview, setPreview] = useState<MailchimpPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [problem, setProblem] = useState<{ title: string; message: string } | null>(null);
  const [confirmingDisconnect, setConfirmingDisconnect] = useState(false);

  const showPreview = async () => {
    setProblem(null);
    setPreviewing(true);
    try {
      // A plain call kept as it came: a query would be asked again at every change in the book, each time a trip to Mailchimp.
      setPreview(await call('mailchimp.preview', {}));
    } catch (error) {
      setPreview(null);
      setProblem({ title: 'No preview', message: error instanceof Error ? error.message : String(error) });
    } finally {
      setPreviewing(false);
    }
  };

  const syncNow = async () => {
    setProblem(null);
    // What the preview said is about to change.
    setPreview(null);
    try {
      const started = await sync.mutateAsync({});
      onStarted(started.runId);
    } catch (error) {
      setProblem({ title: 'The sync did not start', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const stop = async () => {
    try {
      await cancel.mutateAsync({});
    } catch (error) {
      notifyError(error, 'The sync was not cancelled');
    }
  };

  return (
    <Stack gap="md">
      <Stack gap={2} data-testid="mailchimp-connection">
        <Text size="sm">
          Connected to the audience{' '}
          <Text span fw={600} c="bright">
            {connection.audienceName}
          </Text>
        </Text>
        <Text size="sm" c="dimmed">
          Data centre {connection.dataCentre} · connected since {format.dateTime(connection.connectedAt)}
          {status.lastSyncAt ? ` · last synced ${format.dateTime(status.lastSyncAt)}` : ' · not synced yet'}
        </Text>
        {status.pendingDeletes > 0 ? (
          <Text size="sm">
            {format.count(status.pendingDeletes)} {status.pendingDeletes === 1 ? 'customer erased here is' : 'customers erased here are'} still to be deleted in Mailchimp: the next sync
            does it.
          </Text>
        ) : null}
      </Stack>

      {running ? (
        <Stack gap="xs" role="group" aria-label="Sync under way">
          <Group justify="space-between" gap="sm" wrap="nowrap">
            <Text size="sm" fw={600} data-testid="mailchimp-phase">
              {phaseText(running, format.count)}
            </Text>
            <Button variant="default" onClick={() => void stop()} loading={cancel.isPending} disabled={running.cancelling}>
              Cancel
            </Button>
          </Group>
          <Progress value={percentDone(running)} size="lg" aria-label="Sync progress" />
          <Text size="sm" c="dimmed">
            So far: {countsSentence(running.counts, format.count)}
          </Text>
        </Stack>
      ) : (
        <Group justify="space-between" gap="sm">
          <Group gap="sm">
            <Button variant="default" onClick={() => void showPreview()} loading={previewing} disabled={sync.isPending}>
              Preview
            </Button>
            <Button onClick={() => void syncNow()} loading={sync.isPending} disabled={previewing}>
              Sync now
            </Button>
          </Group>
          <Button variant="default" color="red" onClick={() => setConfirmingDisconnect(true)} disabled={sync.isPending}>
            Disconnect
          </Button>
        </Group>
      )}

      {problem ? (
        <Alert color="red" role="alert" title={problem.title}>
          {problem.message}
        </Alert>
      ) : null}
      {preview && !running ? <PreviewResult preview={preview} /> : null}

      <DisconnectDialog opened={confirmingDisconnect} audienceName={connection.audienceName} onClose={() => setConfirmingDisconnect(false)} />
    </Stack>
  );
}

/** What a sync would do now, and who it leaves out and why (the same reasons the Mailchimp file gives). */
function PreviewResult({ preview }: { preview: MailchimpPreview }) {
  const format = useFormat();
  const [showLeftOut, setShowLeftOut] = useState(false);
  const reasons = new Map<LeftOutReason, number>();
  for (const l of preview.leftOut) reasons.set(l.reason, (reasons.get(l.reason) ?? 0) + 1);
  return (
    <Paper withBorder radius="md" p="md" role="group" aria-label="Preview">
      <Stack gap="xs">
        <Text size="sm" fw={600} c="bright" data-testid="mailchimp-preview">
          {previewSentence(preview.counts, format.count)}
        </Text>
        {preview.counts.unchanged > 0 ? (
          <Text size="sm" c="dimmed">
            {format.count(preview.counts.unchanged)} already as they are in Mailchimp: nothing to send for them.
          </Text>
        ) : null}
        {preview.leftOut.length > 0 ? (
          <>
            <Group gap="xs">
              {[...reasons].map(([reason, n]) => (
                <StatusBadge key={reason} tone="orange">
                  {leftOutLabels[reason].split(':')[0]}: {format.count(n)}
                </StatusBadge>
              ))}
            </Group>
            <Disclosure label="Who is left out, and why" opened={showLeftOut} onToggle={() => setShowLeftOut((o) => !o)}>
              <ScrollArea.Autosize mah={220} type="auto" viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': 'Left-out list' }}>
                <Table aria-label="Left out, and why" verticalSpacing="xs" fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Email</Table.Th>
                      <Table.Th>Reason</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {preview.leftOut.map((l) => (
                      <Table.Tr key={`${l.customerId}-${l.reason}`}>
                        <Table.Td style={{ overflowWrap: 'anywhere' }}>
                          <Anchor
                            href={`#/customers/${l.customerId}`}
                            onClick={(event) => {
                              event.preventDefault();
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
            </Disclosure>
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}

function DisconnectDialog({ opened, audienceName, onClose }: { opened: boolean; audienceName: string; onClose(): void }) {
  const disconnect = useApiMutation('mailchimp.disconnect');
  const [problem, setProblem] = useState<string | null>(null);
  const confirm = async () => {
    setProblem(null);
    try {
      await disconnect.mutateAsync({});
      onClose();
      notifyDone('Regulars no longer syncs with Mailchimp, and has forgotten the API key.');
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <Modal opened={opened} onClose={disconnect.isPending ? () => undefined : onClose} title="Disconnect from Mailchimp?" closeOnClickOutside={!disconnect.isPending}>
      <Stack gap="md">
        <Text size="sm">
          Regulars stops syncing with the audience {audienceName} and forgets the API key. Nothing is deleted, here or in Mailchimp: the members already there stay,
          and the sync log is kept. To sync again, connect with a key.
        </Text>
        {problem ? (
          <Alert color="red" role="alert" title="Still connected">
            {problem}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={disconnect.isPending}>
            Cancel
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={disconnect.isPending}>
            Disconnect
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
