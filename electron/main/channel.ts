import type { MethodName } from '../../shared/contract';

/** One IPC channel per contract method; its own module so the preload bundle imports nothing else from main. */
export const channelFor = (method: MethodName): string => `regulars:${method}`;
