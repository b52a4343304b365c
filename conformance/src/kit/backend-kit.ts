import { randomBytes } from 'node:crypto'
import type { BackendCapabilities, StorageBackend } from '@kairos/core'
import { afterAll, beforeAll, onTestFinished } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { construct, type LooseTimeseries, type Options } from './loose-timeseries.js'
import { ManualClock } from './manual-clock.js'
import { futureAnchor } from './time.js'

/** How a test wants its timeseries built. */
export interface OpenOptions {
  /** The clock's first reading; defaults to {@link BackendKit.anchor}. */
  readonly now?: number
  /** The prefix to use instead of a fresh random one; `null` leaves the prefix out. */
  readonly prefix?: string | null
  /** A clock to share with another timeseries; `now` is ignored when given. */
  readonly clock?: ManualClock
}

/** A timeseries opened for one test, with the clock it reads. */
export interface Opened {
  readonly ts: LooseTimeseries
  readonly clock: ManualClock
  readonly prefix: string | null
}

/** What a group of tests gets from {@link useBackend}. */
export interface BackendKit {
  /** The backend of this group (available inside tests). */
  readonly backend: StorageBackend
  /** Shorthand for `backend.capabilities`. */
  readonly capabilities: BackendCapabilities
  /** A UTC midnight at least a day ahead of the wall clock: the default "now". */
  readonly anchor: number
  /** A fresh random prefix. */
  newPrefix(): string
  /**
   * Builds a timeseries on this group's backend under a fresh random prefix (unless
   * told otherwise) with a manual clock, and empties that prefix when the test ends.
   */
  open(config: Options, options?: OpenOptions): Opened
}

/**
 * Registers the lifecycle of one backend for the enclosing `describe`: created before
 * its tests, destroyed after them.
 * @param setup - the author's factory and teardown
 * @returns accessors that are valid inside the tests
 */
export function useBackend(setup: ConformanceOptions): BackendKit {
  let backend: StorageBackend | undefined
  let anchor = 0

  beforeAll(async () => {
    backend = await setup.create()
    anchor = futureAnchor(Date.now())
  })

  afterAll(async () => {
    if (backend === undefined) return
    if (setup.destroy === undefined) await backend.close()
    else await setup.destroy(backend)
  })

  const current = (): StorageBackend => {
    if (backend === undefined) throw new Error('the backend is only available inside a test')
    return backend
  }

  return {
    get backend() {
      return current()
    },
    get capabilities() {
      return current().capabilities
    },
    get anchor() {
      return anchor
    },
    newPrefix,
    open(config, options = {}) {
      const clock = options.clock ?? new ManualClock(options.now ?? anchor)
      return openTimeseries(current(), config, clock, options.prefix)
    },
  }
}

function newPrefix(): string {
  return `kc-${randomBytes(6).toString('hex')}`
}

function openTimeseries(
  backend: StorageBackend,
  config: Options,
  clock: ManualClock,
  requested: string | null | undefined,
): Opened {
  const prefix = requested === undefined ? newPrefix() : requested
  const full =
    prefix === null ? { ...config, clock: clock.read } : { ...config, prefix, clock: clock.read }
  const ts = construct(backend, full)

  // Without a prefix the test shares the store's default namespace: it cleans up by name.
  if (prefix !== null) {
    onTestFinished(async () => {
      await ts.deleteAll()
      await ts.close()
    })
  }
  return { ts, clock, prefix }
}
