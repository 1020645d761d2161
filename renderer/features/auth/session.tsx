import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AuthStatus, InputOf, SignedInMember, StaffRole } from '../../../shared/contract';
import { call, isApiError } from '../../api';
import { takeStartup } from '../../app/startup';

/** Someone who can sign in, as the "who are you?" picker lists them. */
export type Member = AuthStatus['members'][number];

/**
 * Where this window stands: still asking the core, signed out (the sign-in screen, perhaps locked
 * with the last member preselected), or signed in as one member of staff.
 */
export type SessionState =
  | { phase: 'loading' }
  | { phase: 'unavailable'; message: string }
  | { phase: 'signedOut'; status: AuthStatus; lockedOut: Member | null }
  | { phase: 'signedIn'; member: SignedInMember };

export interface Session {
  state: SessionState;
  /** First run: the shop gets its settings, the owner a name and PIN, and is signed in. Throws an ApiError when refused. */
  setupOwner(input: InputOf<'auth.setupOwner'>): Promise<void>;
  /** Throws an ApiError (wrong PIN, locked out, unknown member) for the sign-in screen to show. */
  signIn(staffId: number, pin: string): Promise<void>;
  /** Signs out to the sign-in screen with nobody picked: the next person chooses their own name. */
  switchUser(): Promise<void>;
  /** Signs out to a "Locked" sign-in screen with the same member picked, so they only retype their PIN. */
  lock(): Promise<void>;
  /** Asks the core again, e.g. after a damaged book was restored from a backup. */
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

const asMember = (m: SignedInMember): Member => ({ id: m.id, name: m.name, role: m.role });
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Holds who is signed in at this window. Every sign-in and sign-out empties the react-query cache
 * and the toasts, so one member never sees what the previous one had on screen.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ phase: 'loading' });
  const stateRef = useRef(state);
  stateRef.current = state;

  const forgetEverything = useCallback(() => {
    queryClient.clear();
    notifications.clean();
  }, [queryClient]);

  /** Asks the core who is signed in; signed out, the sign-in screen shows (locked to `lockedOut` if given). */
  const loadStatus = useCallback(
    async (lockedOut: Member | null) => {
      const atStart = takeStartup();
      const status = await (atStart?.status ?? call('auth.status', {}));
      forgetEverything();
      if (status.signedIn) {
        const signedIn: SessionState = { phase: 'signedIn', member: status.signedIn };
        // Ahead of the render, so that what the start fetched (perhaps already in) finds this session current.
        stateRef.current = signedIn;
        atStart?.seed(queryClient, () => stateRef.current === signedIn);
        setState(signedIn);
      } else setState({ phase: 'signedOut', status, lockedOut });
    },
    [forgetEverything, queryClient],
  );

  const refresh = useCallback(async () => {
    try {
      await loadStatus(null);
    } catch (error) {
      setState({ phase: 'unavailable', message: messageOf(error) });
    }
  }, [loadStatus]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const enter = useCallback(
    (member: SignedInMember) => {
      forgetEverything();
      setState({ phase: 'signedIn', member });
    },
    [forgetEverything],
  );

  const signOut = useCallback(
    async (keepMember: boolean) => {
      const current = stateRef.current;
      const lockedOut = keepMember && current.phase === 'signedIn' ? asMember(current.member) : null;
      // The app leaves the screen at once, before the core answers: a locked counter shows nothing.
      setState({ phase: 'loading' });
      try {
        await call('auth.signOut', {});
        await loadStatus(lockedOut);
      } catch (error) {
        setState({ phase: 'unavailable', message: messageOf(error) });
      }
    },
    [loadStatus],
  );

  // The core also ends a session by itself (its own idle clock, a restored backup, a book its check
  // found damaged after it opened). A call refused as forbidden or as a conflict is the sign of that:
  // ask again, and if nobody is signed in any more, show the lock (or the restore a damaged book offers).
  useEffect(() => {
    const recheck = (error: unknown) => {
      const current = stateRef.current;
      if (current.phase !== 'signedIn' || !isApiError(error) || (error.code !== 'forbidden' && error.code !== 'conflict')) return;
      void call('auth.status', {})
        .then((status) => {
          if (!status.signedIn && stateRef.current.phase === 'signedIn') {
            forgetEverything();
            setState({ phase: 'signedOut', status, lockedOut: asMember(current.member) });
          }
        })
        .catch(() => undefined);
    };
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') recheck(event.action.error);
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') recheck(event.action.error);
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [queryClient, forgetEverything]);

  const session = useMemo<Session>(
    () => ({
      state,
      setupOwner: async (input) => enter(await call('auth.setupOwner', input)),
      signIn: async (staffId, pin) => {
        try {
          enter(await call('auth.signIn', { staffId, pin }));
        } catch (error) {
          // Refused as a conflict: the book's check (done after it opened) may have found it damaged; the status says.
          if (isApiError(error) && error.code === 'conflict') await refresh();
          throw error;
        }
      },
      switchUser: () => signOut(false),
      lock: () => signOut(true),
      refresh,
    }),
    [state, enter, signOut, refresh],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The member signed in at this window. Only screens behind the sign-in screen may ask. */
export function useSignedIn(): SignedInMember {
  const { state } = useSession();
  if (state.phase !== 'signedIn') throw new Error('useSignedIn while nobody is signed in');
  return state.member;
}

/** True for the owner. The core refuses owner-only methods anyway; this keeps the UI from offering them to staff. */
export function useIsOwner(): boolean {
  return useSignedIn().role === 'owner';
}

export const roleLabels: Record<StaffRole, string> = { owner: 'Owner', staff: 'Staff' };
