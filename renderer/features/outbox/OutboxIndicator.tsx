import { Badge, Button, Group, Popover, Stack, Text, Title } from '@mantine/core';
import type { OutboxStatus } from '../../../shared/contract';
import { RelativeTime } from '../../components/RelativeTime';
import { useIsOwner } from '../auth/session';
import { kindLabel, waitingText } from './outbox';

/**
 * The header's word on this till's outbox: "3 sales waiting to be sent" while anything waits (a live
 * region, so a screen reader hears it come and go), and for the owner, what the book refused when
 * it was sent, with its reason.
 */
export function OutboxIndicator({ status }: { status: OutboxStatus | undefined }) {
  const isOwner = useIsOwner();
  const waiting = status ? waitingText(status.waiting) : '';
  const refused = isOwner ? (status?.refused ?? []) : [];
  return (
    <Group gap="xs" wrap="nowrap">
      {/* Always in the page, so that a change of its text is announced. */}
      {/* Two short lines at most, so that the search beside it keeps its room. */}
      <Text role="status" aria-live="polite" size="xs" fw={600} maw={150} lh={1.25} aria-label="Waiting to be sent">
        {waiting}
      </Text>
      {refused.length > 0 ? (
        <Popover position="bottom-end" width={380} withArrow shadow="md">
          <Popover.Target>
            <Button variant="light" color="orange" size="compact-sm">
              {refused.length} not taken by the book
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <Stack gap="xs">
              <Title order={4} fz="sm">
                Kept at this till, refused by the shared book
              </Title>
              <Text size="xs" c="dimmed">
                These were typed while the book was out of reach; when they were sent, the book refused them. Record them again if they still apply.
              </Text>
              <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Refused by the shared book">
                {refused.map((item) => (
                  <li key={item.ref}>
                    <Group gap={6} wrap="nowrap">
                      <Badge size="sm" variant="light" color="gray">
                        {kindLabel(item.kind)}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        typed <RelativeTime iso={item.queuedAt} />
                      </Text>
                    </Group>
                    <Text size="sm">{item.reason}</Text>
                  </li>
                ))}
              </Stack>
            </Stack>
          </Popover.Dropdown>
        </Popover>
      ) : null}
    </Group>
  );
}
