import type { z } from 'zod';
import type { Result } from '../result';
import { auditMethods } from './audit';
import { authMethods } from './auth';
import { backupMethods } from './backups';
import { bookMethods } from './book';
import { consentContractMethods } from './consent';
import { customerMethods } from './customers';
import { diagnosticsMethods } from './diagnostics';
import { joinDomains, type MethodDef } from './define';
import { exportMethods } from './exports';
import { importMethods } from './imports';
import { noteMethods } from './notes';
import { preferenceMethods } from './preferences';
import { saleMethods } from './sales';
import { segmentMethods } from './segments';
import { settingsMethods } from './settings';
import { sharedBookMethods } from './shared-book';
import { staffMethods } from './staff';
import { dashboardMethods, statsMethods } from './stats';

/** The whole API: every host (Electron IPC, the dev host, the CLI) serves exactly this map. */
export const methods = joinDomains(
  customerMethods,
  noteMethods,
  preferenceMethods,
  saleMethods,
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
);

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type InputOf<K extends MethodName> = z.input<Methods[K]['input']>;
export type ParsedInputOf<K extends MethodName> = z.output<Methods[K]['input']>;
export type OutputOf<K extends MethodName> = Methods[K] extends MethodDef<z.ZodType, infer O> ? O : never;

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

/** The renderer's name for the Transport it finds at `window.regulars`. */
export type RegularsApi = Transport;

export * from './audit';
export * from './auth';
export * from './backups';
export * from './book';
export * from './common';
export * from './consent';
export * from './diagnostics';
export * from './exports';
export * from './customers';
export * from './imports';
export * from './notes';
export * from './preferences';
export * from './sales';
export * from './segments';
export * from './settings';
export * from './shared-book';
export * from './staff';
export * from './stats';
export type { Access, MethodDef } from './define';
