import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Modal, PasswordInput, Radio, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm, type FieldValues, type Path, type UseFormReturn } from 'react-hook-form';
import { z } from 'zod';
import { pin, staffName, staffRoles, type StaffMember, type StaffRole } from '../../../shared/contract';
import { isApiError, useApiMutation } from '../../api';
import { notifyDone, notifyError } from '../../components/notify';
import { roleLabels } from '../auth/session';

export const roleHints: Record<StaffRole, string> = {
  owner: 'Sees everything: dashboard, exports, staff, audit log, backups and settings.',
  staff: 'Finds customers, records sales and notes at the counter.',
};

/** A new PIN typed twice: a typo in a PIN nobody can see would lock the member out on day one. */
const pinPair = z.object({ pin, confirmPin: z.string() }).refine((v) => v.pin === v.confirmPin, { path: ['confirmPin'], message: 'The two PINs differ' });

const addMemberSchema = z
  .object({ name: staffName, role: z.enum(staffRoles), pin, confirmPin: z.string() })
  .refine((v) => v.pin === v.confirmPin, { path: ['confirmPin'], message: 'The two PINs differ' });
const editMemberSchema = z.object({ name: staffName, role: z.enum(staffRoles), active: z.boolean() });

/**
 * Puts the core's refusal on the fields it names ("name", "patch.name"); what no field can hold
 * (e.g. "the only owner who can sign in") comes back to be shown above the buttons.
 */
function placeServerError<T extends FieldValues>(form: UseFormReturn<T>, fieldNames: readonly Path<T>[], error: unknown, fallbackTitle: string): string | null {
  if (!isApiError(error)) {
    notifyError(error, fallbackTitle);
    return null;
  }
  let placed = false;
  for (const [path, message] of Object.entries(error.fields)) {
    const field = fieldNames.find((f) => path.split('.').includes(f));
    if (field) {
      form.setError(field, { type: 'server', message }, { shouldFocus: !placed });
      placed = true;
    }
  }
  return placed ? null : error.message;
}

/** Digits only, never remembered by the browser, masked like at a cash machine. */
const pinInputProps = { inputMode: 'numeric', autoComplete: 'new-password', maxLength: 8 } as const;

function RoleField({ value, onChange }: { value: StaffRole; onChange(role: StaffRole): void }) {
  return (
    <Radio.Group label="Role" value={value} onChange={(v) => onChange(v as StaffRole)}>
      <Stack gap="xs" mt={6}>
        {staffRoles.map((r) => (
          <Radio key={r} value={r} label={roleLabels[r]} description={roleHints[r]} />
        ))}
      </Stack>
    </Radio.Group>
  );
}

function FormProblem({ message, title }: { message: string | null; title: string }) {
  return message ? (
    <Alert color="red" role="alert" title={title}>
      {message}
    </Alert>
  ) : null;
}

export function AddMemberDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add member of staff">
      {opened ? <AddMemberForm onDone={onClose} /> : null}
    </Modal>
  );
}

