import { Badge, createTheme, Kbd, Table, Tooltip } from '@mantine/core';

/** One accent (indigo) for primary actions; status colours only for status (void, archived, errors). */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 5 },
  autoContrast: true,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Ubuntu, Cantarell, "Helvetica Neue", Arial, sans-serif',
  // Type is never below 14px at the counter.
  fontSizes: { xs: '0.875rem', sm: '0.875rem', md: '1rem', lg: '1.125rem', xl: '1.25rem' },
  defaultRadius: 'md',
  focusRing: 'auto',
  components: {
    Badge: Badge.extend({
      defaultProps: { size: 'lg', radius: 'sm', variant: 'light' },
      vars: () => ({ root: { '--badge-fz': 'var(--mantine-font-size-sm)' } }),
      styles: { label: { textTransform: 'none', fontWeight: 600 } },
    }),
    Kbd: Kbd.extend({ defaultProps: { size: 'sm' } }),
    Tooltip: Tooltip.extend({ defaultProps: { openDelay: 300, withArrow: true, multiline: true, maw: 320 } }),
    Table: Table.extend({ defaultProps: { verticalSpacing: 'sm', horizontalSpacing: 'md' } }),
  },
});
