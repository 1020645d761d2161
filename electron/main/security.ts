/**
 * The window's security rules as pure functions over plain values (URLs, frames, header maps), so
 * each rule of Electron's security checklist is unit-tested without a real Electron.
 */
import path from 'node:path';

/**
 * The renderer is served by our own protocol handler (see protocol.ts) rather than from file://:
 * a file:// page has an opaque origin shared with every file on disk, so "is this our page?" could
 * only be answered with path-string checks. app://regulars is a real origin of its own.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'regulars';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Sent as a response header on every page. Styles allow 'unsafe-inline' because Mantine injects
 * style tags (the same policy as renderer/index.html's meta tag); scripts stay 'self' only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const parse = (url: unknown): URL | null => {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
};

/** Our one page: app scheme, our host, the entry document. Its query and hash are its own business. */
export function isAppPage(url: unknown): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    (parsed.pathname === '/' || parsed.pathname === '/index.html')
  );
}

/** What we need of Electron's WebFrameMain: a main frame has no parent. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** An IPC message is trusted only from the main frame of our own page; never an iframe. */
export function isTrustedSender(frame: FrameLike | null | undefined): boolean {
  if (!frame) return false;
  return frame.parent === null && isAppPage(frame.url);
}

/** The window never leaves our page: links and scripts can't replace it. */
export function shouldAllowNavigation(url: unknown): boolean {
  return isAppPage(url);
}

/** The URL the system browser may open, or null: only http(s) with a host, re-serialised after parsing. */
export function externalUrl(url: unknown): string | null {
  const parsed = parse(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') return null;
  return parsed.href;
}

/** For setWindowOpenHandler: no window ever opens; a web link goes to the system browser instead. */
export function windowOpenHandler(openExternal: (url: string) => Promise<void> | void) {
  return ({ url }: { url: string }): { action: 'deny' } => {
    const external = externalUrl(url);
    if (external) void Promise.resolve(openExternal(external)).catch(() => undefined);
    return { action: 'deny' };
  };
}

/** Adds our CSP to response headers, replacing any other spelling of the header a response carried. */
export function withContentSecurityPolicy(
  headers: Record<string, string | string[]> | undefined,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    result[name] = Array.isArray(value) ? value : [value];
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return result;
}

/** Camera, notifications, clipboard reads, …: the customer book needs none of them. */
export function denyPermissionRequest(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

export function denyPermissionCheck(): boolean {
  return false;
}

/**
 * Maps an app:// request to a file inside the built renderer folder, or null. Percent-encoded
 * `..` and separators are decoded first, then the resolved path must stay inside the folder.
 */
export function resolveAppFile(rendererRoot: string, url: string): string | null {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^[/\\]+/, '');
  const root = path.resolve(rendererRoot);
  const file = path.resolve(root, relative);
  const inside = path.relative(root, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return null;
  return file;
}
