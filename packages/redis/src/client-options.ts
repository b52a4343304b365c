import type { RedisOptions } from 'ioredis'

/** Options of a {@link RedisBackend}, whether it was given a client or made one. */
export interface RedisBackendOptions {
  /**
   * Milliseconds to wait for the replies of one round trip before the call rejects with a
   * `BackendFailureError` (default 10 000). This bounds every call even on a client whose
   * own `commandTimeout` is unset; the command may still run on the server afterwards.
   */
  readonly timeout?: number
  /** The most cell writes core hands to one `write` call (default 10 000). */
  readonly maxBatchCells?: number
}

/** Options of {@link RedisBackend.fromUrl}. */
export interface RedisUrlOptions extends RedisBackendOptions {
  /** ioredis options for the client the backend makes, laid over {@link CLIENT_DEFAULTS}. */
  readonly client?: RedisOptions
}

/**
 * How the backend configures a client it makes itself, so that no call waits forever and a
 * write is never sent twice:
 * - `commandTimeout`, `connectTimeout`: a silent server fails a call after 5 s;
 * - `maxRetriesPerRequest: 2` with a quick `retryStrategy`: while the server is down, a call
 *   fails after two reconnection attempts (well under a second) instead of twenty;
 * - `autoResendUnfulfilledCommands: false`: a write in flight when the connection dropped may
 *   already have been applied, and sending it again would count it twice;
 * - `enableOfflineQueue: true`, `lazyConnect: true`: the first call connects, and calls made
 *   while reconnecting wait for the connection (within the limits above), so the first call
 *   after the server is back succeeds.
 */
export const CLIENT_DEFAULTS: Readonly<RedisOptions> = {
  connectTimeout: 5_000,
  commandTimeout: 5_000,
  maxRetriesPerRequest: 2,
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 1_000),
  autoResendUnfulfilledCommands: false,
  enableOfflineQueue: true,
  lazyConnect: true,
}

/** The defaults of {@link RedisBackendOptions}. */
export const DEFAULT_TIMEOUT_MS = 10_000
export const DEFAULT_MAX_BATCH_CELLS = 10_000
