import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { DiagnosticsFile } from '../../../shared/contract';
import { useApiMutation } from '../../api';
import { CopyValue } from '../../components/CopyValue';
import { DownloadIcon } from '../../components/icons';
import { notifyError } from '../../components/notify';

/** "Make a file for support": the zip's place is shown, since the dev host cannot open a folder for the owner. */
export function DiagnosticsPanel() {
  const create = useApiMutation('diagnostics.create');
  const [made, setMade] = useState<DiagnosticsFile | null>(null);

  const makeFile = async () => {
    try {
      setMade(await create.mutateAsync({}));
    } catch (error) {
      notifyError(error, 'No file for support was made');
    }
  };

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="support-title">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
          <div>
            <Title order={2} fz="lg" id="support-title">
              Help from support
            </Title>
            <Text size="sm" c="dimmed">
              A zip of the support log, the versions, these settings and the customer book’s own check. It holds no customer details and no PINs.
            </Text>
          </div>
          <Button variant="default" leftSection={<DownloadIcon size={16} />} onClick={makeFile} loading={create.isPending} style={{ flexShrink: 0 }}>
            Make a file for support
          </Button>
        </Group>
        {made ? (
          <Alert color="teal" title="File for support made" role="status">
            <Stack gap={4}>
              <Text size="sm">{made.shown ? 'It is shown in your file manager. Send it to support:' : 'Send this file to support:'}</Text>
              <CopyValue label="File path" value={made.file}>
                <Text span size="sm" ff="monospace" data-testid="diagnostics-file" style={{ wordBreak: 'break-all' }}>
                  {made.file}
                </Text>
              </CopyValue>
            </Stack>
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}
