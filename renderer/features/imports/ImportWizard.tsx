import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Progress,
  Radio,
  ScrollArea,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Stepper,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { StatusBadge, type StatusTone } from '../dashboard/StatusBadge';
import { keepPreviousData } from '@tanstack/react-query';
import { useId, useState } from 'react';
import {
  dateOrderLabels,
  dateOrders,
  importEncodings,
  importFields,
  importFormats,
  importMaxBytes,
  importMaxMegabytes,
  type DateOrder,
  type ImportEncoding,
  type ImportField,
  type ImportFormat,
  type ImportPreview,
  type ImportReport,
  type ImportRowPlan,
  type InputOf,
} from '../../../shared/contract';
import { isApiError, useApiMutation, useApiQuery } from '../../api';
import { notifyDone, notifyError } from '../../components/notify';
import { UndoIcon, UploadIcon } from '../../components/icons';
import '../dashboard/owner.css';
import { useFormat } from '../settings/settings';

export const formatLabels: Record<ImportFormat, string> = {
  generic: 'Spreadsheet (any CSV)',
  shopify: 'Shopify customers export',
  shopify_legacy: 'Shopify customers export (older)',
  square: 'Square customer directory',
  mailchimp: 'Mailchimp audience export',
};

export const encodingLabels: Record<ImportEncoding, string> = {
  utf8: 'UTF-8',
  utf16le: 'UTF-16 LE (Excel “Unicode text”)',
  windows1252: 'Windows-1252 (older Excel)',
};

export const fieldLabels: Record<ImportField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  name: 'Whole name (split in two)',
  phone: 'Phone',
  email: 'Email',
  address: 'Address',
  birthday: 'Birthday',
  tags: 'Tags',
  source: 'Source',
  note: 'Note',
  emailConsent: 'Email consent',
  smsConsent: 'SMS consent',
  openingPurchases: 'Orders before (imported)',
  openingSpent: 'Spent before (imported)',
};

/** 03/04/1990 as each order reads it, so the choice shows its effect. */
const dateOrderExamples: Record<DateOrder, string> = { dmy: '03/04/1990 is 3 April', mdy: '03/04/1990 is 4 March', ymd: '1990-04-03; 03/04/1990 is refused' };

const actionLabels: Record<ImportRowPlan['action'], { label: string; color: StatusTone }> = {
  create: { label: 'New', color: 'teal' },
  update: { label: 'Update', color: 'indigo' },
  skip: { label: 'Skip', color: 'gray' },
  invalid: { label: 'Error', color: 'red' },
};

type ImportInput = InputOf<'imports.preview'> & { mapping: Partial<Record<ImportField, string>> };

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

/**
 * Bringing a list in: choose a file, check the preview (format, encoding, columns, every row's
 * problems), choose what happens to people already in the book, import in one go, and undo if needed.
 */
export function ImportWizard() {
  const [input, setInput] = useState<ImportInput | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [undone, setUndone] = useState<{ removed: number; restored: number } | null>(null);
  const commit = useApiMutation('imports.commit');

  const step = report ? 3 : commit.isPending ? 2 : input ? 1 : 0;
  const restart = () => {
    setInput(null);
    setReport(null);
    setUndone(null);
    commit.reset();
  };

  const run = async () => {
    if (!input) return;
    try {
      const result = await commit.mutateAsync(input);
      setReport(result);
      notifyDone(`Import of ${input.fileName} finished: ${result.created} added, ${result.updated} updated`);
    } catch {
      // Shown on the preview step, which the user is back on.
    }
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="import-title">
      <Title order={2} fz="lg" id="import-title">
        Import customers
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        From a spreadsheet, Shopify, Square or a Mailchimp audience export. Nothing is written until you press Import, and a whole import can be
        undone.
      </Text>
      <Stepper active={step} size="sm" mb="lg" allowNextStepsSelect={false} aria-label="Import steps">
        <Stepper.Step label="Choose a file" />
        <Stepper.Step label="Check and map" />
        <Stepper.Step label="Import" />
        <Stepper.Step label="Report" />
      </Stepper>
      {step === 0 ? (
        <ChooseFile onChosen={setInput} />
      ) : step === 3 && report && input ? (
        <ImportDone report={report} fileName={input.fileName} undone={undone} onUndone={setUndone} onRestart={restart} />
      ) : input ? (
        <PreviewStep
          input={input}
          onChange={(next) => {
            commit.reset();
            setInput(next);
          }} onCancel={restart} onImport={run} importing={commit.isPending} commitError={commit.error} />
      ) : null}
    </Paper>
  );
}

