import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleWebBridge } from '../../../electron/web/bundle-bridge';
import { parseCall, type Transport } from '../../../shared/transport';
import { startDatabaseWorkers, type DatabaseWorkers } from '../../../electron/worker/client';
import { openSessionGate } from '../../../db/session';
import { startDevHost, type DevHost } from '../../../electron/web/server';
import { bundled, migrationsFolder, repoRoot, tempDir } from '../helpers';

let running: { host: DevHost; workers: DatabaseWorkers } | undefined;
/** The browser bridge as the build bundles it, so the page these tests load is the real one. */
let bridgeFile: string;
beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-bridge-'));
  bridgeFile = path.join(dir, 'web-bridge.js');
  fs.writeFileSync(bridgeFile, await bundleWebBridge(repoRoot));
  return () => fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);
afterEach(async () => {
  await running?.host.close();
  await running?.workers.close();
  running = undefined;
});

async function start({ signedIn = true } = {}) {
  const dir = tempDir();
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>R</title></head><body></body></html>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
  const workers = await startDatabaseWorkers({
    workerFile: bundled('worker'),
    location: path.join(dir, 'regulars.db'),
    migrationsFolder,
  });
  const gate = await openSessionGate({ open: async () => workers, databaseFile: path.join(dir, 'regulars.db'), migrationsFolder });
  const host = await startDevHost({ gate, rendererDir, bridgeFile });
  running = { host, workers };
  const base = `http://127.0.0.1:${host.port}`;
  const call = async (method: string, input: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}/api/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, ...headers },
      body: JSON.stringify({ method, input }),
    });
    return { status: response.status, body: response.status === 200 ? await response.json() : await response.text() };
  };
  if (signedIn) expect((await call('auth.setupOwner', { name: 'Owner', pin: '1234' })).body).toMatchObject({ ok: true });
  return { host, base, call };
}

