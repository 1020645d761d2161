import { Modal } from '@mantine/core';
import { useState } from 'react';
import type { Customer, InputOf } from '../../../shared/contract';
import { useApiMutation } from '../../api';
import { notifyDone } from '../../components/notify';
import { CustomerFormLayout, customerToForm, useCustomerForm, type CustomerFormOutput } from './CustomerForm';

export function EditCustomerDialog({ customer, opened, onClose }: { customer: Customer; opened: boolean; onClose(): void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${customer.name}`} size="lg">
      <EditCustomerForm customer={customer} onDone={onClose} />
    </Modal>
  );
}

type Patch = InputOf<'customers.update'>['patch'];

function EditCustomerForm({ customer, onDone }: { customer: Customer; onDone(): void }) {
  const state = useCustomerForm(customerToForm(customer), 'The changes were not saved');
  const update = useApiMutation('customers.update');
  // The details as they were when the dialog opened: the profile behind it refreshes when another till
  // saves them, and a save must then be refused rather than sent as if made from their change.
  const [openedAt] = useState(customer.updatedAt);
  const onSubmit = state.submitWith(async (values) => {
    // Send only what changed, so the timeline names the fields that really moved.
    const before = customerToForm(customer);
    const patch: Patch = {};
    for (const key of Object.keys(values) as (keyof CustomerFormOutput)[]) {
      if (JSON.stringify(values[key]) !== JSON.stringify(before[key])) Object.assign(patch, { [key]: values[key] });
    }
    if (Object.keys(patch).length === 0) return onDone();
    const saved = await update.mutateAsync({ id: customer.id, patch, expectedUpdatedAt: openedAt });
    notifyDone(`${saved.name}'s details saved`);
    onDone();
  });
  return (
    <CustomerFormLayout label={`Edit ${customer.name}`} state={state} onSubmit={onSubmit} onDone={onDone} submitLabel="Save changes" pending={update.isPending} />
  );
}
