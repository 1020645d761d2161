import { useCallback, useSyncExternalStore } from 'react';

/** Two places for now: the directory and one customer's profile. The hash keeps Back working. */
export type Route = { name: 'directory' } | { name: 'customer'; id: number };

function parse(hash: string): Route {
  const match = /^#\/customers\/(\d+)$/.exec(hash);
  if (match) return { name: 'customer', id: Number(match[1]) };
  return { name: 'directory' };
}

export const hrefOf = (route: Route): string => (route.name === 'customer' ? `#/customers/${route.id}` : '#/');

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function navigate(route: Route): void {
  const href = hrefOf(route);
  if (window.location.hash !== href) window.location.hash = href;
}

export function useRoute(): [Route, (route: Route) => void] {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const go = useCallback((route: Route) => navigate(route), []);
  return [parse(hash), go];
}
