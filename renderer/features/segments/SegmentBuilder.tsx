import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Fieldset, Group, Loader, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Controller, useForm, useWatch, type Control, type FieldPath } from 'react-hook-form';
import { consentStatuses, customerTypes, frequencyTiers } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../../api';
import { notifyDone, notifyError } from '../../components/notify';
import { useIsOwner } from '../auth/session';
import { tierLabels, typeLabels } from '../customers/labels';
import { useFormat, useSettings } from '../settings/settings';
import { consentLabels, emptySegmentForm, segmentFormSchema, toConditions, type SegmentFormValues } from './conditions';

type Output = SegmentFormValues;

/** Builds a custom segment from conditions combined with AND, with a live count from the core. */
export function SegmentBuilder() {
  const settings = useSettings();
  const format = useFormat();
  // Staff count customers with the builder; saving a segment is the owner's.
  const isOwner = useIsOwner();
  const schema = useMemo(() => segmentFormSchema(settings.currency), [settings.currency]);
  const form = useForm<SegmentFormValues, unknown, Output>({ resolver: zodResolver(schema), defaultValues: emptySegmentForm, mode: 'onChange' });
  const { register, control, formState, handleSubmit, reset, setError } = form;
  const errors = formState.errors;
  const values = useWatch({ control }) as SegmentFormValues;

  // The live count follows the conditions as typed, once they read as valid.
  const parsed = schema.safeParse(values);
  const conditions = parsed.success ? toConditions(parsed.data as SegmentFormValues, settings.currency, settings.timeZone) : null;
  const [debounced] = useDebouncedValue(conditions ? JSON.stringify(conditions) : null, 200);
  const count = useApiQuery('segments.count', { conditions: debounced ? JSON.parse(debounced) : {} }, { enabled: debounced !== null, placeholderData: keepPreviousData });
  const save = useApiMutation('segments.save');

  const onSave = handleSubmit(async (v) => {
    const name = v.name.trim();
    if (!name) {
      setError('name', { type: 'required', message: 'Give the segment a name' }, { shouldFocus: true });
      return;
    }
    try {
      const segment = await save.mutateAsync({ name, conditions: toConditions(v, settings.currency, settings.timeZone) });
      notifyDone(`Segment "${segment.name}" saved: ${format.count(segment.count)} ${segment.count === 1 ? 'customer' : 'customers'}`);
      reset(emptySegmentForm);
    } catch (error) {
      notifyError(error, 'The segment was not saved');
    }
  });

  const countText =
    conditions === null
      ? 'Fix the highlighted fields to see the count'
      : count.data === undefined
        ? 'Counting…'
        : `${format.count(count.data)} ${count.data === 1 ? 'customer matches' : 'customers match'}`;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="builder-title">
      <form onSubmit={isOwner ? onSave : (event) => event.preventDefault()} noValidate>
        <Stack gap="md">
          <Group justify="space-between" align="flex-start" wrap="wrap">
            <div>
              <Title order={2} fz="lg" id="builder-title">
                Build a segment
              </Title>
              <Text size="sm" c="dimmed">
                Customers must meet every condition you fill in. Leave a field empty for “any”.
              </Text>
            </div>
            <Group gap="xs" role="status" aria-label="Matching customers" aria-live="polite" wrap="nowrap">
              {count.isFetching ? <Loader size="xs" aria-hidden="true" /> : null}
              <Text fw={700} fz="lg" c="bright" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="segment-live-count">
                {countText}
              </Text>
            </Group>
          </Group>

          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <Fieldset legend="Spending and visits" variant="filled" radius="md">
              <SimpleGrid cols={2} spacing="sm">
                <TextInput label="Total spent from" leftSection={<Text size="sm">{format.currencySymbol}</Text>} leftSectionWidth={48} inputMode="decimal" placeholder="Any" {...register('spentMin')} error={errors.spentMin?.message} />
                <TextInput label="Total spent up to" leftSection={<Text size="sm">{format.currencySymbol}</Text>} leftSectionWidth={48} inputMode="decimal" placeholder="Any" {...register('spentMax')} error={errors.spentMax?.message} />
                <WholeNumber control={control} name="purchasesMin" label="Purchases from" />
                <WholeNumber control={control} name="purchasesMax" label="Purchases up to" />
              </SimpleGrid>
            </Fieldset>
            <Fieldset legend="Dates" variant="filled" radius="md">
              <SimpleGrid cols={2} spacing="sm">
                <WholeNumber control={control} name="lastPurchaseWithinDays" label="Bought in the last (days)" min={1} />
                <WholeNumber control={control} name="birthdayWithinDays" label="Birthday within (days from today)" min={1} />
                <TextInput type="date" label="Last purchase on or after" {...register('lastPurchaseAfter')} error={errors.lastPurchaseAfter?.message} />
                <TextInput type="date" label="Last purchase before" {...register('lastPurchaseBefore')} error={errors.lastPurchaseBefore?.message} />
                <TextInput type="date" label="Added on or after" {...register('createdAfter')} error={errors.createdAfter?.message} />
                <TextInput type="date" label="Added before" {...register('createdBefore')} error={errors.createdBefore?.message} />
              </SimpleGrid>
            </Fieldset>
            <Fieldset legend="Who they are" variant="filled" radius="md">
              <SimpleGrid cols={2} spacing="sm">
                <Controller
                  control={control}
                  name="types"
                  render={({ field }) => (
                    <MultiSelect
                      label="Type (any of)"
                      placeholder={field.value.length ? undefined : 'Any type'}
                      data={customerTypes.map((t) => ({ value: t, label: typeLabels[t] }))}
                      value={field.value}
                      onChange={field.onChange}
                      onBlur={field.onBlur}
                      clearable
                    />
                  )}
                />
                <Controller
                  control={control}
                  name="tier"
                  render={({ field }) => (
                    <Select
                      label="Frequency tier"
                      placeholder="Any tier"
                      data={frequencyTiers.map((t) => ({ value: t, label: tierLabels[t] }))}
                      value={field.value || null}
                      onChange={(v) => field.onChange(v ?? '')}
                      onBlur={field.onBlur}
                      clearable
                    />
                  )}
                />
                <Controller
                  control={control}
                  name="tags"
                  render={({ field }) => (
                    <TagsInput
                      label="Tags (any of)"
                      placeholder={field.value.length ? undefined : 'Type a tag, then Enter'}
                      value={field.value}
                      onChange={field.onChange}
                      onBlur={field.onBlur}
                      clearable
                    />
                  )}
                />
                <TextInput label="Source" placeholder="Any, e.g. Instagram" {...register('source')} error={errors.source?.message} />
              </SimpleGrid>
            </Fieldset>
            <Fieldset legend="Contact" variant="filled" radius="md">
              <SimpleGrid cols={2} spacing="sm">
                <ConsentSelect control={control} name="emailConsent" label="Email consent" />
                <ConsentSelect control={control} name="smsConsent" label="SMS consent" />
                <Controller
                  control={control}
                  name="doNotContact"
                  render={({ field }) => (
                    <Select
                      label="Do not contact"
                      placeholder="Either"
                      data={[
                        { value: 'no', label: 'May be contacted' },
                        { value: 'yes', label: 'Marked do not contact' },
                      ]}
                      value={field.value || null}
                      onChange={(v) => field.onChange(v ?? '')}
                      onBlur={field.onBlur}
                      clearable
                    />
                  )}
                />
                <Controller
                  control={control}
                  name="rewardReady"
                  render={({ field }) => (
                    <Select
                      label="Loyalty reward"
                      placeholder="Either"
                      data={[
                        { value: 'yes', label: 'Has a reward ready' },
                        { value: 'no', label: 'No reward ready' },
                      ]}
                      value={field.value || null}
                      onChange={(v) => field.onChange(v ?? '')}
                      onBlur={field.onBlur}
                      clearable
                    />
                  )}
                />
              </SimpleGrid>
            </Fieldset>
          </SimpleGrid>

          <Group align="flex-end" gap="sm" wrap="wrap">
            {isOwner ? (
              <>
                <TextInput label="Segment name" placeholder="e.g. Uniform buyers, lapsed" w={320} {...register('name')} error={errors.name?.message} />
                <Button type="submit" loading={save.isPending}>
                  Save segment
                </Button>
              </>
            ) : null}
            <Button variant="default" onClick={() => reset(emptySegmentForm)}>
              Clear conditions
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function WholeNumber({ control, name, label, min = 0 }: { control: Control<SegmentFormValues, unknown, Output>; name: FieldPath<SegmentFormValues>; label: string; min?: number }) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <NumberInput
          label={label}
          placeholder="Any"
          allowDecimal={false}
          allowNegative={false}
          min={min}
          value={field.value as number | ''}
          onChange={(v) => field.onChange(typeof v === 'number' ? v : v === '' ? '' : Number(v))}
          onBlur={field.onBlur}
          error={fieldState.error?.message}
        />
      )}
    />
  );
}

function ConsentSelect({ control, name, label }: { control: Control<SegmentFormValues, unknown, Output>; name: 'emailConsent' | 'smsConsent'; label: string }) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Select
          label={label}
          placeholder="Any"
          data={consentStatuses.map((s) => ({ value: s, label: consentLabels[s] }))}
          value={field.value || null}
          onChange={(v) => field.onChange(v ?? '')}
          onBlur={field.onBlur}
          clearable
        />
      )}
    />
  );
}