function ChooseFile({ onChosen }: { onChosen(input: ImportInput): void }) {
  const inputId = useId();
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [dragging, setDragging] = useState(false);

  const take = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    if (file.size > importMaxBytes) return setError(`${file.name} is larger than ${importMaxMegabytes} MB. Split it into smaller files.`);
    setReading(true);
    try {
      const contentBase64 = await readAsBase64(file);
      onChosen({ fileName: file.name, contentBase64, format: 'auto', encoding: 'auto', mapping: {}, onDuplicate: 'skip', skipInvalid: false, dateOrder: 'auto' });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setReading(false);
    }
  };

  return (
    <Stack gap="sm">
      <Paper
        withBorder
        radius="md"
        p="xl"
        style={{ borderStyle: 'dashed', background: dragging ? 'var(--mantine-primary-color-light)' : undefined }}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          void take(event.dataTransfer.files[0]);
        }}
      >
        <Stack align="center" gap="xs">
          <UploadIcon size={28} />
          <Text fw={600} component="label" htmlFor={inputId}>
            Customer file
          </Text>
          <Text size="sm" c="dimmed" ta="center">
            A .csv file (or .txt from Excel). Drop it here, or choose it:
          </Text>
          <input
            id={inputId}
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            disabled={reading}
            onChange={(event) => {
              void take(event.currentTarget.files?.[0]);
              event.currentTarget.value = '';
            }}
          />
        </Stack>
      </Paper>
      {error ? (
        <Alert color="red" title="That file cannot be used">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}

/** How often the screen asks how far a commit is: often enough for a bar that moves, rarely enough to cost nothing. */
const PROGRESS_POLL_MS = 250;

/**
 * The commit's own progress, as the app around the book reports it (rows written of the file's
 * rows); before the first report, and once every row is written (the search index, the commit
 * itself), the bar says so in words rather than guess.
 */
function CommitProgress({ customers }: { customers: number }) {
  const format = useFormat();
  const progress = useApiQuery('imports.progress', {}, { refetchInterval: PROGRESS_POLL_MS, staleTime: 0, gcTime: 0 }).data ?? null;
  const percent = progress && progress.total > 0 ? Math.floor((progress.done * 100) / progress.total) : 0;
  const words =
    progress === null
      ? 'Reading the file…'
      : progress.done >= progress.total
        ? 'Every row is written; finishing…'
        : `${percent}%: ${format.count(progress.done)} of ${format.count(progress.total)} rows`;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        Importing {format.count(customers)} {customers === 1 ? 'customer' : 'customers'} in one go: {words}
      </Text>
      <Progress value={progress ? percent : 100} animated={progress === null || progress.done >= progress.total} striped size="lg" aria-label="Import progress" aria-valuetext={words} />
    </Stack>
  );
}

