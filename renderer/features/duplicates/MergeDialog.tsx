import { Alert, Button, Group, Modal, Radio, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { mergeableFields, type Customer, type DuplicatePair, type InputOf, type MergeableField } from '../../../shared/contract';
import { useApiMutation } from '../../api';
import { navigate } from '../../app/router';
import { AlertIcon } from '../../components/icons';
import { notifyDone } from '../../components/notify';
import { typeLabels } from '../customers/labels';
import { useFormat, type Formatters } from '../settings/settings';

type Side = 'a' | 'b';
type Choice = Side | 'both';

const fieldLabels: Record<MergeableField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  phone: 'Phone',
  email: 'Email',
  address: 'Address',
  birthday: 'Birthday',
  type: 'Type',
  source: 'Source',
  tags: 'Tags',
};

function shown(customer: Customer, field: MergeableField, format: Formatters): string {
  switch (field) {
    case 'phone':
      return format.phone(customer.phoneE164) || customer.phone || '';
    case 'type':
      return typeLabels[customer.type];
    case 'tags':
      return customer.tags.join(', ');
    default:
      return customer[field] ?? '';
  }
}

/** The record kept by default: the one with more purchases, then the older one. */
function defaultKeep(pair: DuplicatePair): Side {
  if (pair.a.purchases !== pair.b.purchases) return pair.a.purchases > pair.b.purchases ? 'a' : 'b';
  return pair.a.createdAt <= pair.b.createdAt ? 'a' : 'b';
}

/** Each field starts with the kept record's value, or the other's where the kept one has none. */
function defaultChoices(pair: DuplicatePair, keep: Side, format: Formatters): Partial<Record<MergeableField, Choice>> {
  const other: Side = keep === 'a' ? 'b' : 'a';
  const choices: Partial<Record<MergeableField, Choice>> = {};
  for (const field of mergeableFields) {
    if (field === 'tags') {
      choices.tags = 'both';
      continue;
    }
    choices[field] = shown(pair[keep], field, format) === '' ? other : keep;
  }
  return choices;
}

export function MergeDialog({ pair, onClose }: { pair: DuplicatePair | null; onClose(): void }) {
  return (
    <Modal opened={pair !== null} onClose={onClose} title="Merge two customers" size="xl">
      {pair ? <MergeForm key={`${pair.a.id}-${pair.b.id}`} pair={pair} onDone={onClose} /> : null}
    </Modal>
  );
}

function MergeForm({ pair, onDone }: { pair: DuplicatePair; onDone(): void }) {
  const format = useFormat();
  const [keep, setKeep] = useState<Side>(() => defaultKeep(pair));
  const [choices, setChoices] = useState(() => defaultChoices(pair, keep, format));
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const merge = useApiMutation('customers.merge');

  const kept = pair[keep];
  const other = pair[keep === 'a' ? 'b' : 'a'];
  const fields = mergeableFields.filter((f) => shown(pair.a, f, format) !== '' || shown(pair.b, f, format) !== '');
  const differing = fields.filter((f) => shown(pair.a, f, format) !== shown(pair.b, f, format));
  const same = fields.filter((f) => !differing.includes(f));

  const changeKeep = (side: Side) => {
    setKeep(side);
    setChoices(defaultChoices(pair, side, format));
  };

  const take: InputOf<'customers.merge'>['take'] = {};
  for (const field of differing) {
    const choice = choices[field];
    if (choice === 'both' || choice === undefined) continue;
    take[field] = choice === keep ? 'keep' : 'other';
  }

  const submit = async () => {
    setError(null);
    try {
      const survivor = await merge.mutateAsync({ keepId: kept.id, otherId: other.id, take });
      notifyDone(`${other.name} merged into ${survivor.name}: ${format.count(survivor.history.purchases)} purchases, ${format.money(survivor.history.totalSpent)} in total`);
      onDone();
      navigate({ name: 'customer', id: survivor.id });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setConfirming(false);
    }
  };

  const who = (c: Customer) => `${c.name} (#${c.id})`;

  if (confirming) {
    return (
      <Stack gap="md">
        <Alert color="red" icon={<AlertIcon size={18} />} title="A merge cannot be undone" role="alert">
          <Text size="sm">
            {who(other)} will be archived and marked as merged. Their {format.count(other.purchases)}{' '}
            {other.purchases === 1 ? 'purchase' : 'purchases'} ({format.money(other.totalSpent)}), notes, preferences and timeline
            move to {who(kept)}, whose totals are recounted from every sale.
          </Text>
        </Alert>
        <Text size="sm">
          After the merge, {kept.name} will have {format.count(kept.purchases + other.purchases)} purchases worth{' '}
          {format.money(kept.totalSpent + other.totalSpent)}.
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => setConfirming(false)}>
            Back
          </Button>
          <Button color="red" onClick={submit} loading={merge.isPending} data-autofocus>
            Merge for good
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Radio.Group
        label="Which record stays?"
        description="The other is archived and points to this one. Its sales, notes and history move over."
        value={keep}
        onChange={(v) => changeKeep(v as Side)}
      >
        <Group mt="xs" gap="lg">
          {(['a', 'b'] as const).map((side) => (
            <Radio
              key={side}
              value={side}
              label={who(pair[side])}
              description={`${format.count(pair[side].purchases)} ${pair[side].purchases === 1 ? "purchase" : "purchases"} · ${format.money(pair[side].totalSpent)}`}
            />
          ))}
        </Group>
      </Radio.Group>

      {differing.length > 0 ? (
        <Table layout="fixed" aria-label="Choose the values to keep" verticalSpacing="xs">
          <colgroup>
            <col style={{ width: 130 }} />
            <col />
          </colgroup>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Field</Table.Th>
              <Table.Th>Value to keep</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {differing.map((field) => (
              <Table.Tr key={field}>
                <Table.Td fw={600}>{fieldLabels[field]}</Table.Td>
                <Table.Td>
                  <Radio.Group
                    aria-label={fieldLabels[field]}
                    value={choices[field]}
                    onChange={(v) => setChoices((c) => ({ ...c, [field]: v as Choice }))}
                  >
                    <Group gap="lg" wrap="wrap">
                      {(['a', 'b'] as const).map((side) => (
                        <Radio
                          key={side}
                          value={side}
                          label={shown(pair[side], field, format) || 'None'}
                          description={`From ${pair[side].name} (#${pair[side].id})`}
                          styles={{ label: { fontVariantNumeric: 'tabular-nums' } }}
                        />
                      ))}
                      {field === 'tags' ? <Radio value="both" label="Both" description="Every tag from each" /> : null}
                    </Group>
                  </Radio.Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {same.length > 0 ? (
        <Text size="sm" c="dimmed">
          The same on both: {same.map((f) => `${fieldLabels[f].toLowerCase()} (${shown(pair.a, f, format)})`).join(', ')}.
        </Text>
      ) : null}

      {error ? (
        <Alert color="red" title="The customers were not merged" role="alert">
          {error}
        </Alert>
      ) : null}

      <Text size="sm">
        Keeping <strong>{who(kept)}</strong>; {who(other)} will be merged into them.
      </Text>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button onClick={() => setConfirming(true)}>Review merge</Button>
      </Group>
    </Stack>
  );
}
