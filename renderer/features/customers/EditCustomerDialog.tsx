import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { Customer, InputOf } from '../../../shared/contract';
import { isApiError, useApiMutation, type ApiError } from '../../api';
import { navigate } from '../../app/router';
import { notifyDone, notifyError } from '../../components/notify';
import {
  applyServerErrors,
  ConflictNotice,
  CustomerFormFields,
  customerFormSchema,
  customerToForm,
  type CustomerFormOutput,
  type CustomerFormValues,
} from './CustomerForm';

export function EditCustomerDialog({ customer, opened, onClose }: { customer: Customer; opened: boolean; onClose(): void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${customer.name}`} size="lg">
      <EditCustomerForm customer={customer} onDone={onClose} />
    </Modal>
  );
}

type Patch = InputOf<'customers.update'>['patch'];

function EditCustomerForm({ customer, onDone }: { customer: Customer; onDone(): void }) {
  const form = useForm<CustomerFormValues, unknown, CustomerFormOutput>({
    resolver: zodResolver(customerFormSchema),
    defaultValues: customerToForm(customer),
  });
  const update = useApiMutation('customers.update');
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [general, setGeneral] = useState<string | null>(null);

  const onSubmit = form.handleSubmit(async (values) => {
    setServerError(null);
    setGeneral(null);
    // Send only what changed, so the timeline names the fields that really moved.
    const before = customerToForm(customer);
    const patch: Patch = {};
    for (const key of Object.keys(values) as (keyof CustomerFormOutput)[]) {
      if (JSON.stringify(values[key]) !== JSON.stringify(before[key])) Object.assign(patch, { [key]: values[key] });
    }
    if (Object.keys(patch).length === 0) return onDone();
    try {
      const saved = await update.mutateAsync({ id: customer.id, patch });
      notifyDone(`${saved.name}'s details saved`);
      onDone();
    } catch (error) {
      if (!isApiError(error)) return notifyError(error, 'The changes were not saved');
      setServerError(error);
      setGeneral(applyServerErrors(form, error));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Edit ${customer.name}`}>
      <Stack gap="md">
        <CustomerFormFields form={form} />
        <ConflictNotice
          error={serverError}
          onOpen={(id) => {
            onDone();
            navigate({ name: 'customer', id });
          }}
        />
        {general && serverError?.code !== 'conflict' ? (
          <Alert color="red" role="alert" title="The changes were not saved">
            {general}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
