import type { z } from 'zod';
import type { Result } from '../result';
import { auditMethods } from './audit';
import { authMethods } from './auth';
import { backupMethods } from './backups';
import { cardMethods } from './cards';
import { bookMethods } from './book';
import { consentContractMethods } from './consent';
import { customerMethods } from './customers';
import { diagnosticsMethods } from './diagnostics';
import { joinDomains, type MethodDef, type QueuedWrite } from './define';
import { exportMethods } from './exports';
import { importMethods } from './imports';
import { loyaltyMethods } from './loyalty';
import { mailchimpMethods } from './mailchimp';
import { noteMethods } from './notes';
import { outboxMethods } from './outbox';
import { preferenceMethods } from './preferences';
import { saleMethods } from './sales';
import { segmentMethods } from './segments';
import { settingsMethods } from './settings';
import { sharedBookMethods } from './shared-book';
import { staffMethods } from './staff';
import { suppressionMethods } from './suppression';
import { dashboardMethods, statsMethods } from './stats';

/** The whole API: every host (Electron IPC, the dev host, the CLI) serves exactly this map. */
export const methods = joinDomains(
  customerMethods,
  noteMethods,
  preferenceMethods,
  saleMethods,
  loyaltyMethods,
  cardMethods,
  statsMethods,
  settingsMethods,
  staffMethods,
  consentContractMethods,
  exportMethods,
  segmentMethods,
  dashboardMethods,
  importMethods,
  authMethods,
  auditMethods,
  backupMethods,
  diagnosticsMethods,
  bookMethods,
  sharedBookMethods,
  outboxMethods,
  suppressionMethods,
  mailchimpMethods,
);

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type InputOf<K extends MethodName> = z.input<Methods[K]['input']>;
export type ParsedInputOf<K extends MethodName> = z.output<Methods[K]['input']>;
/** What a host answers: for a write a till may keep (`keptWrite`), the book's answer or the queued one. */
export type OutputOf<K extends MethodName> = Methods[K] extends MethodDef<z.ZodType, infer O> ? O : never;
/** What the book itself answers: only a till in front of it (db/outbox.ts) ever answers a write queued. */
export type BookOutputOf<K extends MethodName> = Exclude<OutputOf<K>, QueuedWrite>;
/** Whether a host's answer to a kept write is the queued one: kept at this till, not yet in the book. */
export const isQueued = <T>(answer: T | QueuedWrite): answer is QueuedWrite =>
  typeof answer === 'object' && answer !== null && 'queued' in answer && answer.queued === true;

export const methodNames = Object.keys(methods) as MethodName[];
export const isMethodName = (name: unknown): name is MethodName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);

/**
 * The one shape every carrier of calls has, from the renderer's `window.regulars` down to the
 * session gate: a contract method, its input, and a promise of its result (shared/transport.ts
 * holds what goes with it: `parseCall`, the bridge).
 */
export interface Transport {
  call<K extends MethodName>(method: K, input: InputOf<K>): Promise<Result<OutputOf<K>>>;
}

/**
 * A Transport straight to the book, with nothing in between that keeps a write (the command line,
 * which opens the book itself; tests of the core): its answers are the book's own.
 */
export interface BookTransport {
  call<K extends MethodName>(method: K, input: InputOf<K>): Promise<Result<BookOutputOf<K>>>;
}

/** The renderer's name for the Transport it finds at `window.regulars`. */
export type RegularsApi = Transport;

export * from './audit';
export * from './auth';
export * from './backups';
export * from './book';
export * from './cards';
export * from './common';
export * from './consent';
export * from './diagnostics';
export * from './exports';
export * from './customers';
export * from './imports';
export * from './loyalty';
export * from './mailchimp';
export * from './notes';
export * from './outbox';
export * from './preferences';
export * from './sales';
export * from './segments';
export * from './settings';
export * from './shared-book';
export * from './suppression';
export * from './staff';
export * from './stats';
export type { Access, MethodDef } from './define';
