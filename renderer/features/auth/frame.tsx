import { Center, Paper, PasswordInput, Stack, type MantineSize } from '@mantine/core';
import type { ReactNode } from 'react';
import { AppName } from '../../components/AppName';

/** PINs are digits only: anything else typed is dropped rather than refused later. */
const digitsOnly = (value: string) => value.replace(/\D/g, '').slice(0, 8);

/** The frame every signed-out screen shares: the app's name over one centred card. */
export function SignInFrame({ children, label, width = 460 }: { children: ReactNode; label: string; width?: number }) {
  return (
    <Center mih="100vh" p="md" component="main" aria-label={label}>
      <Stack gap="lg" w="100%" maw={width}>
        <AppName />
        <Paper withBorder radius="md" p="xl" shadow="sm">
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}

/** A masked, digits-only PIN field: the phone-style number pad on touch screens, Enter submits the form. */
export function PinField({
  value,
  onChange,
  size = 'md',
  ...rest
}: {
  /** Large at the counter's sign-in; the first run's longer form uses the ordinary size. */
  size?: MantineSize;
  label: string;
  description?: string;
  error?: string;
  autoFocus?: boolean;
  value: string;
  onChange(value: string): void;
  onBlur(): void;
  name: string;
  ref?: React.Ref<HTMLInputElement>;
}) {
  return (
    <PasswordInput
      {...rest}
      value={value}
      onChange={(event) => onChange(digitsOnly(event.currentTarget.value))}
      inputMode="numeric"
      pattern="[0-9]*"
      maxLength={8}
      autoComplete="off"
      spellCheck={false}
      size={size}
      visibilityToggleButtonProps={{ 'aria-label': 'Show the PIN' }}
      styles={{ input: { letterSpacing: '0.3em' } }}
    />
  );
}
