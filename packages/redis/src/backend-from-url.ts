import type { StorageBackend } from '@kairos/core'
import { RedisBackend } from './redis-backend.js'

/**
 * The entry point `fromUrl` in `@kairos/core` loads for `redis://` and `rediss://` URLs: a
 * backend with a client of its own, which its `close()` quits. The client connects on the
 * first call, which is where an unreachable server shows, as a `BackendFailureError`.
 *
 * @param url - `redis://[user:password@]host:port/db` or `rediss://…`
 * @returns the backend
 * @example
 * ```ts
 * import { fromUrl } from '@kairos/core'
 *
 * const ts = await fromUrl('redis://127.0.0.1:6379/0', { type: 'count', intervals: { hour: { step: '1h' } } })
 * ```
 */
export async function backendFromUrl(url: string): Promise<StorageBackend> {
  return RedisBackend.fromUrl(url)
}
