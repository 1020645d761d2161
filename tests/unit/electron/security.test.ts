import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  denyPermissionCheck,
  denyPermissionRequest,
  externalUrl,
  isTrustedSender,
  resolveAppFile,
  shouldAllowNavigation,
  windowOpenHandler,
  withContentSecurityPolicy,
} from '../../../electron/main/security';
import { hardenSession, registerAppScheme, serveRenderer } from '../../../electron/main/session';

// Nothing here may reach the real electron package: without a binary, requiring it starts a download.
vi.mock('electron', () => ({}));

describe('navigation', () => {
  it('allows our own page, with or without a hash or query', () => {
    expect(shouldAllowNavigation(APP_ENTRY_URL)).toBe(true);
    expect(shouldAllowNavigation('app://regulars/')).toBe(true);
    expect(shouldAllowNavigation('app://regulars/index.html#/customers/4')).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://regulars/index.html',
    'app://evil/index.html',
    'app://regulars.evil.com/index.html',
    'app://user@regulars/index.html',
    'app://regulars/other.html',
    'app://regulars/assets/index.js',
    'file:///etc/passwd',
    'file:///work/main/out/renderer/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'not a url',
    '',
  ])('denies %s', (url) => {
    expect(shouldAllowNavigation(url)).toBe(false);
  });

  it('does not fall for string-prefix tricks', () => {
    expect(shouldAllowNavigation('app://regulars@evil.com/index.html')).toBe(false);
    expect(shouldAllowNavigation('app://regulars.index.html.evil/index.html')).toBe(false);
  });

  it('denies values that are not strings', () => {
    expect(shouldAllowNavigation(undefined)).toBe(false);
    expect(shouldAllowNavigation({ toString: () => APP_ENTRY_URL })).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts the main frame of our page', () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: null })).toBe(true);
  });

  it('rejects a missing frame (disposed, or not a frame at all)', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });

  it('rejects a subframe, even one showing our page', () => {
    const main = { url: APP_ENTRY_URL, parent: null };
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: main })).toBe(false);
  });

  it.each(['https://example.com/', 'app://evil/index.html', 'file:///work/main/out/renderer/index.html', 'about:blank', ''])(
    'rejects a main frame at %s',
    (url) => {
      expect(isTrustedSender({ url, parent: null })).toBe(false);
    },
  );
});

describe('window.open', () => {
  it('always denies, and only http(s) URLs reach openExternal', () => {
    const openExternal = vi.fn(async () => undefined);
    const handler = windowOpenHandler(openExternal);
    expect(handler({ url: 'https://example.com/a?b=c' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://example.com/a?b=c'], ['http://example.com/']]);
  });

  it.each([
    'data:text/html,<h1>x</h1>',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'app://regulars/index.html',
    'smb://server/share',
    'ms-settings:',
    'mailto:someone@example.com',
    'https://',
    'nonsense',
  ])('never opens %s', (url) => {
    const openExternal = vi.fn(async () => undefined);
    expect(windowOpenHandler(openExternal)({ url })).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
    expect(externalUrl(url)).toBeNull();
  });

  it('passes the re-serialised URL, not the raw string', () => {
    expect(externalUrl('HTTPS://Example.COM/a b')).toBe('https://example.com/a%20b');
  });

  it('swallows a failing openExternal instead of crashing main', async () => {
    const handler = windowOpenHandler(() => Promise.reject(new Error('no browser')));
    expect(handler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
});

describe('content security policy', () => {
  it('has script-src self and no unsafe-eval', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    const scriptSrc = CONTENT_SECURITY_POLICY.split(';').find((d) => d.trim().startsWith('script-src'));
    expect(scriptSrc?.trim()).toBe("script-src 'self'");
  });

  it('replaces any CSP a response carried and keeps other headers', () => {
    const headers = withContentSecurityPolicy({
      'content-security-policy': ["script-src 'unsafe-eval'"],
      'Content-Type': ['text/html'],
      'X-Single': 'one',
    });
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'X-Single': ['one'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('permissions', () => {
  it('denies every request and every check', () => {
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      denyPermissionRequest({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(denyPermissionCheck()).toBe(false);
  });
});

describe('session hardening', () => {
  it('installs the deny-all handlers and sets the CSP header on responses', () => {
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    };
    hardenSession(session as never);
    const request = session.setPermissionRequestHandler.mock.calls[0][0];
    const granted = vi.fn();
    request({}, 'media', granted, {});
    expect(granted).toHaveBeenCalledWith(false);
    expect(session.setPermissionCheckHandler.mock.calls[0][0]({}, 'notifications', 'app://regulars', {})).toBe(false);

    const onHeaders = session.webRequest.onHeadersReceived.mock.calls[0][0];
    const callback = vi.fn();
    onHeaders({ responseHeaders: { 'Content-Security-Policy': ["script-src * 'unsafe-eval'"] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
});

describe('app:// protocol', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-renderer-'));
  const renderer = path.join(root, 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'outside');

  it('maps our URLs to files inside the renderer folder', () => {
    expect(resolveAppFile(renderer, 'app://regulars/index.html')).toBe(path.join(renderer, 'index.html'));
    expect(resolveAppFile(renderer, 'app://regulars/')).toBe(path.join(renderer, 'index.html'));
    expect(resolveAppFile(renderer, 'app://regulars/assets/index-1.js?v=1')).toBe(path.join(renderer, 'assets', 'index-1.js'));
  });

  it.each([
    'app://regulars/..%2Fsecret.txt',
    'app://regulars/assets/..%2F..%2Fsecret.txt',
    'app://regulars/..%5Csecret.txt',
    'app://regulars/%00index.html',
    'app://regulars/%E0%A4%A',
    'app://evil/index.html',
    'file:///etc/passwd',
    'https://regulars/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(renderer, url)).toBeNull();
  });

  it('keeps plain dot segments inside the folder (the URL parser already collapsed them)', () => {
    for (const url of ['app://regulars/../secret.txt', 'app://regulars/%2e%2e/secret.txt', 'app://regulars/assets/%2e%2e/%2e%2e/secret.txt']) {
      expect(resolveAppFile(renderer, url)).toBe(path.join(renderer, 'secret.txt'));
    }
  });

  it('registers a standard, secure scheme without CORS', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol);
    const [[schemes]] = protocol.registerSchemesAsPrivileged.mock.calls;
    expect(schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('serves renderer files with the CSP header, and 404s anything outside', async () => {
    const protocol = { handle: vi.fn() };
    const net = { fetch: vi.fn(async () => new Response('<!doctype html>', { headers: { 'Content-Type': 'text/html' } })) };
    serveRenderer(protocol, net as never, renderer);
    const [[scheme, handler]] = protocol.handle.mock.calls;
    expect(scheme).toBe('app');

    const page: Response = await handler({ url: 'app://regulars/index.html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('Content-Type')).toBe('text/html');
    expect(net.fetch).toHaveBeenCalledWith(pathToFileURL(path.join(renderer, 'index.html')).href);

    net.fetch.mockClear();
    const outside: Response = await handler({ url: 'app://regulars/..%2Fsecret.txt' });
    expect(outside.status).toBe(404);
    expect(net.fetch).not.toHaveBeenCalled();
  });
});