function AddMemberForm({ onDone }: { onDone(): void }) {
  type Values = z.input<typeof addMemberSchema>;
  const form = useForm<Values>({ resolver: zodResolver(addMemberSchema), defaultValues: { name: '', role: 'staff', pin: '', confirmPin: '' }, mode: 'onTouched' });
  const errors = form.formState.errors;
  const add = useApiMutation('staff.add');
  const [problem, setProblem] = useState<string | null>(null);

  const onSubmit = form.handleSubmit(async ({ name, role, pin }) => {
    setProblem(null);
    try {
      const member = await add.mutateAsync({ name: name.trim(), role, pin });
      notifyDone(`${member.name} can now sign in as ${roleLabels[member.role].toLowerCase()}`);
      onDone();
    } catch (error) {
      setProblem(placeServerError(form, ['name', 'role', 'pin'], error, 'The member was not added'));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add member of staff">
      <Stack gap="md">
        <TextInput label="Name" description="As shown on the sign-in screen and in the audit log." withAsterisk data-autofocus autoComplete="off" {...form.register('name')} error={errors.name?.message} />
        <Controller control={form.control} name="role" render={({ field }) => <RoleField value={field.value} onChange={field.onChange} />} />
        <Group grow align="flex-start">
          <PasswordInput label="PIN" description="4 to 8 digits" withAsterisk {...pinInputProps} {...form.register('pin')} error={errors.pin?.message} />
          <PasswordInput label="Confirm PIN" description="Type it again" withAsterisk {...pinInputProps} {...form.register('confirmPin')} error={errors.confirmPin?.message} />
        </Group>
        <FormProblem message={problem} title="The member was not added" />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending}>
            Add member
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function EditMemberDialog({ member, onClose }: { member: StaffMember | null; onClose(): void }) {
  return (
    <Modal opened={member !== null} onClose={onClose} title={member ? `Edit ${member.name}` : 'Edit member'}>
      {member ? <EditMemberForm key={member.id} member={member} onDone={onClose} /> : null}
    </Modal>
  );
}

function EditMemberForm({ member, onDone }: { member: StaffMember; onDone(): void }) {
  type Values = z.input<typeof editMemberSchema>;
  const form = useForm<Values>({ resolver: zodResolver(editMemberSchema), defaultValues: { name: member.name, role: member.role, active: member.active }, mode: 'onTouched' });
  const errors = form.formState.errors;
  const update = useApiMutation('staff.update');
  const [problem, setProblem] = useState<string | null>(null);

  const onSubmit = form.handleSubmit(async (values) => {
    setProblem(null);
    // Only what changed: the core's last-owner rule looks at the role and active flags it is sent.
    const patch: { name?: string; role?: StaffRole; active?: boolean } = {};
    if (values.name.trim() !== member.name) patch.name = values.name.trim();
    if (values.role !== member.role) patch.role = values.role;
    if (values.active !== member.active) patch.active = values.active;
    if (Object.keys(patch).length === 0) return onDone();
    try {
      const saved = await update.mutateAsync({ id: member.id, patch });
      notifyDone(patch.active === false ? `${saved.name} can no longer sign in` : `${saved.name} saved`);
      onDone();
    } catch (error) {
      setProblem(placeServerError(form, ['name', 'role', 'active'], error, 'The changes were not saved'));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Edit ${member.name}`}>
      <Stack gap="md">
        <TextInput label="Name" withAsterisk data-autofocus autoComplete="off" {...form.register('name')} error={errors.name?.message} />
        <Controller control={form.control} name="role" render={({ field }) => <RoleField value={field.value} onChange={field.onChange} />} />
        <Controller
          control={form.control}
          name="active"
          render={({ field }) => (
            <Switch
              label="Can sign in"
              description="Turn off for someone who has left: their name stays on past sales and notes."
              checked={field.value}
              onChange={(e) => field.onChange(e.currentTarget.checked)}
              error={errors.active?.message}
            />
          )}
        />
        <FormProblem message={problem} title="The changes were not saved" />
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

export function SetPinDialog({ member, onClose }: { member: StaffMember | null; onClose(): void }) {
  return (
    <Modal opened={member !== null} onClose={onClose} title={member ? `Set PIN for ${member.name}` : 'Set PIN'}>
      {member ? <SetPinForm key={member.id} member={member} onDone={onClose} /> : null}
    </Modal>
  );
}

function SetPinForm({ member, onDone }: { member: StaffMember; onDone(): void }) {
  type Values = z.input<typeof pinPair>;
  const form = useForm<Values>({ resolver: zodResolver(pinPair), defaultValues: { pin: '', confirmPin: '' }, mode: 'onTouched' });
  const errors = form.formState.errors;
  const setPin = useApiMutation('staff.setPin');
  const [problem, setProblem] = useState<string | null>(null);

  const onSubmit = form.handleSubmit(async ({ pin }) => {
    setProblem(null);
    try {
      const saved = await setPin.mutateAsync({ id: member.id, pin });
      notifyDone(`New PIN set for ${saved.name}`);
      onDone();
    } catch (error) {
      setProblem(placeServerError(form, ['pin'], error, 'The PIN was not set'));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Set PIN for ${member.name}`}>
      <Stack gap="md">
        <Text size="sm">
          {member.lockedUntil ? `This also lets ${member.name} in again straight away. ` : ''}Tell {member.name} the new PIN in person; nobody can read it back later.
        </Text>
        <Group grow align="flex-start">
          <PasswordInput label="New PIN" description="4 to 8 digits" withAsterisk data-autofocus {...pinInputProps} {...form.register('pin')} error={errors.pin?.message} />
          <PasswordInput label="Confirm PIN" description="Type it again" withAsterisk {...pinInputProps} {...form.register('confirmPin')} error={errors.confirmPin?.message} />
        </Group>
        <FormProblem message={problem} title="The PIN was not set" />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={setPin.isPending}>
            Set PIN
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
