import type { QueryClient } from '@tanstack/react-query';
import type { AuthStatus, OutputOf } from '../../shared/contract';
import { call, queryKey } from '../api';
import { openingWindow } from '../features/customers/CustomerDirectory';
import { routeOf } from './router';

export interface Startup {
  /** Who was signed in when the window opened. */
  status: Promise<AuthStatus>;
  /**
   * Puts the settings and first rows fetched at start into the cache (just emptied for the member
   * signed in), unless `stillCurrent` says that session has ended by the time they are in.
   */
  seed(client: QueryClient, stillCurrent: () => boolean): void;
}

let startup: Startup | null = null;

/**
 * Sends the calls every start needs (who is signed in, the shop's settings, the directory's first
 * rows) together, as the page's scripts run. Made one after another as React mounts, each waited
 * for the one before it: the first rows came a render and two round trips later. Signed out, the
 * settings and rows are refused and simply not used.
 */
export function beginStartup(): void {
  const quietly = <T>(promise: Promise<T>) => promise.then((value) => value, () => undefined);
  const route = routeOf(window.location.hash);
  const settings = quietly(call('settings.get', {}));
  const directory: Promise<OutputOf<'customers.list'> | undefined> =
    route.name === 'directory' && !route.segment ? quietly(call('customers.list', openingWindow)) : Promise.resolve(undefined);
  startup = {
    status: call('auth.status', {}),
    seed(client, stillCurrent) {
      void settings.then((value) => value && stillCurrent() && client.setQueryData(queryKey('settings.get', {}), value));
      void directory.then((value) => value && stillCurrent() && client.setQueryData(queryKey('customers.list', openingWindow), value));
    },
  };
}

/** The calls made at start, once: every later sign-in, lock or switch of user asks for itself. */
export function takeStartup(): Startup | null {
  const taken = startup;
  startup = null;
  return taken;
}
