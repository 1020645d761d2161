import { ActionIcon, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { CheckIcon, CopyIcon } from './icons';

/** A contact detail with one-click copy. `value` is what lands on the clipboard. */
export function CopyValue({ label, value, children }: { label: string; value: string; children?: ReactNode }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Text span>{children ?? value}</Text>
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy ${label.toLowerCase()}`} openDelay={0}>
            <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} size="sm" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
              {copied ? <CheckIcon size={14} /> : <CopyIcon size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
