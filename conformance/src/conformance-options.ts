import type { StorageBackend } from '@kairos/core'

/**
 * How the suite gets a backend to test. `create` is called once for every group of
 * tests; each test then works under its own random prefix, so the store does not have to
 * be empty and may be shared with other data.
 */
export interface ConformanceOptions<B extends StorageBackend = StorageBackend> {
  /** Builds the backend under test (connect a client first if it needs one). */
  readonly create: () => B | Promise<B>
  /** Releases the backend after its group of tests; defaults to `backend.close()`. */
  readonly destroy?: (backend: B) => void | Promise<void>
}
