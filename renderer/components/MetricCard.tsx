import { Paper, Text } from '@mantine/core';
import { useId, type ReactNode } from 'react';

/** One number on the profile. A labelled group, so "Purchases: 2" reads as one thing to a screen reader. */
export function MetricCard({ label, children, hint }: { label: string; children: ReactNode; hint?: ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder p="md" radius="md" role="group" aria-labelledby={id}>
      <Text id={id} size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text fz="xl" fw={700} mt={4} style={{ fontVariantNumeric: 'tabular-nums' }} data-metric-value>
        {children}
      </Text>
      {hint ? (
        <Text size="sm" c="dimmed" mt={2}>
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}
