import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { createQueryClient } from '../api';
import { AuthGate } from '../features/auth/AuthGate';
import { SessionProvider } from '../features/auth/session';
import { SettingsProvider } from '../features/settings/settings';
import { DialogsProvider } from './dialogs';
import { SearchProvider } from './search';
import { Shell } from './Shell';
import { cssVariablesResolver, theme } from './theme';

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <AuthGate>
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
