import { Paper, Text } from '@mantine/core';
import { useId, type ReactNode } from 'react';

/** One number on the profile. A labelled group, so "Purchases: 2" reads as one thing to a screen reader. */
export function MetricCard({ label, children, hint, title }: { label: string; children: ReactNode; hint?: ReactNode; title?: string }) {
  const id = useId();
  return (
    <Paper withBorder px="md" py="sm" radius="md" role="group" aria-labelledby={id} title={title}>
      <Text id={id} size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      {/* Never cut a figure off: a long amount steps down in size with the window, then wraps. */}
      <Text
        fw={700}
        mt={2}
        c="bright"
        style={{ fontVariantNumeric: 'tabular-nums', fontSize: 'clamp(1.05rem, 1.45vw, 1.25rem)', overflowWrap: 'anywhere' }}
        data-metric-value
      >
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
