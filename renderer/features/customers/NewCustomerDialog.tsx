import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { isApiError, useApiMutation, type ApiError } from '../../api';
import { navigate } from '../../app/router';
import { notifyDone, notifyError } from '../../components/notify';
import {
  applyServerErrors,
  ConflictNotice,
  CustomerFormFields,
  customerFormSchema,
  emptyCustomerForm,
  type CustomerFormOutput,
  type CustomerFormValues,
} from './CustomerForm';

export interface NewCustomerPrefill {
  firstName?: string;
  lastName?: string;
  phone?: string;
}

export function NewCustomerDialog({ opened, onClose, prefill }: { opened: boolean; onClose(): void; prefill?: NewCustomerPrefill }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New customer" size="lg">
      <NewCustomerForm onDone={onClose} prefill={prefill} />
    </Modal>
  );
}

function NewCustomerForm({ onDone, prefill }: { onDone(): void; prefill?: NewCustomerPrefill }) {
  const form = useForm<CustomerFormValues, unknown, CustomerFormOutput>({
    resolver: zodResolver(customerFormSchema),
    defaultValues: { ...emptyCustomerForm, ...prefill },
  });
  const create = useApiMutation('customers.create');
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [general, setGeneral] = useState<string | null>(null);

  const onSubmit = form.handleSubmit(async (values) => {
    setServerError(null);
    setGeneral(null);
    try {
      const customer = await create.mutateAsync(values);
      notifyDone(`${customer.name} added to your customers`);
      onDone();
      navigate({ name: 'customer', id: customer.id });
    } catch (error) {
      if (!isApiError(error)) return notifyError(error, 'The customer was not added');
      setServerError(error);
      setGeneral(applyServerErrors(form, error));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="New customer">
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
          <Alert color="red" role="alert" title="The customer was not added">
            {general}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Add customer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
