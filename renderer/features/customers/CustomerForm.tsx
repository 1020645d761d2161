import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Select, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm, type FieldPath, type UseFormReturn } from 'react-hook-form';
import { z } from 'zod';
import { customerFields, customerTypes, type Customer } from '../../../shared/contract';
import { isApiError, type ApiError } from '../../api';
import { navigate } from '../../app/router';
import { notifyError } from '../../components/notify';
import { typeLabels } from './labels';

/**
 * What the New customer and Edit dialogs hold: plain strings as typed, trimmed. Every rule and its
 * words are the contract's own (customerFields), checked here as the core will check them; the core
 * then normalises the phone and turns '' into "no value".
 */
export const customerFormSchema = z
  .object({
    firstName: z.string().trim(),
    lastName: z.string().trim(),
    phone: z.string().trim(),
    email: z.string().trim(),
    address: z.string().trim(),
    birthday: z.string().trim(),
    type: z.enum(customerTypes),
    source: z.string().trim(),
    tags: z.array(z.string().trim()),
  })
  .superRefine((values, ctx) => {
    for (const issue of customerFields.safeParse(values).error?.issues ?? []) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

export type CustomerFormValues = z.input<typeof customerFormSchema>;
export type CustomerFormOutput = z.output<typeof customerFormSchema>;
export type CustomerForm = UseFormReturn<CustomerFormValues, unknown, CustomerFormOutput>;

export const emptyCustomerForm: CustomerFormValues = {
  firstName: '',
  lastName: '',
  phone: '',
  email: '',
  address: '',
  birthday: '',
  type: 'walk_in',
  source: '',
  tags: [],
};

export const customerToForm = (c: Customer): CustomerFormValues => ({
  firstName: c.firstName,
  lastName: c.lastName ?? '',
  phone: c.phone ?? '',
  email: c.email ?? '',
  address: c.address ?? '',
  birthday: c.birthday ?? '',
  type: c.type,
  source: c.source ?? '',
  tags: c.tags,
});

const formFields = Object.keys(emptyCustomerForm) as (keyof CustomerFormValues)[];

/** Maps the core's field paths ("phone", "patch.phone", "newCustomer.phone", "tags.3") onto the form's fields. */
export function formFieldOf(path: string): keyof CustomerFormValues | null {
  const parts = path.split('.');
  return formFields.find((f) => parts.includes(f)) ?? null;
}

/** Shows the core's refusal inline, per field. Returns what could not be placed on a field. */
export function applyServerErrors(form: CustomerForm, error: ApiError): string | null {
  let placed = false;
  for (const [path, message] of Object.entries(error.fields)) {
    const field = formFieldOf(path);
    if (field) {
      form.setError(field as FieldPath<CustomerFormValues>, { type: 'server', message }, { shouldFocus: !placed });
      placed = true;
    }
  }
  return placed ? null : error.message;
}

export function CustomerFormFields({ form, autoFocus = true }: { form: CustomerForm; autoFocus?: boolean }) {
  const { register, formState, control } = form;
  const errors = formState.errors;
  return (
    <Stack gap="sm">
      <SimpleGrid cols={2} spacing="sm">
        <TextInput label="First name" withAsterisk data-autofocus={autoFocus || undefined} {...register('firstName')} error={errors.firstName?.message} />
        <TextInput label="Last name" {...register('lastName')} error={errors.lastName?.message} />
        <TextInput label="Phone" type="tel" inputMode="tel" placeholder="e.g. 024 412 3456" {...register('phone')} error={errors.phone?.message} />
        <TextInput label="Email" type="email" placeholder="e.g. ama@example.com" {...register('email')} error={errors.email?.message} />
        <Controller
          control={control}
          name="type"
          render={({ field }) => (
            <Select
              label="Type"
              data={customerTypes.map((t) => ({ value: t, label: typeLabels[t] }))}
              value={field.value}
              onChange={(value) => value && field.onChange(value)}
              onBlur={field.onBlur}
              allowDeselect={false}
              error={errors.type?.message}
            />
          )}
        />
        <TextInput label="Source" placeholder="e.g. walk-in, Instagram, referral" {...register('source')} error={errors.source?.message} />
        <TextInput label="Address" placeholder="e.g. House 12, Oxford Street, Osu" {...register('address')} error={errors.address?.message} />
        <TextInput label="Birthday" placeholder="MM-DD or YYYY-MM-DD" description="The year is optional" inputWrapperOrder={['label', 'input', 'description', 'error']} {...register('birthday')} error={errors.birthday?.message} />
      </SimpleGrid>
      <Controller
        control={control}
        name="tags"
        render={({ field }) => (
          <TagsInput
            label="Tags"
            placeholder="Type a tag, then Enter"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            clearable
            error={errors.tags?.message ?? (Array.isArray(errors.tags) ? errors.tags.find(Boolean)?.message : undefined)}
          />
        )}
      />
    </Stack>
  );
}

/** A conflict names who already holds the phone or email, with a way to open them instead. */
export function ConflictNotice({ error, onOpen }: { error: ApiError | null; onOpen(id: number): void }) {
  if (!error) return null;
  if (error.code === 'conflict' && error.existing) {
    const { id, name } = error.existing;
    return (
      <Alert color="orange" title="Already in your book" role="alert">
        <Group justify="space-between" gap="sm">
          <Text size="sm">{error.message}</Text>
          <Button size="xs" variant="light" color="orange" onClick={() => onOpen(id)}>
            Open {name}
          </Button>
        </Group>
      </Alert>
    );
  }
  return null;
}

/**
 * The state the New customer and Edit dialogs share: the form, and the server's refusal spread over
 * its fields (a conflict kept whole, to name who already holds the value).
 */
export function useCustomerForm(defaultValues: CustomerFormValues, failTitle: string) {
  const form = useForm<CustomerFormValues, unknown, CustomerFormOutput>({ resolver: zodResolver(customerFormSchema), defaultValues });
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const submitWith = (save: (values: CustomerFormOutput) => Promise<void>) =>
    form.handleSubmit(async (values) => {
      setServerError(null);
      setGeneral(null);
      try {
        await save(values);
      } catch (error) {
        if (!isApiError(error)) return notifyError(error, failTitle);
        setServerError(error);
        setGeneral(applyServerErrors(form, error));
      }
    });
  return { form, serverError, general, failTitle, submitWith };
}

/** The dialogs' body: the fields, a conflict with a way to the other customer, any other error, and the buttons. */
export function CustomerFormLayout({
  label,
  state,
  onSubmit,
  onDone,
  submitLabel,
  pending,
}: {
  label: string;
  state: Pick<ReturnType<typeof useCustomerForm>, 'form' | 'serverError' | 'general' | 'failTitle'>;
  onSubmit(): void;
  onDone(): void;
  submitLabel: string;
  pending: boolean;
}) {
  const { form, serverError, general, failTitle } = state;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={label}>
      <Stack gap="md">
        <CustomerFormFields form={form} />
        <ConflictNotice
          error={serverError}
          onOpen={(id) => {
            onDone();
            navigate({ name: 'customer', id });
          }}
        />
        {/* A conflict naming who holds the value has its own notice above; any other (someone saved these details meanwhile) is said here. */}
        {general && !(serverError?.code === 'conflict' && serverError.existing) ? (
          <Alert color="red" role="alert" title={failTitle}>
            {general}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
