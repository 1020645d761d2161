import { Alert } from '@mantine/core';
import { DatabaseIcon } from '../../components/icons';

/**
 * The one calm line across the app while the shared book is out of reach: what still works, and
 * that nothing typed here is lost. A status, not an alarm: the counter keeps selling.
 */
export function OutOfReachBanner({ shown }: { shown: boolean }) {
  if (!shown) return null;
  return (
    <Alert role="status" color="blue" variant="light" icon={<DatabaseIcon size={18} />} mb="md" aria-label="Shared book out of reach">
      The shared book is out of reach. Sales and notes you record here are kept on this PC and sent when it is back.
    </Alert>
  );
}
