import { useCallback, useSyncExternalStore } from 'react';

/** The places in the app. The hash keeps Back working. */
export type Route =
  | { name: 'directory'; segment?: string }
  | { name: 'customer'; id: number }
  | { name: 'dashboard' }
  | { name: 'segments' }
  | { name: 'import' }
  | { name: 'duplicates' }
  | { name: 'settings' }
  | { name: 'staff' }
  | { name: 'audit' }
  | { name: 'suppression' }
  | { name: 'backups' };

/**
 * Places only the owner may open. The core refuses their methods to staff anyway; the shell hides
 * them from the navigation and shows a plain message to staff who type the address.
 */
export const ownerOnlyRoutes: ReadonlySet<Route['name']> = new Set<Route['name']>(['import', 'duplicates', 'settings', 'staff', 'audit', 'suppression', 'backups']);

/** The place a location hash names. */
export function routeOf(hash: string): Route {
  const match = /^#\/customers\/(\d+)$/.exec(hash);
  if (match) return { name: 'customer', id: Number(match[1]) };
  if (hash === '#/duplicates') return { name: 'duplicates' };
  if (hash === '#/settings') return { name: 'settings' };
  if (hash === '#/dashboard') return { name: 'dashboard' };
  if (hash === '#/segments') return { name: 'segments' };
  if (hash === '#/import') return { name: 'import' };
  if (hash === '#/staff') return { name: 'staff' };
  if (hash === '#/audit') return { name: 'audit' };
  if (hash === '#/suppression') return { name: 'suppression' };
  if (hash === '#/backups') return { name: 'backups' };
  // The directory filtered by a segment: #/?segment=high_value (opening a segment lands here).
  const segment = /^#\/\?(.*)$/.exec(hash) ? new URLSearchParams(hash.slice(3)).get('segment') : null;
  if (segment) return { name: 'directory', segment };
  return { name: 'directory' };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'customer':
      return `#/customers/${route.id}`;
    case 'duplicates':
      return '#/duplicates';
    case 'settings':
      return '#/settings';
    case 'dashboard':
      return '#/dashboard';
    case 'segments':
      return '#/segments';
    case 'import':
      return '#/import';
    case 'staff':
      return '#/staff';
    case 'audit':
      return '#/audit';
    case 'suppression':
      return '#/suppression';
    case 'backups':
      return '#/backups';
    case 'directory':
      return route.segment ? `#/?segment=${encodeURIComponent(route.segment)}` : '#/';
    default:
      return '#/';
  }
}

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
  return [routeOf(hash), go];
}
