import { Alert, Box, Button, Center, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import type { AuthStatus, BackupFile } from '../../../shared/contract';
import { formatDateTime, formatRelative } from '../../../shared/format/time';
import { useApiQuery } from '../../api';
import { AlertIcon, UndoIcon } from '../../components/icons';
import { AppName } from '../../components/AppName';
import { notifyDone } from '../../components/notify';
import { useSession } from '../auth/session';
import { BackupsLoadError, BackupTable, RestoreDialog, useRestoreBackup, type WhenFormat } from './BackupTable';

export interface DamagedBookScreenProps {
  damaged: NonNullable<AuthStatus['damaged']>;
  /**
   * After a backup was restored; by default the session asks the core again and shows sign-in.
   * Return the promise so the "restored" toast lands after the sign-in screen has cleared old ones.
   */
  onRestored?(): void | Promise<void>;
}

/**
 * Shown instead of sign-in when the book failed its integrity check at opening. Nothing can be read
 * or written and no PIN can be checked, so the one offer is a restore, which the core allows here
 * without a session. The shop's settings are in the damaged book too: times use this computer's.
 */
export function DamagedBookScreen({ damaged, onRestored }: DamagedBookScreenProps) {
  const session = useSession();
  const list = useApiQuery('backups.list', {});
  const when = useMemo<WhenFormat>(() => ({ exact: (iso) => formatDateTime(iso), relative: (iso) => formatRelative(iso, new Date()) }), []);

  const restore = useRestoreBackup(async (_report, backup) => {
    await (onRestored ? onRestored() : session.refresh());
    notifyDone(`The customer book is back to ${when.exact(backup.at)}. Sign in to carry on.`, { title: 'Backup restored', autoClose: 10_000 });
  });

  const newest: BackupFile | null = damaged.newestBackup
    ? (list.data?.backups.find((b) => b.file === damaged.newestBackup?.file) ?? { ...damaged.newestBackup, bytes: 0, kind: 'automatic' })
    : null;

  return (
    <Center mih="100vh" p="md" component="main" aria-labelledby="damaged-title">
      <Stack gap="lg" w="100%" maw={860}>
        <AppName />
        <Paper withBorder radius="md" p="xl" shadow="sm">
          <Stack gap="md">
            <Group gap="sm" wrap="nowrap">
              <Box c="var(--owner-status-red, var(--mantine-color-red-7))" style={{ display: 'flex' }}>
                <AlertIcon size={28} />
              </Box>
              <Title order={1} fz="h2" id="damaged-title">
                The customer book is damaged
              </Title>
            </Group>
            <Text>
              Regulars checks the customer book each time it opens, and this time the check failed. Nothing has been written to it since, so nothing more is lost.
              Restore a backup to carry on: the damaged file is kept as a pre-restore backup.
            </Text>
            <details className="damaged-details">
              <summary>
                <Text span size="sm">
                  What the check found, for whoever looks after this computer
                </Text>
              </summary>
              <Code block mt="xs" className="damaged-message">
                {damaged.message}
              </Code>
            </details>
            {newest ? (
              <Group gap="md" wrap="wrap">
                <Button size="md" leftSection={<UndoIcon size={18} />} onClick={() => restore.ask(newest)} data-autofocus>
                  Restore the newest good backup
                </Button>
                <Text size="sm">
                  Taken{' '}
                  <time dateTime={newest.at} title={when.relative?.(newest.at)}>
                    <strong>{when.exact(newest.at)}</strong>
                  </time>
                </Text>
              </Group>
            ) : (
              <Alert color="orange" title="No good backup was found">
                Copy a Regulars backup file into the backup folder{list.data ? <> (<Code>{list.data.folder}</Code>)</> : null}, then check again. If there is none, ask
                whoever looks after this computer for help before anything is deleted.
              </Alert>
            )}
          </Stack>
        </Paper>

        <Paper withBorder radius="md" component="section" aria-labelledby="damaged-backups-title" style={{ overflow: 'hidden' }}>
          <Group justify="space-between" px="md" pt="md" pb="xs">
            <Title order={2} fz="lg" id="damaged-backups-title">
              All backups
            </Title>
            <Button variant="default" size="xs" onClick={() => list.refetch()} loading={list.isFetching}>
              Check again
            </Button>
          </Group>
          {list.isError ? (
            <BackupsLoadError message={list.error.message} />
          ) : list.data && list.data.backups.length === 0 ? (
            <Text size="sm" c="dimmed" px="md" pb="md">
              There are no backups in {list.data.folder}.
            </Text>
          ) : (
            <BackupTable label="All backups" backups={list.data?.backups} when={when} onRestore={restore.ask} highlight={damaged.newestBackup?.file} />
          )}
        </Paper>
      </Stack>

      <RestoreDialog damaged backup={restore.target} when={when} pending={restore.pending} problem={restore.problem} onCancel={restore.cancel} onConfirm={restore.confirm} />
    </Center>
  );
}

export default DamagedBookScreen;
