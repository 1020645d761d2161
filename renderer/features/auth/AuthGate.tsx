import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { notifyError } from '../../components/notify';
import { DamagedBookScreen } from '../backups/DamagedBookScreen';
import { useSession } from './session';
import { SignInScreen } from './SignInScreen';
import { useIdleLock } from './useIdleLock';

/**
 * Shows the app only to a signed-in member. Everything else (the sign-in screen, first-run setup,
 * a damaged book) comes first. The app's subtree is keyed by who signed in, so nothing the previous
 * member had open (search text, a half-filled dialog) survives a change of member.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const session = useSession();
  const { state } = session;

  if (state.phase === 'loading') {
    return (
      <Center mih="100vh" aria-busy="true" aria-label="Opening Regulars">
        <Loader />
      </Center>
    );
  }
  if (state.phase === 'unavailable') {
    return (
      <Center mih="100vh" p="xl" component="main">
        <Alert color="red" title="Regulars cannot open the customer book" maw={520}>
          <Stack gap="sm">
            <Text>{state.message}</Text>
            <Button variant="light" color="red" onClick={() => void session.refresh()} w="fit-content">
              Try again
            </Button>
          </Stack>
        </Alert>
      </Center>
    );
  }
  if (state.phase === 'signedOut') {
    const { status, lockedOut } = state;
    if (status.damaged) return <DamagedBookScreen damaged={status.damaged} />;
    return (
      <SignInScreen
        key={lockedOut ? `locked-${lockedOut.id}` : 'sign-in'}
        members={status.members}
        needsOwnerSetup={status.needsOwnerSetup}
        lockedOut={lockedOut}
      />
    );
  }
  return (
    <SignedIn key={state.member.id} idleLockMinutes={state.member.idleLockMinutes}>
      {children}
    </SignedIn>
  );
}

function SignedIn({ idleLockMinutes, children }: { idleLockMinutes: number; children: ReactNode }) {
  const session = useSession();
  useIdleLock(idleLockMinutes, () => session.lock().catch((error: unknown) => notifyError(error, 'Regulars could not lock itself')));
  return <>{children}</>;
}
