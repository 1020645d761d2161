import { Alert, Button, Group, Text } from '@mantine/core';
import { useApiQuery } from '../../api';
import { navigate, useRoute } from '../../app/router';
import { FilterIcon } from '../../components/icons';

/** The segment the directory is filtered by (#/?segment=high_value), if any. */
export function useSegmentFilter(): string | undefined {
  const [route] = useRoute();
  return route.name === 'directory' ? route.segment : undefined;
}

/** Over the directory while a segment filters it: which one, and a way back to everyone. */
export function SegmentFilterBanner({ segment }: { segment: string | undefined }) {
  const list = useApiQuery('segments.list', {}, { enabled: Boolean(segment) });
  if (!segment) return null;
  const found = list.data?.find((s) => s.key === segment || s.name.toLowerCase() === segment.toLowerCase());
  return (
    <Alert color="indigo" variant="light" py="xs" icon={<FilterIcon size={18} />} aria-label="Segment filter">
      <Group justify="space-between" gap="sm" wrap="nowrap">
        <Text size="sm">
          Showing the segment <strong>{found?.name ?? segment}</strong>
          {list.data && !found ? ' (no segment has this name any more)' : ''}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="default" component="a" href="#/segments">
            All segments
          </Button>
          <Button size="xs" variant="light" onClick={() => navigate({ name: 'directory' })}>
            Show everyone
          </Button>
        </Group>
      </Group>
    </Alert>
  );
}
