import { type StorageBackend, Timeseries } from '@kairos/core'

/** Any option bag; the suite also passes values that the typed API would refuse. */
export type Options = Readonly<Record<string, unknown>>

/** What `bulkInsert` resolves to. */
export interface BulkSummary {
  readonly written: number
  readonly skipped: number
}

/**
 * The runtime shape of a timeseries as the contract describes it. The suite checks
 * behaviour, not typings, so it talks to core through this loose view: that lets it
 * pass bad input on purpose and keeps it independent of core's generic types.
 */
export interface LooseTimeseries {
  insert(name: unknown, value?: unknown, options?: Options): Promise<unknown>
  bulkInsert(points: Iterable<unknown>, options?: Options): Promise<BulkSummary>
  get(name: unknown, interval: unknown, options?: Options): Promise<Map<number, unknown>>
  series(name: unknown, interval: unknown, options?: Options): Promise<Map<number, unknown>>
  iterate(name: unknown, interval: unknown, options?: Options): AsyncIterable<[number, unknown]>
  list(): Promise<string[]>
  properties(name: unknown): Promise<Record<string, { first: number; last: number }>>
  delete(name: unknown): Promise<void>
  deleteAll(): Promise<void>
  expire(name: unknown): Promise<void>
  close(): Promise<void>
}

/**
 * Builds a timeseries through core's public constructor.
 * @param backend - the store under test
 * @param config - the configuration, passed through untouched
 * @returns the timeseries, seen through {@link LooseTimeseries}
 */
export function construct(backend: StorageBackend, config: Options): LooseTimeseries {
  const Loose = Timeseries as unknown as new (b: StorageBackend, c: Options) => LooseTimeseries
  return new Loose(backend, config)
}
