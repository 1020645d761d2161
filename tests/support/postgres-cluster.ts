// A throwaway PostgreSQL server for the tests: initdb in a temp folder, a Unix socket in that folder
// and no TCP port, stopped and deleted at the end. Debian's `postgresql` package provides the
// binaries (.ci/run installs it); a developer's machine may have them anywhere on PATH.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PostgresCluster {
  /** The temp folder: the data directory is inside it, and so is the socket. */
  dir: string;
  bindir: string;
  /** Run as this OS user (root may not run a PostgreSQL server), or as ourselves when null. */
  runAs: string | null;
  options: ClusterOptions;
}

const dataDir = (cluster: PostgresCluster) => path.join(cluster.dir, 'data');

/** The folder holding initdb and pg_ctl: on PATH, else pg_config's answer, else the newest Debian version. */
export function findPostgresBinaries(): string | null {
  const onPath = (process.env.PATH ?? '').split(path.delimiter).find((dir) => dir && fs.existsSync(path.join(dir, 'initdb')));
  if (onPath) return onPath;
  try {
    const bindir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (fs.existsSync(path.join(bindir, 'initdb'))) return bindir;
  } catch {
    // No pg_config (Debian ships it with libpq-dev): look where Debian puts each version.
  }
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian) ? fs.readdirSync(debian).filter((v) => fs.existsSync(path.join(debian, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(debian, versions[0], 'bin') : null;
}

function run(cluster: PostgresCluster, program: string, args: string[]): void {
  const binary = path.join(cluster.bindir, program);
  const [command, commandArgs] = cluster.runAs ? ['runuser', ['-u', cluster.runAs, '--', binary, ...args]] : [binary, args];
  try {
    execFileSync(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${program} failed: ${(stderr || stdout || (error as Error).message).trim()}`, { cause: error });
  }
}

export interface ClusterOptions {
  /** Also listen on 127.0.0.1 at this port (the benchmark's loopback socket); by default only the Unix socket. */
  tcpPort?: number;
  /** Keep PostgreSQL's own durability (fsync, full page writes), for timing writes; the tests turn it off. */
  durable?: boolean;
}

export function startCluster(bindir: string, options: ClusterOptions = {}): PostgresCluster {
  // A server refuses to run as root, and a socket path must stay under ~100 bytes: a short folder in /tmp.
  const runAs = process.getuid?.() === 0 ? 'postgres' : null;
  const dir = fs.mkdtempSync(path.join(os.platform() === 'win32' ? os.tmpdir() : '/tmp', 'regulars-pg-'));
  const cluster: PostgresCluster = { dir, bindir, runAs, options };
  try {
    if (runAs) execFileSync('chown', [runAs, dir]);
    // No fsync anywhere: the cluster is deleted at the end, and syncing is most of initdb's time.
    const locale = os.platform() === 'linux' ? ['--locale=C.UTF-8'] : ['--no-locale'];
    run(cluster, 'initdb', ['-D', dataDir(cluster), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', ...locale, '--no-sync', '--no-instructions']);
    run(cluster, 'pg_ctl', ['-D', dataDir(cluster), '-l', path.join(dir, 'server.log'), '-o', serverOptions(cluster), '-w', 'start']);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return cluster;
}

/** Stops the server and keeps its data, as a server PC going to sleep does (the outbox test). */
export function pauseServer(cluster: PostgresCluster): void {
  run(cluster, 'pg_ctl', ['-D', dataDir(cluster), '-m', 'fast', '-w', 'stop']);
}

/** Starts a paused server again on the same socket. */
export function resumeServer(cluster: PostgresCluster): void {
  run(cluster, 'pg_ctl', ['-D', dataDir(cluster), '-l', path.join(cluster.dir, 'server.log'), '-o', serverOptions(cluster), '-w', 'start']);
}

function serverOptions({ dir, options }: PostgresCluster): string {
  const listen = options.tcpPort === undefined ? `-c listen_addresses=''` : `-c listen_addresses=127.0.0.1 -p ${options.tcpPort}`;
  const durability = options.durable ? '' : ' -c fsync=off -c full_page_writes=off';
  return `${listen} -k ${dir}${durability}`;
}

/** Whether the server is running (not paused, not stopped): its postmaster has a pid file. */
export const isServerRunning = (cluster: PostgresCluster): boolean => fs.existsSync(path.join(dataDir(cluster), 'postmaster.pid'));

export function stopCluster(cluster: PostgresCluster): void {
  try {
    // A server a test paused and did not resume (it failed meanwhile) has nothing to stop: its folder still goes.
    if (isServerRunning(cluster)) run(cluster, 'pg_ctl', ['-D', dataDir(cluster), '-m', 'immediate', '-w', 'stop']);
  } finally {
    fs.rmSync(cluster.dir, { recursive: true, force: true });
  }
}

/** A database on the cluster, as a URL over its socket (no password: the cluster trusts its socket). */
export const clusterUrl = (socketDir: string, database: string): string =>
  `postgresql://postgres@localhost/${database}?host=${encodeURIComponent(socketDir)}`;
