import { Alert, Anchor, Button, EmptyState, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { BackupFile } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../../api';
import { hrefOf } from '../../app/router';
import { CopyValue } from '../../components/CopyValue';
import { DatabaseIcon } from '../../components/icons';
import { notifyDone, notifyError } from '../../components/notify';
import { useSession } from '../auth/session';
import { useFormat, useSettings } from '../settings/settings';
import '../dashboard/owner.css';
import { BackupsLoadError, BackupTable, RestoreDialog, fileName, formatBytes, useRestoreBackup, type WhenFormat } from './BackupTable';

/** The backup folder, "Back up now", and every copy in it with a way back to it. */
export function BackupsScreen() {
  const settings = useSettings();
  const format = useFormat();
  const session = useSession();
  const list = useApiQuery('backups.list', {});
  const create = useApiMutation('backups.create');
  const [made, setMade] = useState<BackupFile | null>(null);
  const when = useMemo<WhenFormat>(() => ({ exact: format.dateTime, relative: format.relative, locale: settings.locale }), [format, settings.locale]);

  const restore = useRestoreBackup(async (_report, backup) => {
    // The restored book has its own staff and PINs, and the core has ended every session: back to sign-in.
    await session.refresh();
    notifyDone(`The customer book is back to ${when.exact(backup.at)}. The book as it was is kept as a pre-restore backup.`, { title: 'Backup restored: sign in again', autoClose: 10_000 });
  });

  const backUpNow = async () => {
    try {
      const backup = await create.mutateAsync({});
      setMade(backup);
      notifyDone(`Backup made: ${fileName(backup.file)}`);
    } catch (error) {
      notifyError(error, 'No backup was made');
    }
  };

  return (
    <Stack gap="md" pb="xl">
      <div>
        <Title order={1} fz="h2">
          Backups
        </Title>
        <Text c="dimmed" size="sm">
          Whole copies of the customer book, checked before they are kept. Regulars makes one when it opens on a new day, after the first change each day, every few hours while in use, and when it closes; make your own before a big change such as an import.
        </Text>
      </div>

      <Paper withBorder radius="md" p="md" component="section" aria-labelledby="backup-folder-title">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
          <Stack gap={4} miw={0}>
            <Text id="backup-folder-title" fw={600} size="sm">
              Backup folder
            </Text>
            {list.data ? (
              <CopyValue label="Backup folder" value={list.data.folder}>
                <Text span size="sm" ff="monospace" className="backup-folder" title={list.data.folder}>
                  {list.data.folder}
                </Text>
              </CopyValue>
            ) : (
              <Text size="sm" c="dimmed">
                …
              </Text>
            )}
            <Text size="sm" c="dimmed">
              {settings.backupFolder ? 'Chosen in ' : 'Beside the customer book. To keep copies elsewhere, e.g. on a USB drive, choose a folder in '}
              <Anchor href={hrefOf({ name: 'settings' })} size="sm" underline="always">
                Settings
              </Anchor>
              .
            </Text>
          </Stack>
          <Button leftSection={<DatabaseIcon size={16} />} onClick={backUpNow} loading={create.isPending} style={{ flexShrink: 0 }}>
            Back up now
          </Button>
        </Group>
        {made ? (
          <Alert
            color="teal"
            mt="md"
            title="Backup made"
            role="status"
            withCloseButton
            onClose={() => setMade(null)}
            closeButtonLabel="Dismiss"
            styles={{ title: { color: 'var(--owner-status-teal)' } }}
          >
            <Text size="sm">
              <Text span ff="monospace" size="sm" className="backup-folder">
                {made.file}
              </Text>{' '}
              · {formatBytes(made.bytes, settings.locale)} · {when.exact(made.at)}
            </Text>
          </Alert>
        ) : null}
      </Paper>

      <Paper withBorder radius="md" component="section" aria-labelledby="backups-title" style={{ overflow: 'hidden' }}>
        <Group justify="space-between" px="md" pt="md" pb="xs">
          <Title order={2} fz="lg" id="backups-title">
            Backups in the folder
          </Title>
          {list.data ? (
            <Text size="sm" c="dimmed">
              {format.count(list.data.backups.length)} {list.data.backups.length === 1 ? 'backup' : 'backups'}
            </Text>
          ) : null}
        </Group>
        {list.isError ? (
          <BackupsLoadError message={list.error.message} />
        ) : list.data && list.data.backups.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<DatabaseIcon size={28} />}
            withIndicatorBackground
            title="No backups yet"
            description="Make the first one now. After that Regulars keeps a daily copy by itself."
          />
        ) : (
          <BackupTable label="Backups" backups={list.data?.backups} when={when} onRestore={restore.ask} highlight={made?.file} />
        )}
      </Paper>

      <RestoreDialog backup={restore.target} when={when} pending={restore.pending} problem={restore.problem} onCancel={restore.cancel} onConfirm={restore.confirm} />
    </Stack>
  );
}