function PreviewStep({
  input,
  onChange,
  onCancel,
  onImport,
  importing,
  commitError,
}: {
  input: ImportInput;
  onChange(input: ImportInput): void;
  onCancel(): void;
  onImport(): void;
  importing: boolean;
  commitError: unknown;
}) {
  const format = useFormat();
  const preview = useApiQuery('imports.preview', input, { placeholderData: keepPreviousData, staleTime: Infinity, gcTime: 60_000, retry: false });
  const data = preview.data;
  const set = (patch: Partial<ImportInput>) => onChange({ ...input, ...patch });
  const willWrite = data ? data.counts.create + data.counts.update : 0;
  const blocked = data ? data.counts.invalid > 0 && !input.skipInvalid : true;

  if (preview.isError && !data) {
    return (
      <Stack gap="sm">
        <Alert color="red" title={`${input.fileName} could not be read`}>
          {preview.error.message}
        </Alert>
        <Button variant="default" w="fit-content" onClick={onCancel}>
          Choose another file
        </Button>
      </Stack>
    );
  }
  if (!data) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Reading the file">
        <Skeleton height={60} />
        <Skeleton height={160} />
        <Skeleton height={240} />
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Text fw={600} c="bright">
            {input.fileName}
          </Text>
          <Text size="sm" c="dimmed" aria-live="polite">
            {format.count(data.totalRows)} {data.totalRows === 1 ? 'row' : 'rows'}, read as {formatLabels[data.format]} in {encodingLabels[data.encoding]}
          </Text>
        </div>
        <Group gap="xs" role="group" aria-label="What the import will do">
          <CountBadge color="teal" label="new" n={data.counts.create} />
          <CountBadge color="indigo" label="to update" n={data.counts.update} />
          <CountBadge color="gray" label="to skip" n={data.counts.skip} />
          <CountBadge color="red" label={data.counts.invalid === 1 ? 'with errors' : 'with errors'} n={data.counts.invalid} />
        </Group>
      </Group>

      {preview.isError ? (
        <Alert color="red" title="That change did not work">
          {preview.error.message}
        </Alert>
      ) : null}

      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <Select
          label="File type"
          description="Detected from the columns; change it if it is wrong"
          value={input.format}
          onChange={(v) => set({ format: (v ?? 'auto') as ImportInput['format'], mapping: {} })}
          data={[{ value: 'auto', label: `Detect (found: ${formatLabels[data.format]})` }, ...importFormats.map((f) => ({ value: f, label: formatLabels[f] }))]}
          allowDeselect={false}
        />
        <Select
          label="Text encoding"
          description="Change it if names look garbled (Par√© for Paré)"
          value={input.encoding}
          onChange={(v) => set({ encoding: (v ?? 'auto') as ImportInput['encoding'] })}
          data={[{ value: 'auto', label: `Detect (found: ${encodingLabels[data.encoding]})` }, ...importEncodings.map((e) => ({ value: e, label: encodingLabels[e] }))]}
          allowDeselect={false}
        />
        <Select
          label="Dates in the file"
          description={`Read as ${dateOrderLabels[data.dateOrder]}: ${dateOrderExamples[data.dateOrder]}`}
          value={input.dateOrder ?? 'auto'}
          onChange={(v) => set({ dateOrder: (v ?? 'auto') as ImportInput['dateOrder'] })}
          data={[
            // Automatic: the order the file type documents (Square, Mailchimp), else the shop's country's.
            { value: 'auto', label: `Automatic (${dateOrderLabels[data.dateOrder]})` },
            ...dateOrders.map((order) => ({ value: order, label: `${dateOrderLabels[order][0].toUpperCase()}${dateOrderLabels[order].slice(1)}` })),
          ]}
          allowDeselect={false}
        />
      </SimpleGrid>

      <RowsTable preview={data} />

      <MappingGrid preview={data} input={input} onChange={(mapping) => set({ mapping })} />

      <Paper withBorder radius="md" p="md" component="fieldset" m={0} style={{ minWidth: 0 }}>
        <Text component="legend" fw={600} px={4}>
          Options
        </Text>
        <Group gap="xl" align="flex-start" wrap="wrap">
          <Radio.Group
            label="Someone already in your book"
            description="Matched by phone or email"
            value={input.onDuplicate}
            onChange={(v) => set({ onDuplicate: v as 'update' | 'skip' })}
          >
            <Group gap="md" mt={6}>
              <Radio value="skip" label="Skip them" />
              <Radio value="update" label="Update them with the file's details" />
            </Group>
          </Radio.Group>
          <Checkbox
            label="Skip rows with errors"
            description="Otherwise a file with any error imports nothing"
            checked={input.skipInvalid}
            onChange={(event) => set({ skipInvalid: event.currentTarget.checked })}
            mt={4}
          />
        </Group>
      </Paper>

      {isApiError(commitError) ? (
        <Alert color="red" title="Nothing was imported">
          {commitError.message}
        </Alert>
      ) : null}

      {importing ? <CommitProgress customers={willWrite} /> : null}

      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm" c={blocked && data.counts.invalid > 0 ? undefined : 'dimmed'} className={blocked && data.counts.invalid > 0 ? 'import-error' : undefined}>
          {blocked && data.counts.invalid > 0
            ? `${format.count(data.counts.invalid)} ${data.counts.invalid === 1 ? 'row has' : 'rows have'} errors: fix the file, or tick “Skip rows with errors”.`
            : willWrite === 0
              ? 'Nothing to add or update from this file.'
              : 'One transaction: either every row goes in, or none does.'}
        </Text>
        <Group gap="sm">
          <Button variant="default" onClick={onCancel} disabled={importing}>
            Cancel
          </Button>
          <Button leftSection={<UploadIcon size={16} />} onClick={onImport} loading={importing} disabled={blocked || willWrite === 0 || preview.isFetching}>
            Import {format.count(willWrite)} {willWrite === 1 ? 'customer' : 'customers'}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

function CountBadge({ color, label, n }: { color: StatusTone; label: string; n: number }) {
  const format = useFormat();
  return (
    <StatusBadge tone={n === 0 ? 'gray' : color} variant={n === 0 ? 'outline' : 'light'} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {format.count(n)} {label}
    </StatusBadge>
  );
}

function MappingGrid({ preview, input, onChange }: { preview: ImportPreview; input: ImportInput; onChange(mapping: Partial<Record<ImportField, string>>): void }) {
  const headers = preview.headers.map((h) => ({ value: h, label: h }));
  return (
    <Paper withBorder radius="md" p="md" component="fieldset" m={0} style={{ minWidth: 0 }}>
      <Text component="legend" fw={600} px={4}>
        Columns
      </Text>
      <Text size="sm" c="dimmed" mb="sm">
        Which column of the file holds each detail. Choose “Not imported” to leave a detail out.
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" verticalSpacing="xs">
        {importFields.map((field) => (
          <Select
            key={field}
            label={fieldLabels[field]}
            value={preview.mapping[field] ?? ''}
            data={[{ value: '', label: 'Not imported' }, ...headers]}
            onChange={(v) => onChange({ ...input.mapping, [field]: v ?? '' })}
            allowDeselect={false}
            searchable
            nothingFoundMessage="No such column"
          />
        ))}
      </SimpleGrid>
    </Paper>
  );
}

function RowsTable({ preview }: { preview: ImportPreview }) {
  const format = useFormat();
  const shown = preview.rows;
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text fw={600} id="import-rows-title">
          Rows
        </Text>
        <Text size="sm" c="dimmed">
          {shown.length < preview.totalRows ? `The first rows and every row with a problem: ${format.count(shown.length)} of ${format.count(preview.totalRows)}` : `All ${format.count(preview.totalRows)} rows`}
        </Text>
      </Group>
      <ScrollArea.Autosize mah={340} type="auto" offsetScrollbars viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': 'Rows of the file' }}>
        <Table aria-labelledby="import-rows-title" striped verticalSpacing="xs" stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th className="num" w={64}>
                Row
              </Table.Th>
              <Table.Th w={96}>Action</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Phone</Table.Th>
              <Table.Th>Notes</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((r) => (
              <Table.Tr key={r.row} data-row={r.row}>
                <Table.Td className="num">{r.row}</Table.Td>
                <Table.Td>
                  <StatusBadge size="md" tone={actionLabels[r.action].color}>
                    {actionLabels[r.action].label}
                  </StatusBadge>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.name || <Text span c="dimmed">No name</Text>}</Table.Td>
                <Table.Td>{r.email ?? ''}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.phone ? format.phone(r.phone) || r.phone : ''}</Table.Td>
                <Table.Td>
                  {r.errors.map((e) => (
                    <Text key={e} size="sm" className="import-error">
                      {e}
                    </Text>
                  ))}
                  {r.customerId && r.errors.length === 0 && r.warnings.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      Already in your book: {r.action === 'update' ? 'their details will be updated' : 'left as they are'}
                    </Text>
                  ) : null}
                  {r.warnings.map((w) => (
                    <Text key={w} size="sm" className="import-warning">
                      {w}
                    </Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Stack>
  );
}

function ImportDone({
  report,
  fileName,
  undone,
  onUndone,
  onRestart,
}: {
  report: ImportReport;
  fileName: string;
  undone: { removed: number; restored: number } | null;
  onUndone(result: { removed: number; restored: number }): void;
  onRestart(): void;
}) {
  const format = useFormat();
  const [confirming, setConfirming] = useState(false);
  const undo = useApiMutation('imports.undo');

  const doUndo = async () => {
    if (!report.batchId) return;
    try {
      const result = await undo.mutateAsync({ batchId: report.batchId });
      onUndone(result);
      setConfirming(false);
      notifyDone(`Import of ${fileName} undone: ${result.removed} removed, ${result.restored} restored`);
    } catch (error) {
      notifyError(error, 'The import was not undone');
    }
  };

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text size="sm" fw={500} id="import-done-label">
          {undone ? 'Import undone' : 'Import complete'}
        </Text>
        <Progress value={100} size="lg" color={undone ? 'gray' : 'teal'} aria-label="Import progress" />
      </Stack>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" role="group" aria-label="Import report">
        <ReportNumber label="Created" value={report.created} />
        <ReportNumber label="Updated" value={report.updated} />
        <ReportNumber label="Skipped" value={report.skipped} />
        <ReportNumber label="Errors" value={report.errors.length} />
      </SimpleGrid>
      {report.errors.length > 0 ? (
        <Stack gap={4}>
          <Text fw={600} id="import-errors-title">
            Rows left out with errors
          </Text>
          <ScrollArea.Autosize mah={240} type="auto" viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': 'Rows with errors' }}>
            <Table aria-labelledby="import-errors-title" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th className="num" w={64}>
                    Row
                  </Table.Th>
                  <Table.Th>Error</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.errors.map((e) => (
                  <Table.Tr key={e.row}>
                    <Table.Td className="num">{e.row}</Table.Td>
                    <Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </Stack>
      ) : null}
      {undone ? (
        <Alert color="gray" title="This import was undone" role="status">
          {format.count(undone.removed)} {undone.removed === 1 ? 'customer it added was' : 'customers it added were'} removed and {format.count(undone.restored)}{' '}
          {undone.restored === 1 ? 'updated customer was' : 'updated customers were'} put back as before.
        </Alert>
      ) : (
        <Alert color="teal" title={`${fileName} is in your book`} role="status">
          Import {report.batchId}: {format.count(report.created)} added, {format.count(report.updated)} updated, {format.count(report.skipped)} skipped. Changed your
          mind? Undo removes everyone it added and puts updated customers back as they were.
        </Alert>
      )}
      <Group gap="sm">
        {undone || !report.batchId ? null : (
          <Button variant="default" color="red" leftSection={<UndoIcon size={16} />} onClick={() => setConfirming(true)}>
            Undo this import
          </Button>
        )}
        <Button variant={undone ? 'filled' : 'light'} onClick={onRestart}>
          Import another file
        </Button>
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Undo this import?">
        <Stack gap="md">
          <Text size="sm">
            The {format.count(report.created)} {report.created === 1 ? 'customer' : 'customers'} it added are removed, and the {format.count(report.updated)} it updated
            go back to how they were. A customer with a sale since cannot be removed: then nothing is undone.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="red" onClick={doUndo} loading={undo.isPending} data-autofocus>
              Undo import
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function ReportNumber({ label, value }: { label: string; value: number }) {
  const format = useFormat();
  const id = useId();
  return (
    <Paper withBorder radius="md" px="md" py="sm" role="group" aria-labelledby={id}>
      <Text size="sm" c="dimmed" id={id}>
        {label}
      </Text>
      <Text fz="xl" fw={700} c="bright" style={{ fontVariantNumeric: 'tabular-nums' }} data-report-value>
        {format.count(value)}
      </Text>
    </Paper>
  );
}
