/**
 * The storage contract. A backend stores and fetches *cells*: the aggregate of one
 * name, in one interval, in one bucket and (with a resolution) one sub-bucket. It knows
 * nothing of the five types beyond the merge operation each cell uses, which the store
 * applies natively so that concurrent writers never lose an update.
 *
 * Core validates every argument, encodes values to strings, folds writes that land
 * in the same cell and computes expiry; a backend only stores what it is given.
 */

/** The version of this contract; core refuses backends written for another one. */
export const STORAGE_CONTRACT_VERSION = 1

/**
 * The native merge operations, one per type:
 * - `append` (series): add values to the end of the cell's list, in order
 * - `count` (histogram): add to the count of each member
 * - `increment` (count): add to the cell's number
 * - `replace` (gauge): set the cell's value
 * - `add` (set): add members to the cell's set
 */
export type MergeOp = 'append' | 'count' | 'increment' | 'replace' | 'add'

/** Where a cell lives. `sub` is the sub-bucket start, or `null` without a resolution. */
export interface CellAddress {
  readonly name: string
  readonly interval: string
  readonly bucket: number
  readonly sub: number | null
}

/** What a write carries for each merge operation (values and members already encoded). */
export type CellChange =
  | { readonly op: 'append'; readonly values: readonly string[] }
  | { readonly op: 'count'; readonly counts: ReadonlyMap<string, number> }
  | { readonly op: 'increment'; readonly amount: number }
  | { readonly op: 'replace'; readonly value: string }
  | { readonly op: 'add'; readonly members: ReadonlySet<string> }

/**
 * One folded write to one cell. `expiresAt` is the epoch millisecond at which the
 * bucket passes retention (`null`: kept forever); every cell of a bucket carries the
 * same value, so a store may set it once per bucket.
 */
export type CellWrite = CellAddress & CellChange & { readonly expiresAt: number | null }

/** The stored aggregate of one cell, in the shape of its merge operation. */
export type CellData =
  | { readonly op: 'append'; readonly values: readonly string[] }
  | { readonly op: 'count'; readonly counts: ReadonlyMap<string, number> }
  | { readonly op: 'increment'; readonly amount: number }
  | { readonly op: 'replace'; readonly value: string }
  | { readonly op: 'add'; readonly members: ReadonlySet<string> }

/** A cell returned by a read: its bucket, its sub-bucket and its data. */
export type CellRead = { readonly bucket: number; readonly sub: number | null } & CellData

/** A read of one name in one interval over an ascending list of bucket starts. */
export interface CellQuery {
  readonly name: string
  readonly interval: string
  readonly op: MergeOp
  /** Ascending bucket starts; return the cells of exactly these buckets. */
  readonly buckets: readonly number[]
}

/**
 * The oldest live bucket of one interval: buckets that start before `liveFrom` are
 * past retention. `liveFrom` is `-Infinity` for an interval without retention.
 */
export interface IntervalCutoff {
  readonly interval: string
  readonly liveFrom: number
}

/** The bucket starts of the oldest and newest data of one interval. */
export interface BucketBounds {
  readonly first: number
  readonly last: number
}

/** What a backend can do; core and the conformance suite branch on these, never on names. */
export interface BackendCapabilities {
  /** The {@link STORAGE_CONTRACT_VERSION} the backend implements. */
  readonly contractVersion: number
  /** The store removes expired buckets by itself (Redis TTLs, MongoDB TTL indexes). */
  readonly nativeExpiry: boolean
  /** The most cell writes core should hand to one `write` call. */
  readonly maxBatchCells: number
}

/**
 * A place to keep cells. Every method is scoped by `prefix`, the namespace of one
 * timeseries: data under one prefix is invisible under every other.
 *
 * Errors: reject with a `BackendFailureError` (keeping the driver error as `cause`)
 * when the store fails; never resolve after a partial failure.
 */
export interface StorageBackend {
  readonly capabilities: BackendCapabilities

  /**
   * Applies folded writes; at most `maxBatchCells` at a time. The writes and their
   * arrays, maps and sets belong to the backend once passed: core never reads or
   * changes them again, so a backend may keep them instead of copying.
   */
  write(prefix: string, writes: readonly CellWrite[]): Promise<void>

  /**
   * Returns the stored cells of the queried buckets, in any order. Core treats the cells
   * as read-only and copies what it keeps, so a backend may hand out its own containers.
   */
  read(prefix: string, query: CellQuery): Promise<CellRead[]>

  /** Every name that has data under `prefix`. */
  list(prefix: string): Promise<string[]>

  /**
   * The first and last live bucket of `name` in each interval that holds live data
   * (buckets before an interval's `liveFrom` are ignored).
   */
  bounds(
    prefix: string,
    name: string,
    cutoffs: readonly IntervalCutoff[],
  ): Promise<Map<string, BucketBounds>>

  /** Removes every cell of `name`, and nothing of any other name. */
  delete(prefix: string, name: string): Promise<void>

  /** Removes every name under `prefix`, and nothing outside it. */
  deleteAll(prefix: string): Promise<void>

  /** Removes the buckets of `name` that start before each interval's `liveFrom`. */
  expire(prefix: string, name: string, cutoffs: readonly IntervalCutoff[]): Promise<void>

  /** Releases what the backend opened itself; a client it was given stays open. */
  close(): Promise<void>
}
