import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { call, createQueryClient, queryKey } from '../api';
import { AuthGate } from '../features/auth/AuthGate';
import { SessionProvider } from '../features/auth/session';
import { openingWindow } from '../features/customers/CustomerDirectory';
import { SettingsProvider } from '../features/settings/settings';
import { DialogsProvider } from './dialogs';
import { useRoute } from './router';
import { SearchProvider } from './search';
import { Shell } from './Shell';
import { cssVariablesResolver, theme } from './theme';

/**
 * Signed in on the directory, its first rows are asked for alongside the settings rather than after
 * them (the directory renders only once settings are in): the counter sees customers sooner.
 */
function FetchOpeningDirectory() {
  const queryClient = useQueryClient();
  const [route] = useRoute();
  const opensOnEveryone = route.name === 'directory' && !route.segment;
  useEffect(() => {
    if (opensOnEveryone) void queryClient.prefetchQuery({ queryKey: queryKey('customers.list', openingWindow), queryFn: () => call('customers.list', openingWindow) });
    // Only at sign-in: afterwards the directory fetches for itself.
  }, []);
  return null;
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <AuthGate>
            <FetchOpeningDirectory />
            <SettingsProvider>
              <SearchProvider>
                <DialogsProvider>
                  <Shell />
                </DialogsProvider>
              </SearchProvider>
            </SettingsProvider>
          </AuthGate>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
