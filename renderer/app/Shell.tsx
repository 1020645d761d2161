import { Anchor, AppShell, Box, Button, Center, CloseButton, Group, Loader, Kbd, NavLink, Text, TextInput, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { lazy, Suspense, useEffect } from 'react';
import { call, isApiError } from '../api';
import { notifyError } from '../components/notify';
import { installScanner, useScanHandler } from '../features/cards/scanner';
import { OwnerOnly } from '../features/auth/OwnerOnly';
import { useIsOwner } from '../features/auth/session';
import { SignedInMenu } from '../features/auth/SignedInMenu';
import { CustomerDirectory } from '../features/customers/CustomerDirectory';
import { CustomerProfile } from '../features/customers/CustomerProfile';
import { useOutboxStatus, useOutOfReach } from '../features/outbox/outbox';
import { OutboxIndicator } from '../features/outbox/OutboxIndicator';
import { OutOfReachBanner } from '../features/outbox/OutOfReachBanner';
import { useSettings } from '../features/settings/settings';
import { ErrorBoundary } from '../components/ErrorBoundary';
import {
  ChartIcon,
  DatabaseIcon,
  FilterIcon,
  HistoryIcon,
  MergeIcon,
  PlusIcon,
  ReceiptIcon,
  SearchIcon,
  SettingsIcon,
  ShieldIcon,
  StoreIcon,
  TransferIcon,
  UserCogIcon,
  UsersIcon,
} from '../components/icons';
import { useDialogs } from './dialogs';
import { LiveUpdates } from './live';
import { hrefOf, navigate, ownerOnlyRoutes, useRoute, type Route } from './router';
import { useSearch, useSearchControls } from './search';

// The counter's screens load with the app; the owner's (charts, imports, audit…) load when first opened,
// so the first rows paint without parsing code most sessions never run.
const DashboardScreen = lazy(() => import('../features/dashboard/DashboardScreen').then((m) => ({ default: m.DashboardScreen })));
const DuplicatesView = lazy(() => import('../features/duplicates/DuplicatesView').then((m) => ({ default: m.DuplicatesView })));
const ImportExportScreen = lazy(() => import('../features/imports/ImportExportScreen').then((m) => ({ default: m.ImportExportScreen })));
const AuditScreen = lazy(() => import('../features/audit/AuditScreen').then((m) => ({ default: m.AuditScreen })));
const SuppressionScreen = lazy(() => import('../features/suppression/SuppressionScreen').then((m) => ({ default: m.SuppressionScreen })));
const BackupsScreen = lazy(() => import('../features/backups/BackupsScreen').then((m) => ({ default: m.BackupsScreen })));
const SegmentsScreen = lazy(() => import('../features/segments/SegmentsScreen').then((m) => ({ default: m.SegmentsScreen })));
const SettingsScreen = lazy(() => import('../features/settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })));
const StaffScreen = lazy(() => import('../features/staff/StaffScreen').then((m) => ({ default: m.StaffScreen })));

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl';

const places: { route: Route; label: string; icon: typeof UsersIcon; matches: Route['name'][] }[] = [
  { route: { name: 'directory' }, label: 'Customers', icon: UsersIcon, matches: ['directory', 'customer'] },
  { route: { name: 'dashboard' }, label: 'Dashboard', icon: ChartIcon, matches: ['dashboard'] },
  { route: { name: 'segments' }, label: 'Segments', icon: FilterIcon, matches: ['segments'] },
  { route: { name: 'import' }, label: 'Import / Export', icon: TransferIcon, matches: ['import'] },
  { route: { name: 'duplicates' }, label: 'Possible duplicates', icon: MergeIcon, matches: ['duplicates'] },
  { route: { name: 'staff' }, label: 'Staff', icon: UserCogIcon, matches: ['staff'] },
  { route: { name: 'audit' }, label: 'Audit log', icon: HistoryIcon, matches: ['audit'] },
  { route: { name: 'suppression' }, label: 'Suppression list', icon: ShieldIcon, matches: ['suppression'] },
  { route: { name: 'backups' }, label: 'Backups', icon: DatabaseIcon, matches: ['backups'] },
  { route: { name: 'settings' }, label: 'Settings', icon: SettingsIcon, matches: ['settings'] },
];

function Screen({ route }: { route: Route }) {
  const isOwner = useIsOwner();
  if (ownerOnlyRoutes.has(route.name) && !isOwner) return <OwnerOnly />;
  switch (route.name) {
    case 'customer':
      return <CustomerProfile key={route.id} id={route.id} />;
    case 'duplicates':
      return <DuplicatesView />;
    case 'settings':
      return <SettingsScreen />;
    case 'dashboard':
      return <DashboardScreen />;
    case 'segments':
      return <SegmentsScreen />;
    case 'import':
      return <ImportExportScreen />;
    case 'staff':
      return <StaffScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'suppression':
      return <SuppressionScreen />;
    case 'backups':
      return <BackupsScreen />;
    default:
      return <CustomerDirectory />;
  }
}

function ScreenLoading() {
  return (
    <Center py="xl" aria-busy="true">
      <Loader size="sm" aria-label="Loading" />
    </Center>
  );
}

/**
 * The top bar's search field: its own component, the only one that renders on each keystroke (the
 * shell around it, with the navigation and the screen, does not).
 */
function TopBarSearch() {
  const search = useSearch();
  const [route, go] = useRoute();
  return (
    <TextInput
      ref={search.inputRef}
      aria-label="Search customers"
      placeholder="Search customers by name, phone or email"
      type="search"
      autoComplete="off"
      spellCheck={false}
      leftSection={<SearchIcon size={16} />}
      rightSectionWidth={search.text ? 36 : 64}
      rightSection={
        search.text ? (
          <CloseButton
            aria-label="Clear search"
            onClick={() => {
              search.setText('');
              search.focus();
            }}
          />
        ) : (
          <Group gap={4} wrap="nowrap" aria-hidden="true">
            <Kbd>/</Kbd>
          </Group>
        )
      }
      value={search.text}
      onChange={(event) => {
        search.setText(event.currentTarget.value);
        if (route.name !== 'directory') go({ name: 'directory' });
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          if (search.text) search.setText('');
          else event.currentTarget.blur();
          return;
        }
        search.keyHandler.current?.(event);
      }}
      style={{ flex: 1, maxWidth: 640 }}
      size="md"
    />
  );
}

/** The persistent top bar (shop, search, New sale), the left navigation, and the main area. */
export function Shell() {
  const settings = useSettings();
  const dialogs = useDialogs();
  const search = useSearchControls();
  const [route] = useRoute();
  const isOwner = useIsOwner();
  // A shared book's till: what waits to be sent, and whether the book answers (re-renders only when that changes).
  const outbox = useOutboxStatus();
  const outOfReach = useOutOfReach(outbox);

  const focusSearch = () => {
    if (dialogs.anyOpen) return;
    search.focus();
  };
  const newSale = () => {
    if (!dialogs.anyOpen) dialogs.openQuickSale();
  };

  // A card scanned anywhere (the search field, nothing focused) opens its holder; an open quick sale takes scans itself.
  useEffect(() => installScanner(), []);
  useScanHandler(async (code) => {
    try {
      const holder = await call('cards.find', { code });
      navigate({ name: 'customer', id: holder.id });
      return true;
    } catch (error) {
      // Not a card's code (or not one at all): the keys are typed where they were going.
      if (!isApiError(error) || (error.code !== 'not_found' && error.code !== 'validation')) notifyError(error, `Card ${code} was scanned`);
      return false;
    }
  });

  // "/" only when not typing somewhere; the others work from anywhere.
  useHotkeys([['/', focusSearch]]);
  useHotkeys(
    [
      ['mod+F', focusSearch],
      ['mod+K', focusSearch],
      ['F2', newSale],
      ['mod+shift+S', newSale],
    ],
    [],
  );

  return (
    <AppShell header={{ height: 64 }} navbar={{ width: 236, breakpoint: 0 }} padding="md">
      <LiveUpdates />
      <AppShell.Header px="lg">
        <Group h="100%" gap="lg" wrap="nowrap">
          <Anchor href="#/" underline="never" c="inherit" miw={0} maw={260} aria-label={`${settings.shopName}: customers`}>
            <Group gap="xs" wrap="nowrap">
            <Box c="var(--mantine-primary-color-filled)" style={{ display: 'flex' }}>
              <StoreIcon size={22} />
            </Box>
            <Text span fw={700} fz="lg" truncate="end" title={settings.shopName}>
              {settings.shopName}
            </Text>
            </Group>
          </Anchor>
          <TopBarSearch />
          <Group gap="sm" wrap="nowrap" ml="auto">
            <OutboxIndicator status={outbox} />
            <Button variant="default" leftSection={<PlusIcon size={16} />} onClick={() => dialogs.openNewCustomer()}>
              New customer
            </Button>
            <Tooltip label={`New sale (F2 or ${mod}+Shift+S)`}>
              <Button leftSection={<ReceiptIcon size={16} />} onClick={newSale} title={`New sale (F2 or ${mod}+Shift+S)`} aria-keyshortcuts="F2 Control+Shift+S">
                New sale
              </Button>
            </Tooltip>
            <SignedInMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {places.filter((place) => isOwner || !ownerOnlyRoutes.has(place.route.name)).map((place) => {
          const Icon = place.icon;
          const active = place.matches.includes(route.name);
          return (
            <NavLink
              key={place.label}
              href={hrefOf(place.route)}
              label={place.label}
              leftSection={<Icon size={18} />}
              active={active}
              aria-current={active ? 'page' : undefined}
              variant="light"
              className="main-nav-link"
              fw={600}
              noWrap
              style={{ borderRadius: 'var(--mantine-radius-md)' }}
              mb={4}
            />
          );
        })}
      </AppShell.Navbar>
      <AppShell.Main>
        <Box maw={1600} mx="auto">
          <OutOfReachBanner shown={outOfReach} />
          <ErrorBoundary resetKey={route.name === 'customer' ? route.id : route.name}>
            <Suspense fallback={<ScreenLoading />}>
              <Screen route={route} />
            </Suspense>
          </ErrorBoundary>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
