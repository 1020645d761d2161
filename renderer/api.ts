/**
 * The one place that touches `window.regulars`. Electron's preload and the loopback dev host both
 * define it as a RegularsApi; everything else in the renderer goes through `call` and the hooks here.
 */
import {
  MutationCache,
  QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import type { InputOf, MethodName, OutputOf, RegularsApi } from '../shared/contract';
import type { AppError, ErrorCode } from '../shared/result';

declare global {
  interface Window {
    regulars: RegularsApi;
  }
}

/** A contract call that came back `ok: false`, thrown so react-query treats it as the query's error. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string>;
  readonly existing?: { id: number; name: string };
  /** The shared book could not be reached: nothing is wrong with what was asked, and it may work again shortly. */
  readonly unreachable: boolean;

  constructor(
    readonly method: MethodName,
    error: AppError,
  ) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.fields = error.fields ?? {};
    this.existing = error.existing;
    this.unreachable = error.unreachable === true;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

/** A call that failed only because the shared book is out of reach (the screens say so calmly, and the banner explains). */
export const isOutOfReach = (error: unknown): boolean => isApiError(error) && error.unreachable;

/** Calls a contract method and returns its value, or throws an ApiError. */
export async function call<K extends MethodName>(method: K, input: InputOf<K>): Promise<OutputOf<K>> {
  if (typeof window.regulars?.call !== 'function') {
    throw new ApiError(method, { code: 'internal', message: 'Regulars is not connected to its data. Restart the app.' });
  }
  const result = await window.regulars.call(method, input);
  if (!result.ok) throw new ApiError(method, result.error);
  return result.value;
}

/** Query keys are the method and its input, so "everything about customers.get" is one prefix. */
export const queryKey = <K extends MethodName>(method: K, input?: InputOf<K>) =>
  (input === undefined ? [method] : [method, input]) as readonly unknown[];

type QueryOptions<K extends MethodName, TSelected> = Omit<
  UseQueryOptions<OutputOf<K>, ApiError, TSelected>,
  'queryKey' | 'queryFn'
>;

export function useApiQuery<K extends MethodName, TSelected = OutputOf<K>>(
  method: K,
  input: InputOf<K>,
  options: QueryOptions<K, TSelected> = {},
) {
  return useQuery<OutputOf<K>, ApiError, TSelected>({
    queryKey: queryKey(method, input),
    queryFn: () => call(method, input),
    ...options,
  });
}

export function useApiMutation<K extends MethodName, TContext = unknown>(
  method: K,
  options: Omit<UseMutationOptions<OutputOf<K>, ApiError, InputOf<K>, TContext>, 'mutationFn'> = {},
) {
  return useMutation<OutputOf<K>, ApiError, InputOf<K>, TContext>({
    mutationFn: (input) => call(method, input),
    ...options,
  });
}

/**
 * A write that must finish even if the component that started it goes away (e.g. Undo in a
 * notification after its dialog closed): a plain call, then the same invalidation as mutations.
 */
export function useDetachedWrite() {
  const client = useQueryClient();
  return async <K extends MethodName>(method: K, input: InputOf<K>): Promise<OutputOf<K>> => {
    const value = await call(method, input);
    await client.invalidateQueries();
    return value;
  };
}

/**
 * After any successful write every cached read may be stale (a sale moves the directory's totals,
 * the profile's metrics, the timeline): invalidate them all. Only what is on screen refetches.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    mutationCache: new MutationCache({
      onSuccess: () => client.invalidateQueries(),
    }),
    defaultOptions: {
      queries: {
        // Local data: a failure is a real answer (not found, validation), not a flaky network.
        retry: (count, error) => !isApiError(error) && count < 2,
        staleTime: 5_000,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
  return client;
}
