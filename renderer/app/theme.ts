import { Badge, createTheme, type CSSVariablesResolver, Kbd, Modal, Pill, Table, Title, Tooltip } from '@mantine/core';

/** One accent (indigo) for primary actions; status colours only for status (void, archived, errors). */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 7 },
  autoContrast: true,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Ubuntu, Cantarell, "Helvetica Neue", Arial, sans-serif',
  // Type is never below 14px at the counter.
  fontSizes: { xs: '0.875rem', sm: '0.875rem', md: '1rem', lg: '1.125rem', xl: '1.25rem' },
  defaultRadius: 'md',
  focusRing: 'auto',
  // Dialogs and toasts appear at once for anyone who asked the OS for less motion.
  respectReducedMotion: true,
  components: {
    Badge: Badge.extend({
      defaultProps: { size: 'lg', radius: 'sm', variant: 'light' },
      vars: () => ({ root: { '--badge-fz': 'var(--mantine-font-size-sm)', '--badge-padding-x': 'calc(0.5rem * var(--mantine-scale))' } }),
      styles: { label: { textTransform: 'none', fontWeight: 600 } },
    }),
    Modal: Modal.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } },
      styles: { title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } },
    }),
    Title: Title.extend({ defaultProps: { c: 'bright' } }),
    Pill: Pill.extend({ vars: () => ({ root: { '--pill-fz': 'var(--mantine-font-size-sm)', '--pill-height': 'calc(1.5rem * var(--mantine-scale))' } }) }),
    Kbd: Kbd.extend({ defaultProps: { size: 'sm' } }),
    Tooltip: Tooltip.extend({ defaultProps: { openDelay: 300, withArrow: true, multiline: true, maw: 320 } }),
    Table: Table.extend({ defaultProps: { verticalSpacing: 'sm', horizontalSpacing: 'md' } }),
  },
});

/**
 * Mantine's dimmed grey and its field-error red are below 4.5:1 on both surfaces; secondary text
 * and the messages under a refused field must stay readable (red 9 on white, red 4 on dark).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#5c636a', '--mantine-color-error': '#c92a2a' },
  dark: { '--mantine-color-dimmed': '#a6adb4', '--mantine-color-error': '#ff8787' },
});
