import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { consentWordingInput, suppressionKinds, type Suppression } from '../../../shared/contract';
import { isApiError, useApiMutation } from '../../api';
import { notifyDone, notifyError } from '../../components/notify';
import { methodLabels, staffMethods } from '../consent/labels';
import { useFormat } from '../settings/settings';
import { addressOf, kindLabels, reasonLabels } from './labels';

const addSchema = z.object({
  kind: z.enum(suppressionKinds),
  value: z.string().trim().min(1, 'Enter the email address or phone number'),
  note: z.string().trim().min(1, 'Say why the address must not be contacted').max(500, 'At most 500 characters'),
});
type AddValues = z.input<typeof addSchema>;

/** The message a refusal puts above the buttons when no field can hold it. */
function Problem({ message }: { message: string | null }) {
  return message ? (
    <Alert color="red" role="alert" title="Not saved">
      {message}
    </Alert>
  ) : null;
}

export function AddSuppressionDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add an address to the suppression list">
      {opened ? <AddSuppressionForm onDone={onClose} /> : null}
    </Modal>
  );
}

function AddSuppressionForm({ onDone }: { onDone(): void }) {
  const form = useForm<AddValues>({ resolver: zodResolver(addSchema), defaultValues: { kind: 'email', value: '', note: '' } });
  const { control, register, handleSubmit, formState, setError } = form;
  const kind = useWatch({ control, name: 'kind' });
  const add = useApiMutation('suppression.add');
  const format = useFormat();
  const [problem, setProblem] = useState<string | null>(null);

  const submit = handleSubmit(async (v) => {
    setProblem(null);
    try {
      const added = await add.mutateAsync({ kind: v.kind, value: v.value, note: v.note });
      notifyDone(`${addressOf(added, format)} is on the suppression list`);
      onDone();
    } catch (error) {
      if (!isApiError(error)) return notifyError(error, 'The address was not added');
      // A refusal about the address (not one, or already listed) goes under it; anything else above the buttons.
      if (error.fields.value || error.code === 'conflict') setError('value', { type: 'server', message: error.message }, { shouldFocus: true });
      else setProblem(error.message);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">Nothing will be sent to this address again, by email, text or Mailchimp, until the person agrees again.</Text>
        <Controller
          control={control}
          name="kind"
          render={({ field }) => (
            <Stack gap={4}>
              <Text size="sm" fw={500} id="suppression-kind-label">
                Kind
              </Text>
              <SegmentedControl
                aria-labelledby="suppression-kind-label"
                value={field.value}
                onChange={(value) => field.onChange(value)}
                data={suppressionKinds.map((k) => ({ value: k, label: kindLabels[k] }))}
                w="fit-content"
              />
            </Stack>
          )}
        />
        <TextInput
          label={kind === 'email' ? 'Email address' : 'Phone number'}
          placeholder={kind === 'email' ? 'e.g. ama@example.com' : 'e.g. 024 412 3456'}
          type={kind === 'email' ? 'email' : 'tel'}
          autoComplete="off"
          spellCheck={false}
          withAsterisk
          data-autofocus
          {...register('value')}
          error={formState.errors.value?.message}
        />
        <Textarea
          label="Note"
          description="Why it must not be contacted, e.g. rang to complain about the texts."
          withAsterisk
          autosize
          minRows={2}
          maxRows={5}
          {...register('note')}
          error={formState.errors.note?.message}
        />
        <Problem message={problem} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending}>
            Add to the list
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const removeSchema = z.object({ method: z.enum(staffMethods), wording: consentWordingInput });
type RemoveValues = z.input<typeof removeSchema>;

export function RemoveSuppressionDialog({ suppression, onClose }: { suppression: Suppression | null; onClose(): void }) {
  return (
    <Modal opened={suppression !== null} onClose={onClose} title="Remove from the suppression list" size="lg">
      {suppression ? <RemoveSuppressionForm suppression={suppression} onDone={onClose} /> : null}
    </Modal>
  );
}

function RemoveSuppressionForm({ suppression, onDone }: { suppression: Suppression; onDone(): void }) {
  const form = useForm<RemoveValues>({ resolver: zodResolver(removeSchema), defaultValues: { method: 'paper_form', wording: '' } });
  const { control, register, handleSubmit, formState } = form;
  const remove = useApiMutation('suppression.remove');
  const format = useFormat();
  const address = addressOf(suppression, format);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = handleSubmit(async (v) => {
    setProblem(null);
    try {
      const lifted = await remove.mutateAsync({ id: suppression.id, method: v.method, wording: v.wording });
      notifyDone(lifted.customerId !== null ? `${address} is off the list, and its customer is subscribed again` : `${address} is off the suppression list`);
      onDone();
    } catch (error) {
      if (isApiError(error)) setProblem(error.message);
      else notifyError(error, 'The address was not removed');
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          <Text span fw={600}>
            {address}
          </Text>{' '}
          ({reasonLabels[suppression.reason].toLowerCase()}) can be contacted again only if the person has agreed again. Record how they agreed and the words they were
          shown or told.
        </Text>
        {suppression.customerId !== null ? (
          <Alert color="blue" title="A customer holds this address">
            Their {suppression.kind === 'email' ? 'email' : 'SMS'} consent is recorded as subscribed, with this method and these words.
          </Alert>
        ) : null}
        <Controller
          control={control}
          name="method"
          render={({ field }) => (
            <Select
              label="How they agreed"
              data={staffMethods.map((m) => ({ value: m, label: methodLabels[m] }))}
              value={field.value}
              onChange={(value) => value && field.onChange(value)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          )}
        />
        <Textarea
          label="Words they were shown or told"
          description="Kept as proof of what they agreed to."
          withAsterisk
          autosize
          minRows={2}
          maxRows={5}
          data-autofocus
          {...register('wording')}
          error={formState.errors.wording?.message}
        />
        <Problem message={problem} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={remove.isPending}>
            Remove from the list
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
