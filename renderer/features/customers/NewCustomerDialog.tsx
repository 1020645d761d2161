import { Modal } from '@mantine/core';
import { useApiMutation } from '../../api';
import { navigate } from '../../app/router';
import { notifyDone } from '../../components/notify';
import { CustomerFormLayout, emptyCustomerForm, useCustomerForm } from './CustomerForm';

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
  const state = useCustomerForm({ ...emptyCustomerForm, ...prefill }, 'The customer was not added');
  const create = useApiMutation('customers.create');
  const onSubmit = state.submitWith(async (values) => {
    const customer = await create.mutateAsync(values);
    notifyDone(`${customer.name} added to your customers`);
    onDone();
    navigate({ name: 'customer', id: customer.id });
  });
  return <CustomerFormLayout label="New customer" state={state} onSubmit={onSubmit} onDone={onDone} submitLabel="Add customer" pending={create.isPending} />;
}
