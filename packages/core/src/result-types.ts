import type { JsonValue } from './codec.js'
import type { TimeseriesConfig } from './config.js'

/** The value type a config stores: `readFn`'s result, else what `values` names. */
export type ValueOf<C extends TimeseriesConfig> = C extends { readFn: (value: never) => infer R }
  ? R
  : C extends { values: 'string' }
    ? string
    : C extends { values: 'json' }
      ? JsonValue
      : number

/** What one bucket of a config's type holds when read. */
export type BucketData<C extends TimeseriesConfig> = C['type'] extends 'series'
  ? ValueOf<C>[]
  : C['type'] extends 'histogram'
    ? Map<ValueOf<C>, number>
    : C['type'] extends 'count'
      ? number
      : C['type'] extends 'gauge'
        ? ValueOf<C> | null
        : Set<ValueOf<C>>

/** What `insert` accepts as a value: the input of `writeFn`, else the value type. */
export type InsertValue<C extends TimeseriesConfig> = C['type'] extends 'count'
  ? number
  : C extends { writeFn: (value: infer W) => unknown }
    ? W
    : ValueOf<C>

/** Whether interval `I` of config `C` was declared with a resolution. */
export type HasResolution<C extends TimeseriesConfig, I> = I extends keyof C['intervals']
  ? C['intervals'][I] extends { resolution: number | string }
    ? true
    : false
  : boolean

/**
 * One bucket's entry in a read: the data, or the sub-buckets' data when the interval
 * has a resolution and the read does not condense.
 */
export type ReadEntry<C extends TimeseriesConfig, I, Condensed> = Condensed extends true
  ? BucketData<C>
  : HasResolution<C, I> extends true
    ? Map<number, BucketData<C>>
    : HasResolution<C, I> extends false
      ? BucketData<C>
      : BucketData<C> | Map<number, BucketData<C>>
