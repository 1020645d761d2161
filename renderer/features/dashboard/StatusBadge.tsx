import { Badge, type BadgeProps } from '@mantine/core';
import './owner.css';

export type StatusTone = 'teal' | 'red' | 'orange' | 'gray' | 'indigo';

/** A light badge for a status, with text that keeps 4.5:1 contrast in light and dark. */
export function StatusBadge({ tone, variant = 'light', ...props }: BadgeProps & { tone: StatusTone; children: React.ReactNode }) {
  return <Badge color={tone} variant={variant} c={`var(--owner-status-${tone})`} {...props} />;
}
