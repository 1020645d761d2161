import { Button, Collapse, Stack } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { ChevronDownIcon } from '../../components/icons';

/** A button that shows or hides what follows it, telling screen readers which and whether (aria-expanded). */
export function Disclosure({ label, opened, onToggle, children }: { label: string; opened: boolean; onToggle(): void; children: ReactNode }) {
  const id = useId();
  return (
    <Stack gap="xs">
      <Button
        variant="subtle"
        size="compact-sm"
        w="fit-content"
        aria-expanded={opened}
        aria-controls={id}
        onClick={onToggle}
        leftSection={<ChevronDownIcon size={14} style={{ transform: opened ? undefined : 'rotate(-90deg)' }} aria-hidden />}
      >
        {label}
      </Button>
      <Collapse expanded={opened} id={id}>
        {children}
      </Collapse>
    </Stack>
  );
}
