import { MongoBackend } from './mongo-backend.js'
import type { MongoUrlOptions } from './mongo-backend-options.js'

/**
 * What `fromUrl` of `@kairos/core` calls for `mongodb://` and `mongodb+srv://` URLs: a backend
 * with a client of its own, connected and with its indexes in place, so that its capabilities
 * are final. The client is closed again when that fails.
 *
 * @param url - the connection URL; its path names the database
 * @param options - the backend's options, and `clientOptions` for the driver
 * @returns the ready backend, which closes its client on `close()`
 * @throws InvalidConfigError for a URL the driver cannot parse
 * @throws BackendFailureError when the server cannot be reached
 * @example
 * ```ts
 * const backend = await backendFromUrl('mongodb://127.0.0.1:27017/metrics')
 * ```
 */
export async function backendFromUrl(
  url: string,
  options: MongoUrlOptions = {},
): Promise<MongoBackend> {
  const backend = MongoBackend.fromUrl(url, options)
  try {
    return await backend.ready()
  } catch (error) {
    await backend.close().catch(() => undefined)
    throw error
  }
}
