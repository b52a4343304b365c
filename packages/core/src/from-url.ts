import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { StorageBackend } from './backend.js'
import type { TimeseriesConfig } from './config.js'
import { describe, InvalidConfigError, MissingPackageError } from './errors.js'
import { MemoryBackend } from './memory-backend.js'
import { Timeseries } from './timeseries.js'

/** What a backend package exports for `fromUrl`. */
export interface BackendModule {
  /** Creates a backend, and the client it owns, from a connection URL. */
  backendFromUrl(url: string): Promise<StorageBackend>
}

const PACKAGES: Record<string, string> = {
  'redis:': '@kairos/redis',
  'rediss:': '@kairos/redis',
  'mongodb:': '@kairos/mongo',
  'mongodb+srv:': '@kairos/mongo',
}

/**
 * Builds a timeseries from a connection URL: `memory://`, `redis://host:port/db`,
 * `rediss://…`, `mongodb://host/db` or `mongodb+srv://…`. The Redis and Mongo backends
 * are loaded on demand; the timeseries owns the backend, so `close()` closes it.
 *
 * @example
 * ```ts
 * const ts = await fromUrl('redis://127.0.0.1:6379/0', { type: 'count', intervals: { hour: { step: '1h' } } })
 * ```
 */
export async function fromUrl<const C extends TimeseriesConfig>(
  url: string,
  config: C,
): Promise<Timeseries<C>> {
  const backend = await backendFromUrl(url)
  try {
    return new Timeseries(backend, config, { ownsBackend: true })
  } catch (error) {
    await backend.close()
    throw error
  }
}

/** The backend a URL names, loading its package when needed. */
export async function backendFromUrl(url: string): Promise<StorageBackend> {
  const protocol = protocolOf(url)
  if (protocol === 'memory:') return new MemoryBackend()

  const packageName = PACKAGES[protocol]
  if (packageName === undefined) {
    throw new InvalidConfigError(
      'url',
      url,
      `unknown scheme; expected memory://, ${Object.keys(PACKAGES)
        .map((p) => `${p}//`)
        .join(', ')}`,
    )
  }
  const module = await loadBackendPackage(packageName, url)
  return module.backendFromUrl(url)
}

function protocolOf(url: unknown): string {
  if (typeof url !== 'string') throw new InvalidConfigError('url', url, 'expected a URL string')
  const match = /^([a-z][a-z0-9+.-]*:)\/\//i.exec(url)
  if (match === null) throw new InvalidConfigError('url', url, 'expected scheme://…')
  return (match[1] as string).toLowerCase()
}

async function loadBackendPackage(packageName: string, url: string): Promise<BackendModule> {
  let module: Partial<BackendModule>
  try {
    module = (await importFromApplication(packageName)) as Partial<BackendModule>
  } catch (error) {
    if (isNotFound(error)) throw new MissingPackageError(packageName, redact(url), error)
    throw error
  }
  if (typeof module.backendFromUrl !== 'function') {
    throw new InvalidConfigError(
      'url',
      redact(url),
      `${packageName} does not export backendFromUrl (${describe(module.backendFromUrl)})`,
    )
  }
  return module as BackendModule
}

/**
 * Imports a backend package the application installed. Core does not depend on the
 * backends (they depend on core), so under strict layouts such as pnpm's the package may
 * be invisible from core's own folder: look from the working directory too.
 */
async function importFromApplication(packageName: string): Promise<unknown> {
  try {
    return await import(packageName)
  } catch (error) {
    if (!isNotFound(error)) throw error
    const fromApplication = createRequire(join(process.cwd(), 'package.json'))
    return import(pathToFileURL(fromApplication.resolve(packageName)).href)
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
}
