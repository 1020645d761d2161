import { Alert, Button, Group, Modal, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import type { BackupFile, RestoreReport } from '../../../shared/contract';
import { call } from '../../api';
import { UndoIcon } from '../../components/icons';
import './backups.css';

export const kindLabels: Record<BackupFile['kind'], string> = {
  automatic: 'Automatic',
  manual: 'Made by hand',
  'pre-restore': 'Before a restore',
};

/** The same kinds inside a sentence: "…, from a backup made by hand." */
const kindPhrases: Record<BackupFile['kind'], string> = {
  automatic: 'an automatic backup',
  manual: 'a backup made by hand',
  'pre-restore': 'the copy kept just before a restore',
};

/** The file's own name, whichever separator the shop's computer uses. */
export const fileName = (file: string) => file.split(/[\\/]/).pop() ?? file;

/** "2.4 MB": enough to see a backup is not empty, in the shop's number format. */
export function formatBytes(bytes: number, locale?: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}

/**
 * How a backup's time is written. The damaged-book screen has no shop settings to read (the book
 * cannot be opened), so the screens pass their own formatter in.
 */
export interface WhenFormat {
  exact(iso: string): string;
  relative?(iso: string): string;
  locale?: string;
}

/** Every backup in the folder, newest first, each with a Restore… button. */
export function BackupTable({
  backups,
  when,
  onRestore,
  highlight,
  label,
}: {
  backups: BackupFile[] | undefined;
  when: WhenFormat;
  onRestore(backup: BackupFile): void;
  /** A backup to mark, e.g. the one just made. */
  highlight?: string | null;
  label: string;
}) {
  return (
    <Table layout="fixed" highlightOnHover verticalSpacing="xs" aria-label={label}>
      <colgroup>
        <col style={{ width: 190 }} />
        <col style={{ width: 150 }} />
        <col style={{ width: 100 }} />
        <col />
        <col style={{ width: 170 }} />
      </colgroup>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Taken</Table.Th>
          <Table.Th>Kind</Table.Th>
          <Table.Th ta="right">Size</Table.Th>
          <Table.Th>File</Table.Th>
          <Table.Th>
            <VisuallyHidden>Actions</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {!backups
          ? Array.from({ length: 3 }, (_, i) => (
              <Table.Tr key={i}>
                <Table.Td colSpan={5}>
                  <Skeleton height={20} />
                </Table.Td>
              </Table.Tr>
            ))
          : backups.map((backup) => {
              const taken = when.exact(backup.at);
              const isNew = highlight != null && backup.file === highlight;
              return (
                <Table.Tr key={backup.file} data-kind={backup.kind} data-new={isNew || undefined} className={isNew ? 'backup-new' : undefined}>
                  <Table.Td>
                    <time dateTime={backup.at} title={when.relative?.(backup.at)} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                      {taken}
                    </time>
                  </Table.Td>
                  <Table.Td>{kindLabels[backup.kind]}</Table.Td>
                  <Table.Td className="num">{formatBytes(backup.bytes, when.locale)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" className="cell-truncate" title={backup.file} ff="monospace">
                      {fileName(backup.file)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" variant="default" leftSection={<UndoIcon size={14} />} onClick={() => onRestore(backup)} aria-label={`Restore the backup taken ${taken}`}>
                      Restore…
                    </Button>
                  </Table.Td>
                </Table.Tr>
              );
            })}
      </Table.Tbody>
    </Table>
  );
}

/**
 * The one confirmation before the whole book is swapped: what comes back, that nothing is lost
 * (the book as it is now is kept), and that everyone signs in again.
 */
export function RestoreDialog({
  backup,
  when,
  pending,
  problem,
  onCancel,
  onConfirm,
  damaged = false,
}: {
  backup: BackupFile | null;
  when: WhenFormat;
  pending: boolean;
  problem: string | null;
  onCancel(): void;
  onConfirm(backup: BackupFile): void;
  /** A damaged book has no session to end and no one signed in: the wording says so. */
  damaged?: boolean;
}) {
  const taken = backup ? when.exact(backup.at) : '';
  return (
    <Modal opened={backup !== null} onClose={pending ? () => undefined : onCancel} title="Restore this backup?" closeOnClickOutside={!pending}>
      {backup ? (
        <Stack gap="md">
          <Text size="sm">
            The customer book goes back to how it was on <strong>{taken}</strong>, from {kindPhrases[backup.kind]}. Anything recorded since then will not be in
            it.
          </Text>
          <Text size="sm">
            {damaged
              ? 'The damaged book is kept as a pre-restore backup, so nothing is thrown away.'
              : 'The book as it is now is kept as a pre-restore backup, so you can go back to it.'}{' '}
            Everyone, you included, signs in again afterwards.
          </Text>
          {problem ? (
            <Alert color="red" role="alert" title="The backup was not restored">
              {problem}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onCancel} disabled={pending}>
              Cancel
            </Button>
            <Button color="red.8" onClick={() => onConfirm(backup)} loading={pending} data-autofocus>
              Restore backup
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

export function BackupsLoadError({ message }: { message: string }) {
  return (
    <Alert color="red" m="md" title="The backups could not be listed">
      {message}
    </Alert>
  );
}

/** Which backup is being confirmed, and the restore itself once confirmed. */
export function useRestoreBackup(onRestored: (report: RestoreReport, backup: BackupFile) => void | Promise<void>) {
  const [target, setTarget] = useState<BackupFile | null>(null);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const confirm = async (backup: BackupFile) => {
    setPending(true);
    setProblem(null);
    try {
      // A plain call rather than a mutation: a mutation would refetch every query at once, against a
      // session the restore has just ended. The caller starts over from the sign-in screen instead.
      const report = await call('backups.restore', { file: backup.file });
      setTarget(null);
      await onRestored(report, backup);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setPending(false);
    }
  };

  return {
    target,
    pending,
    problem,
    ask: (backup: BackupFile) => {
      setProblem(null);
      setTarget(backup);
    },
    cancel: () => setTarget(null),
    confirm,
  };
}
