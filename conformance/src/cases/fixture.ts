/**
 * The fixture format of the suite's recorded cases. A fixture builds one timeseries from
 * `config` and runs its `steps` in order: writes, deletions, clock moves and checks.
 *
 * Times: with `time: 'absolute'` every time is epoch milliseconds; with `'base'` it is an
 * offset from the start of the next UTC day when the test runs (so that retention keeps
 * everything), and with `'wall'` an offset from the wall clock when the case starts. The
 * shifted times are write timestamps (`at`), `setNow`, `config.now`, the read options
 * `timestamp`, `start` and `end`, the keys of expected `buckets` and the `first` and
 * `last` of expected properties.
 */
export interface Fixture {
  readonly id: string
  /** What the fixture shows, in a sentence. */
  readonly note?: string
  readonly time: 'absolute' | 'base' | 'wall'
  /** The timeseries configuration; `now`, when present, is where its clock starts. */
  readonly config: Readonly<Record<string, unknown>>
  readonly steps: readonly FixtureStep[]
}

/**
 * An expected result. Objects are always one of four tags:
 * `{ buckets: [[start, expected], …] }` an ordered `Map` of (sub-)buckets,
 * `{ counts: [[value, count], …] }` a histogram `Map` compared in any order,
 * `{ members: […] }` a `Set`, `{ record: {…} }` the record of several transforms.
 * An empty `buckets` and an empty `counts` both mean an empty `Map`.
 */
export type Expected =
  | number
  | string
  | boolean
  | null
  | readonly Expected[]
  | { readonly buckets: readonly (readonly [number, Expected])[] }
  | { readonly counts: readonly (readonly [unknown, Expected])[] }
  | { readonly members: readonly Expected[] }
  | { readonly record: Readonly<Record<string, Expected>> }

/** What every step may add: the error it must fail with, and which timeseries it uses. */
interface StepCommon {
  /** The step must fail with a library error of this code (`'*'`: any code). */
  readonly fails?: string
  /** Run against a second timeseries: same config and clock, another prefix. */
  readonly second?: true
}

/** One point of a `bulkInsert`; `nonFinite` turns `'NaN'` and `'±Infinity'` into numbers. */
export interface FixturePoint {
  readonly name: string
  readonly value?: unknown
  readonly at?: unknown
  readonly nonFinite?: true
}

/** `insert(name, value, { timestamp: at, intervals })`. */
export interface InsertStep extends StepCommon {
  readonly insert: string
  readonly value?: unknown
  readonly at?: unknown
  readonly intervals?: number
  readonly nonFinite?: true
}

/** `bulkInsert(points, { intervals })`, optionally checking fields of its summary. */
export interface BulkInsertStep extends StepCommon {
  readonly bulkInsert: readonly FixturePoint[]
  readonly intervals?: number
  readonly summary?: { readonly written?: number; readonly skipped?: number }
}

/** `get`, `series` or `iterate` (its pairs collected into a `Map`), then a comparison. */
export interface ReadStep extends StepCommon {
  readonly read: 'get' | 'series' | 'iterate'
  readonly name: string | readonly string[]
  readonly interval: string
  readonly options?: Readonly<Record<string, unknown>>
  readonly expect?: Expected
  /** Compare numbers exactly instead of within a relative 1e-9. */
  readonly exact?: true
  /** Compare only the values of the returned map, as an array. */
  readonly valuesOnly?: true
}

/** One step of a fixture. */
export type FixtureStep =
  | InsertStep
  | BulkInsertStep
  | ReadStep
  | (StepCommon & { readonly delete: string })
  | (StepCommon & { readonly deleteAll: true })
  | { readonly setNow: number }
  | (StepCommon & { readonly list: true; readonly expect: readonly string[] })
  | (StepCommon & {
      readonly properties: string
      readonly expect: Readonly<Record<string, unknown>>
    })
  | (StepCommon & { readonly construct: Readonly<Record<string, unknown>> })