describe('the loopback dev host', () => {
  it('prints a 127.0.0.1 URL carrying its token, and serves the page with the bridge injected', async () => {
    const { host, base } = await start();
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=${host.token}$`));
    const page = await (await fetch(`${base}/`)).text();
    expect(page).toContain('<script src="/regulars-bridge.js"></script>');
    const bridge = await (await fetch(`${base}/regulars-bridge.js`)).text();
    expect(bridge).toBe(fs.readFileSync(bridgeFile, 'utf8'));
  });

  it("serves a bridge that defines window.regulars, keeps the link's token, and answers as the preload does", async () => {
    const { host, base } = await start();
    const script = await (await fetch(`${base}/regulars-bridge.js`)).text();
    // The page as far as the bridge sees it: its address, its session storage, and fetch to this host.
    const stored = new Map<string, string>();
    const sent: { url: string; authorization: string | null }[] = [];
    const page = {
      location: { search: `?token=${host.token}` },
      sessionStorage: { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => void stored.set(key, value) },
      fetch: (url: string, init: RequestInit) => {
        sent.push({ url, authorization: new Headers(init.headers).get('authorization') });
        return fetch(`${base}${url}`, init);
      },
      URLSearchParams,
      Headers,
      window: {} as { regulars?: Transport },
    };
    vm.runInNewContext(script, page);
    const api = page.window.regulars!;
    expect(Object.keys(api)).toEqual(['call']);
    expect(Object.isFrozen(api)).toBe(true);
    expect(stored.get('regulars-token')).toBe(host.token);
    await expect(api.call('auth.status', {})).resolves.toMatchObject({ ok: true, value: { needsOwnerSetup: false } });
    expect(sent).toEqual([{ url: '/api/call', authorization: `Bearer ${host.token}` }]);
    // An unknown method is answered in the page, as the preload answers it, without a request.
    await expect(api.call('no.such.method' as never, {} as never)).resolves.toEqual({ ok: false, error: { code: 'validation', message: 'Unknown method: no.such.method' } });
    expect(sent).toHaveLength(1);
    // Reloaded without the token in the address: the stored one still works; a wrong one is told how to get in.
    const reloaded = { ...page, location: { search: '' }, window: {} as { regulars?: Transport } };
    vm.runInNewContext(script, reloaded);
    await expect(reloaded.window.regulars!.call('auth.status', {})).resolves.toMatchObject({ ok: true });
    stored.set('regulars-token', 'wrong');
    const locked = { ...page, location: { search: '' }, window: {} as { regulars?: Transport } };
    vm.runInNewContext(script, locked);
    await expect(locked.window.regulars!.call('auth.status', {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('npm run web') } });
  });

  it('answers nothing but the sign-in methods until someone signs in, and acts as whoever did', async () => {
    const { call } = await start({ signedIn: false });
    expect((await call('customers.search', { query: 'ama' })).body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await call('auth.status', {})).body).toMatchObject({ ok: true, value: { needsOwnerSetup: true, signedIn: null } });
    expect((await call('auth.setupOwner', { name: 'Esi', pin: '2468' })).body).toMatchObject({ ok: true, value: { name: 'Esi', role: 'owner' } });
    const kofi = (await call('staff.add', { name: 'Kofi', role: 'staff', pin: '1357' })).body.value;
    expect((await call('auth.signOut', {})).body).toMatchObject({ ok: true });
    expect((await call('customers.search', { query: 'ama' })).body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await call('auth.signIn', { staffId: kofi.id, pin: '1357' })).body).toMatchObject({ ok: true, value: { name: 'Kofi', role: 'staff' } });
    expect((await call('customers.search', { query: 'ama' })).body).toMatchObject({ ok: true });
    expect((await call('exports.customers', {})).body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await call('backups.create', {})).body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('serves the contract only with the run token', async () => {
    const { call } = await start();
    expect((await call('stats.get', {}, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await call('stats.get', {}, { authorization: '' })).status).toBe(401);
    const ok = await call('stats.get', {});
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, value: { totalCustomers: 0 } });
  });

  it('refuses other Host names (DNS rebinding), other origins, and paths outside the renderer', async () => {
    const { base, call, host } = await start();
    expect((await call('stats.get', {}, { origin: 'http://evil.example' })).status).toBe(403);
    const http = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      http
        .get({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: `evil.example:${host.port}` } }, (res) => resolve(res.statusCode ?? 0))
        .end();
    });
    expect(status).toBe(403);
    expect((await fetch(`${base}/..%2fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/secret.txt`)).status).toBe(404);
  });

  it('returns validation results for unknown methods and malformed bodies, never a crash', async () => {
    const { base, call, host } = await start();
    expect((await call('customers.drop', {})).body).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect((await call('customers.create', { firstName: '' })).body).toMatchObject({ ok: false, error: { code: 'validation', fields: { firstName: expect.any(String) } } });
    // The same answer, word for word, as Electron's IPC edge and the core give: all read the call with parseCall.
    expect((await call('customers.create', { firstName: '', email: 'nope' })).body).toEqual(parseCall('customers.create', { firstName: '', email: 'nope' }));
    const bad = await fetch(`${base}/api/call`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` }, body: '{not json' });
    expect(bad.status).toBe(400);
    expect((await call('stats.get', {})).status).toBe(200);
  });

  it('keeps answering searches while a 50,000-customer write runs in the writer worker', async () => {
    const { call } = await start();
    expect((await call('settings.update', { phoneCountry: 'GH', currency: 'GHS' })).body).toMatchObject({ ok: true });
    expect((await call('customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' })).body).toMatchObject({ ok: true });
    const customers = Array.from({ length: 50_000 }, (_, i) => ({ firstName: `Bulk${i}`, lastName: 'Customer', email: `bulk${i}@example.com` }));
    let bulkDone = false;
    const bulk = call('customers.bulkCreate', { customers }).then((r) => {
      bulkDone = true;
      return r;
    });
    const answeredDuringWrite: number[] = [];
    // Each search waits for the one before: a bounded loop, ended by the write finishing.
    for (let i = 0; i < 10_000 && !bulkDone; i++) {
      const result = await call('customers.search', { query: '4123' });
      if (bulkDone) break;
      expect(result.body).toMatchObject({ ok: true, value: [expect.objectContaining({ firstName: 'Ama' })] });
      answeredDuringWrite.push(i);
    }
    const written = await bulk;
    expect(written.body).toEqual({ ok: true, value: { created: 50_000 } });
    expect(answeredDuringWrite.length).toBeGreaterThan(3);
    expect((await call('customers.list', { limit: 1 })).body).toMatchObject({ ok: true, value: { total: 50_001 } });
  }, 120_000);

  it('lets the writer worker back up the open book while calls go on', async () => {
    const { call } = await start();
    expect((await call('customers.create', { firstName: 'Ama' })).body).toMatchObject({ ok: true });
    const file = path.join(tempDir(), 'backup.db');
    const [backup, search] = await Promise.all([running!.workers.backup(file), call('customers.search', { query: 'ama' })]);
    expect(backup).toMatchObject({ ok: true, value: { file, bytes: expect.any(Number) } });
    expect(search.body).toMatchObject({ ok: true, value: [expect.objectContaining({ firstName: 'Ama' })] });
    expect(fs.existsSync(file)).toBe(true);
  });
});
