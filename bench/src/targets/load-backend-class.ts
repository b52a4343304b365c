import type { StorageBackend } from '@kairos/core'
import { TargetUnavailableError } from './bench-target.js'

/** A backend class whose constructor takes a driver client (or database) first. */
export type BackendClass<Client> = new (client: Client) => StorageBackend

/**
 * Loads a backend class from its package at run time, so that the benchmark builds and runs
 * its other stores while a backend package is not built yet.
 *
 * @param specifier - the package, such as `@kairos/redis`
 * @param exportName - the class, such as `RedisBackend`
 * @returns the class
 * @throws TargetUnavailableError when the package cannot be loaded or lacks the class
 */
export async function loadBackendClass<Client>(
  specifier: string,
  exportName: string,
): Promise<BackendClass<Client>> {
  let loaded: Record<string, unknown>
  try {
    loaded = (await import(specifier)) as Record<string, unknown>
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new TargetUnavailableError(`${specifier} is not built (${reason})`)
  }

  const backendClass = loaded[exportName]
  if (typeof backendClass !== 'function') {
    throw new TargetUnavailableError(`${specifier} exports no ${exportName}`)
  }
  return backendClass as BackendClass<Client>
}
