/**
 * Starting, stopping and calling the dev host (`npm run web`) from another process: shared by the
 * e2e fixtures and `npm run bench:ui`, so both drive the host the same way.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { InputOf, MethodName, OutputOf } from '../shared/contract';
import type { Result } from '../shared/result';

const root = path.resolve(__dirname, '..');

/** The dev host as built by electron-vite (`npm run build`, or the e2e global setup). */
export const builtDevHost = path.join(root, 'out', 'main', 'web-host.js');

export interface DevHostCommand {
  command: string;
  args: string[];
  /** How it was started, for logs. */
  kind: string;
}

export const builtDevHostCommand: DevHostCommand = { command: process.execPath, args: [builtDevHost], kind: 'out/main/web-host.js' };

/** The built host when there is one (starting it compiles nothing), else the source through tsx. */
export function devHostCommand(): DevHostCommand {
  if (fs.existsSync(builtDevHost)) return builtDevHostCommand;
  const tsx = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
  return { command: tsx, args: ['electron/web/main.ts'], kind: 'tsx electron/web/main.ts' };
}

export interface RunningDevHost {
  /** The URL the host printed first, with its token. */
  url: string;
  child: ChildProcess;
  /** Everything the host wrote on stderr so far. */
  stderr(): string;
}

/** Reads the first line the child prints on stdout, event by event (no polling, no sleeps). */
function firstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\n');
      if (end >= 0) {
        cleanup();
        resolve(buffer.slice(0, end).trim());
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`The dev host exited (code ${code}) before printing its URL.\n${stderr()}`));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/**
 * Starts a host on `dbFile` (a file, or a shared book's postgresql:// address) at a free port, in its own process group (tsx starts a child node, and
 * stopping must reach it), and returns once it has printed its URL.
 */
export async function startDevHost(
  dbFile: string,
  options: { host?: DevHostCommand; nodeEnv: 'test' | 'production'; onSpawn?(child: ChildProcess): void; env?: NodeJS.ProcessEnv },
): Promise<RunningDevHost> {
  const { command, args } = options.host ?? devHostCommand();
  const child = spawn(command, [...args, '--db', dbFile, '--port', '0', '--automatic-backups', 'off'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, ...options.env, NODE_ENV: options.nodeEnv },
  });
  options.onSpawn?.(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const host: RunningDevHost = { url: '', child, stderr: () => stderr };
  try {
    host.url = await firstLine(child, host.stderr);
    if (!/^http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(host.url)) throw new Error(`Unexpected first line from the dev host: ${host.url}\n${stderr}`);
  } catch (error) {
    await stopDevHost(host);
    throw error;
  }
  // The rest of stdout is not read: keep the pipe drained.
  child.stdout?.resume();
  return host;
}

/**
 * Stops the host's whole process group, so the book is closed (and its WAL folded back in) before
 * anyone touches the file; a host that ignores SIGTERM for 5 s is killed.
 */
export async function stopDevHost(host: RunningDevHost): Promise<void> {
  const { child } = host;
  // No pid: it never started. An exit code or signal: it has already stopped.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      child.kill(sig);
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * A contract call over the host's HTTP API, as the page's bridge makes it (the host keeps one session
 * for its one window, so a sign-in made here is the page's too). A new connection each time: a
 * kept-alive one can be closed by the host's idle timeout just as a request goes out on it, and a
 * call that writes must not be retried.
 */
export function callDevHost<K extends MethodName>(host: { url: string }, method: K, input: InputOf<K>): Promise<Result<OutputOf<K>>> {
  const url = new URL(host.url);
  const body = Buffer.from(JSON.stringify({ method, input }));
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: '/api/call',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${url.searchParams.get('token') ?? ''}` },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200) reject(new Error(`${method} over HTTP: ${response.statusCode} ${text}`));
          else resolve(JSON.parse(text) as Result<OutputOf<K>>);
        });
      },
    );
    request.on('error', (error) => reject(new Error(`${method} over HTTP: ${error.message}`)));
    request.end(body);
  });
}

/** callDevHost for a call that must succeed: its value, or an error naming the method and the refusal. */
export async function mustCallDevHost<K extends MethodName>(host: { url: string }, method: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const result = await callDevHost(host, method, input);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}
