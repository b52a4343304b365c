import type { CellQuery, CellRead } from './backend.js'

/** Where a cell's data came from, passed to `processRow`. */
export interface RowContext {
  readonly name: string
  readonly bucket: number
  /** The sub-bucket start, or `null` on an interval without a resolution. */
  readonly sub: number | null
}

/**
 * Custom reads: each hook replaces one stage of the read pipeline
 * (fetch → processRow → joinRows → condense → collapse → transform).
 * Hooks other than `fetch` receive decoded values.
 */
export interface ReadHooks {
  /** Replaces the backend read of one name; `prefix` is the timeseries' prefix. */
  fetch?: (query: CellQuery & { readonly prefix: string }) => Promise<CellRead[]>
  /** Rewrites the data of each stored cell after decoding. */
  processRow?: (data: unknown, row: RowContext) => unknown
  /** Joins the data of several names in one bucket, in the order the names were given. */
  joinRows?: (rows: unknown[]) => unknown
}

/**
 * `condense` and `collapse` take `true` for the type's own folding, or a function that
 * receives what the read would return without that fold: start → data, in time order
 * (sub-buckets for `condense`, buckets with empty ones included for `collapse`).
 */
export type FoldOption = boolean | ((parts: Map<number, unknown>) => unknown)
