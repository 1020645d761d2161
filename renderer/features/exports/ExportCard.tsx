import { Button, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { call } from '../../api';
import { notifyDone, notifyError } from '../../components/notify';
import { DownloadIcon, MailIcon } from '../../components/icons';
import { useFormat, useSettings } from '../settings/settings';
import { fileDate, saveText } from './download';
import { MailchimpExportDialog } from './MailchimpExportDialog';

type Job = 'customers-csv' | 'customers-json' | 'sales-csv';

/** The owner's exports: a Mailchimp list, every customer, every sale. */
export function ExportCard() {
  const settings = useSettings();
  const format = useFormat();
  const [mailchimp, setMailchimp] = useState(false);
  const [busy, setBusy] = useState<Job | null>(null);

  const run = async (job: Job) => {
    setBusy(job);
    try {
      const date = fileDate(settings.timeZone);
      if (job === 'sales-csv') {
        const file = await call('exports.sales', {});
        saveText(`sales-${date}.csv`, file.content);
        notifyDone(`sales-${date}.csv saved: ${format.count(file.rows)} ${file.rows === 1 ? 'sale' : 'sales'}`);
      } else {
        const kind = job === 'customers-json' ? 'json' : 'csv';
        const file = await call('exports.customers', { format: kind });
        saveText(`customers-${date}.${kind}`, file.content, kind === 'json' ? 'application/json' : undefined);
        notifyDone(`customers-${date}.${kind} saved: ${format.count(file.rows)} ${file.rows === 1 ? 'customer' : 'customers'}`);
      }
    } catch (error) {
      notifyError(error, 'The export did not work');
    } finally {
      setBusy(null);
    }
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="export-title">
      <Title order={2} fz="lg" id="export-title" mb="sm">
        Export
      </Title>
      <Stack gap="sm">
        <ExportRow title="Mailchimp" description="Customers who agreed to email offers, in Mailchimp's import columns. All of them or one segment.">
          <Button leftSection={<MailIcon size={16} />} onClick={() => setMailchimp(true)}>
            Export to Mailchimp…
          </Button>
        </ExportRow>
        <Divider />
        <ExportRow title="All customers" description="Every customer with their contact details and history: purchases, total spent, last visit.">
          <Button variant="default" leftSection={<DownloadIcon size={16} />} loading={busy === 'customers-csv'} onClick={() => run('customers-csv')}>
            Customers CSV
          </Button>
          <Button variant="default" leftSection={<DownloadIcon size={16} />} loading={busy === 'customers-json'} onClick={() => run('customers-json')}>
            Customers JSON
          </Button>
        </ExportRow>
        <Divider />
        <ExportRow title="All sales" description="Every sale, voided ones marked, for your accountant or a spreadsheet.">
          <Button variant="default" leftSection={<DownloadIcon size={16} />} loading={busy === 'sales-csv'} onClick={() => run('sales-csv')}>
            Sales CSV
          </Button>
        </ExportRow>
      </Stack>
      <MailchimpExportDialog opened={mailchimp} onClose={() => setMailchimp(false)} />
    </Paper>
  );
}

function ExportRow({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md">
      <div style={{ minWidth: 0 }}>
        <Text fw={600} c="bright">
          {title}
        </Text>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      </div>
      <Group gap="xs" wrap="nowrap">
        {children}
      </Group>
    </Group>
  );
}
