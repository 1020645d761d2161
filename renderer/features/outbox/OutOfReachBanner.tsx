import { Alert, Box } from '@mantine/core';
import { DatabaseIcon } from '../../components/icons';

/**
 * The one calm line across the app while the shared book is out of reach: what still works, and
 * that nothing typed here is lost. A status, not an alarm: the counter keeps selling.
 */
export function OutOfReachBanner({ shown }: { shown: boolean }) {
  if (!shown) return null;
  return (
    // Kept in view under the header, on the page's own colour (the light alert is see-through): a
    // screen scrolled down, such as a long profile, still shows it.
    <Box mb="md" style={{ position: 'sticky', top: 'calc(var(--app-shell-header-offset, 0rem) + var(--mantine-spacing-xs))', zIndex: 3, background: 'var(--mantine-color-body)' }}>
      <Alert role="status" color="blue" variant="light" icon={<DatabaseIcon size={18} />} aria-label="Shared book out of reach">
        The shared book is out of reach. Sales and notes you record here are kept on this PC and sent when it is back.
      </Alert>
    </Box>
  );
}
