import type { BaseSpec } from './time-base.js'

/** A stored value as a scenario writes it (numbers, strings or JSON, by config). */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value }

/** One interval of a generated config; durations as the public API takes them. */
export interface IntervalSpec {
  readonly step: string
  readonly steps?: number
  readonly resolution?: string
}

/** A timeseries config in plain data, so that a failing one can be pasted into a test. */
export interface ConfigSpec {
  readonly type: 'series' | 'histogram' | 'count' | 'gauge' | 'set'
  readonly values?: 'number' | 'string' | 'json'
  readonly timezone?: string
  readonly intervals: Readonly<Record<string, IntervalSpec>>
}

/** A transform in plain data (functions cannot be replayed from a printed case). */
export type TransformData =
  | string
  | { readonly percentile: number }
  | readonly string[]
  | Readonly<Record<string, string | { readonly percentile: number }>>

/** A point of a bulk insert; `at` is an offset from the scenario's base. */
export interface PointData {
  readonly name: string
  readonly value?: Value | Value[] | undefined
  readonly at: number
}

/**
 * One step of a scenario (an optional field may also be present as undefined, as the generator
 * builds it; printed cases leave such fields out). Every time (`at`, `start`, `end`) is an
 * offset in milliseconds from the scenario's base; `advance` moves the injected clock forwards.
 */
export type Op =
  | {
      readonly op: 'insert'
      readonly name: string
      readonly value?: Value | Value[] | undefined
      readonly at: number
      readonly intervals?: number | undefined
    }
  | {
      readonly op: 'bulk'
      readonly points: readonly PointData[]
      readonly intervals?: number | undefined
    }
  | { readonly op: 'delete'; readonly name: string }
  | { readonly op: 'expire'; readonly name: string }
  | { readonly op: 'advance'; readonly ms: number }
  | {
      readonly op: 'get'
      readonly names: readonly string[]
      readonly interval: string
      readonly at?: number | undefined
      readonly condense?: boolean | undefined
      readonly transform?: TransformData | undefined
    }
  | {
      readonly op: 'series'
      readonly names: readonly string[]
      readonly interval: string
      readonly start?: number | undefined
      readonly end?: number | undefined
      readonly steps?: number | undefined
      readonly condense?: boolean | undefined
      readonly collapse?: boolean | undefined
      readonly transform?: TransformData | undefined
    }
  | { readonly op: 'iterate'; readonly name: string; readonly interval: string }
  | { readonly op: 'list' }
  | { readonly op: 'properties'; readonly name: string }

/** A generated case: a config, where time starts, and the steps to run on every backend. */
export interface Scenario {
  readonly base: BaseSpec
  /** The injected clock's first reading, as an offset from the base. */
  readonly now: number
  readonly config: ConfigSpec
  readonly ops: readonly Op[]
}
