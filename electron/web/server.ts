import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { err } from '../../shared/result';
import { parseCallBody, type Transport } from '../../shared/transport';

/**
 * The loopback dev host: serves the built renderer and the same contract over HTTP, so the UI
 * can be developed and tested in a plain browser where no Electron binary can be had.
 * Loopback only, behind a per-run token, and never part of the packaged app.
 */
export interface DevHostOptions {
  /** The window's session over the book: the dev host serves one window, as the desktop app does. */
  gate: Transport;
  rendererDir: string;
  /** The browser bridge, bundled (electron/web/bridge.ts): the page's `window.regulars`. */
  bridgeFile: string;
  port?: number;
  token?: string;
}

export interface DevHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startDevHost(options: DevHostOptions): Promise<DevHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  const indexFile = path.join(rendererDir, 'index.html');
  if (!fs.existsSync(indexFile)) throw new Error(`No built renderer at ${indexFile}: run the build first (npm run web does).`);
  if (!fs.existsSync(options.bridgeFile)) throw new Error(`No built browser bridge at ${options.bridgeFile}: run the build first (npm run web does).`);
  const bridgeScript = fs.readFileSync(options.bridgeFile, 'utf8');
  let port = 0;

  const server = http.createServer(async (req, res) => {
    // A page on another site must not reach this host by pointing its own name at 127.0.0.1.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 403, 'Forbidden host');
    const url = new URL(req.url ?? '/', `http://${host}`);

    if (url.pathname === '/api/call') {
      if (req.method !== 'POST') return send(res, 405, 'Use POST');
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ') || !sameToken(auth.slice(7), token)) return send(res, 401, 'Missing or wrong token');
      const origin = req.headers.origin;
      if (origin && origin !== `http://${host}`) return send(res, 403, 'Forbidden origin');
      const raw = await readBody(req);
      const json = 'application/json; charset=utf-8';
      if (raw === null) return send(res, 413, JSON.stringify(err('validation', 'The request is too large')), json);
      const call = parseCallBody(raw);
      if (call === null) return send(res, 400, JSON.stringify(err('validation', 'The request must be JSON: { method, input }')), json);
      const result = call.ok ? await options.gate.call(call.value.method, call.value.input) : call;
      return send(res, 200, JSON.stringify(result), json);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    if (url.pathname === '/regulars-bridge.js') return send(res, 200, bridgeScript, contentTypes['.js']);
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const html = fs
        .readFileSync(indexFile, 'utf8')
        .replace('<head>', '<head>\n    <script src="/regulars-bridge.js"></script>');
      return send(res, 200, html, contentTypes['.html']);
    }
    const file = path.resolve(rendererDir, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return send(res, 404, 'Not found');
    }
    return send(res, 200, fs.readFileSync(file), contentTypes[path.extname(file)] ?? 'application/octet-stream');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = address !== null && typeof address === 'object' ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
