/**
 * The dev host's `window.regulars`: the preload's bridge (`createBridge` in shared/transport.ts), over
 * fetch instead of IPC. electron.vite.config.mts bundles it into one classic script beside the dev
 * host (out/main/web-bridge.js), which serves it to the page; the page keeps the per-run token for
 * reloads in sessionStorage.
 */
import { err } from '../../shared/result';
import { createBridge, type Reply } from '../../shared/transport';

const key = 'regulars-token';
const fromUrl = new URLSearchParams(location.search).get('token');
if (fromUrl) sessionStorage.setItem(key, fromUrl);
const token = fromUrl || sessionStorage.getItem(key) || '';

const bridge = createBridge(
  async (method, input): Promise<Reply> => {
    const response = await fetch('/api/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ method, input }),
    });
    if (response.status === 401) return err('forbidden', 'Open Regulars with the link (and its token) that npm run web printed.');
    return response.json();
  },
  (error) => `The Regulars dev host is not answering: ${error.message}`,
);

Object.defineProperty(window, 'regulars', { value: Object.freeze(bridge), enumerable: true });
