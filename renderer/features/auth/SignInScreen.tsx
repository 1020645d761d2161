import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Badge, Box, Button, Center, Group, Input, Loader, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { isApiError } from '../../api';
import { CheckIcon, KeyIcon } from '../../components/icons';
import { PinField, SignInFrame } from './frame';
import { roleLabels, useSession, type Member } from './session';

/** Shown once per book: its country and time zone data load only then, not with every start. */
const FirstRunSetup = lazy(() => import('./FirstRunSetup').then((m) => ({ default: m.FirstRunSetup })));

/** Up to this many names show as buttons (one tap at the counter); a longer list becomes a searchable select. */
const MAX_NAME_BUTTONS = 8;

/** The screen the app opens on: owner setup on first run, otherwise "who are you?" and a PIN. */
export function SignInScreen({ members, needsOwnerSetup, lockedOut }: { members: Member[]; needsOwnerSetup: boolean; lockedOut: Member | null }) {
  if (needsOwnerSetup) {
    return (
      <Suspense
        fallback={
          <SignInFrame label="Set up Regulars">
            <Center mih={200}>
              <Loader aria-label="Loading" />
            </Center>
          </SignInFrame>
        }
      >
        <FirstRunSetup />
      </Suspense>
    );
  }
  return <SignIn members={members} lockedOut={lockedOut} />;
}

const signInSchema = z.object({
  staffId: z.number({ error: 'Pick your name first' }).nullable().refine((id) => id !== null, 'Pick your name first'),
  pin: z.string().min(1, 'Enter your PIN'),
});
type SignInValues = z.input<typeof signInSchema>;

function SignIn({ members, lockedOut }: { members: Member[]; lockedOut: Member | null }) {
  const session = useSession();
  const pinRef = useRef<HTMLInputElement>(null);
  // Locked: the member who was here. With one member there is nobody else to pick.
  const preselected = lockedOut ?? (members.length === 1 ? members[0] : null);
  const [locked, setLocked] = useState(lockedOut);
  const form = useForm<SignInValues>({ resolver: zodResolver(signInSchema), defaultValues: { staffId: preselected?.id ?? null, pin: '' } });
  const { errors, isSubmitting } = form.formState;
  const staffId = form.watch('staffId');
  const picked = members.find((m) => m.id === staffId) ?? null;

  const pick = (id: number | null) => {
    form.setValue('staffId', id);
    form.clearErrors();
    if (id !== null) pinRef.current?.focus();
  };

  const switchUser = () => {
    setLocked(null);
    form.reset({ staffId: null, pin: '' });
  };

  const submit = form.handleSubmit(async ({ staffId: id, pin }) => {
    try {
      await session.signIn(id as number, pin);
    } catch (error) {
      // Wrong PIN, a lockout or a member who has since been removed: the core's words, on the field.
      const message = error instanceof Error ? error.message : String(error);
      form.setValue('pin', '');
      if (isApiError(error) && error.code === 'not_found') {
        // Removed since they were last here: back to the list, which no longer offers them.
        setLocked(null);
        form.setValue('staffId', null);
        form.setError('staffId', { type: 'server', message });
        return;
      }
      form.setError('pin', { type: 'server', message });
      pinRef.current?.focus();
    }
  });

  const heading = locked ? `Locked — ${locked.name}` : 'Who is at the counter?';
  return (
    <SignInFrame label="Sign in">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <div>
            <Title order={1} fz="h2">
              {heading}
            </Title>
            <Text c="dimmed" size="sm" mt={4}>
              {locked ? 'Regulars is locked. Enter your PIN to carry on.' : 'Pick your name, then enter your PIN.'}
            </Text>
          </div>
          {locked ? null : members.length === 0 ? (
            <Alert color="yellow" title="Nobody can sign in">
              Nobody has a PIN to sign in with. Ask the owner.
            </Alert>
          ) : (
            <MemberPicker members={members} value={staffId} onChange={pick} error={errors.staffId?.message} />
          )}
          <Controller
            control={form.control}
            name="pin"
            render={({ field }) => (
              <PinField
                {...field}
                ref={(element) => {
                  field.ref(element);
                  pinRef.current = element;
                }}
                label={picked && !locked ? `PIN for ${picked.name}` : 'PIN'}
                error={errors.pin?.message}
                // With the name already known (locked, or the only member) the PIN is all that is left to type.
                autoFocus={preselected !== null}
              />
            )}
          />
          <Button type="submit" size="md" loading={isSubmitting} leftSection={<KeyIcon size={16} />}>
            {locked ? 'Unlock' : 'Sign in'}
          </Button>
          {locked && members.length > 1 ? (
            <Text size="sm" ta="center">
              Not {locked.name}?{' '}
              <Anchor component="button" type="button" onClick={switchUser} fz="sm">
                Switch user
              </Anchor>
            </Text>
          ) : null}
        </Stack>
      </form>
    </SignInFrame>
  );
}

function MemberPicker({ members, value, onChange, error }: { members: Member[]; value: number | null; onChange(id: number | null): void; error?: string }) {
  if (members.length > MAX_NAME_BUTTONS) {
    return (
      <Select
        label="Your name"
        placeholder="Type or pick your name"
        size="md"
        searchable
        data={members.map((m) => ({ value: String(m.id), label: m.role === 'owner' ? `${m.name} (owner)` : m.name }))}
        value={value === null ? null : String(value)}
        onChange={(id) => onChange(id === null ? null : Number(id))}
        error={error}
        autoFocus={value === null}
      />
    );
  }
  return (
    <div role="group" aria-labelledby="member-picker-label" aria-describedby={error ? 'member-picker-error' : undefined}>
      <Input.Label id="member-picker-label" labelElement="div" size="md" mb={6}>
        Your name
      </Input.Label>
      {/* One name a row while they fit at a glance; two columns beyond that. */}
      <SimpleGrid cols={members.length <= 4 ? 1 : 2} spacing="xs">
        {members.map((m, index) => {
          const chosen = m.id === value;
          return (
            <Button
              key={m.id}
              type="button"
              size="md"
              variant={chosen ? 'light' : 'default'}
              // The accent tint marks the chosen name; the name itself stays full-contrast text.
              c="bright"
              aria-pressed={chosen}
              onClick={() => onChange(m.id)}
              autoFocus={value === null && index === 0}
              // A tick as well as the colour marks the chosen name; the empty slot keeps names aligned.
              leftSection={chosen ? <CheckIcon size={16} /> : <Box w={16} />}
              // The label takes the whole width so a long name truncates before the role badge does.
              styles={{ inner: { justifyContent: 'flex-start' }, label: { flex: 1, minWidth: 0 } }}
            >
              <Group gap="xs" wrap="nowrap" w="100%" justify="space-between">
                <Text span truncate="end" fw={600} title={m.name} miw={0}>
                  {m.name}
                </Text>
                {m.role === 'owner' ? (
                  <Badge size="sm" variant="outline" style={{ flexShrink: 0 }}>
                    {roleLabels.owner}
                  </Badge>
                ) : null}
              </Group>
            </Button>
          );
        })}
      </SimpleGrid>
      {error ? (
        <Input.Error id="member-picker-error" size="md" mt={6} role="alert">
          {error}
        </Input.Error>
      ) : null}
    </div>
  );
}
