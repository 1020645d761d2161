import { Stack, Text, Title } from '@mantine/core';
import { ExportCard } from '../exports/ExportCard';
import { ImportWizard } from './ImportWizard';

/** Bringing lists in (with a preview and undo) and taking them out (Mailchimp, customers, sales). */
export function ImportExportScreen() {
  return (
    <Stack gap="md" pb="xl">
      <div>
        <Title order={1} fz="h2">
          Import / Export
        </Title>
        <Text c="dimmed" size="sm">
          Bring in the lists you already have, and send your customers where they need to go, only with their consent.
        </Text>
      </div>
      <ImportWizard />
      <ExportCard />
    </Stack>
  );
}
