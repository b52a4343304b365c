import {
  type BucketBounds,
  type CellWrite,
  type IntervalCutoff,
  STORAGE_CONTRACT_VERSION,
  type StorageBackend,
} from './backend.js'
import { bucketRange } from './bucket-range.js'
import {
  checkName,
  checkTimestamp,
  type ResolvedConfig,
  resolveConfig,
  type TimeseriesConfig,
} from './config.js'
import { traced } from './diagnostics.js'
import {
  BackendFailureError,
  InvalidArgumentError,
  InvalidConfigError,
  InvalidValueError,
  KairosError,
  UnknownIntervalError,
  WHOLE_INPUT,
} from './errors.js'
import type { Interval } from './interval.js'
import type { FoldOption, ReadHooks } from './read-hooks.js'
import { type ReadPlan, runRead } from './read-pipeline.js'
import type { BucketData, InsertValue, ReadEntry } from './result-types.js'
import { compileTransform, type TransformSpec } from './transforms.js'
import { WriteBatch } from './write-batch.js'

/** Options of `insert`. */
export interface InsertOptions {
  /** When the value happened; now by default. */
  timestamp?: number | Date
  /** Also write into this many following (> 0) or preceding (< 0) buckets of every interval. */
  intervals?: number
}

/** One point of a bulk insert. */
export interface BulkPoint<V> {
  name: string
  value?: V | readonly V[] | undefined
  timestamp?: number | Date | undefined
}

/** What a bulk insert did. */
export interface BulkInsertResult {
  /** Points written into at least one live bucket. */
  written: number
  /** Points whose buckets were past retention in every interval; nothing of them was written. */
  skipped: number
}

/** Options shared by reads. */
export interface ReadOptions extends ReadHooks {
  /** Fold sub-buckets into one value per bucket (`true`), or with a function of your own. */
  condense?: FoldOption
  /** Applied to each bucket (or sub-bucket) after folding. */
  transform?: TransformSpec
}

/** Options of `get`. */
export interface GetOptions extends ReadOptions {
  /** A time inside the bucket to read; now by default. */
  timestamp?: number | Date
}

/** Options of `series` and `iterate`. */
export interface SeriesOptions extends ReadOptions {
  start?: number | Date
  end?: number | Date
  /** How many buckets; the interval's retention by default, else 1. */
  steps?: number
  /** Fold the whole range into one entry keyed by its first bucket. */
  collapse?: FoldOption
}

/** Options of the constructor beyond the config. */
export interface TimeseriesOptions {
  /** Close the backend in `close()`; set when the timeseries created the backend itself. */
  ownsBackend?: boolean
}

type Names = string | readonly string[]
type Folded<O> = O extends { condense: true | ((parts: Map<number, unknown>) => unknown) }
  ? true
  : O extends { collapse: true | ((parts: Map<number, unknown>) => unknown) }
    ? true
    : false
type Transformed<O, T> = O extends { transform: TransformSpec } ? unknown : T

/** The bucket size of a timeseries' intervals, by interval name. */
export type Properties = Record<string, BucketBounds>

/** Pages of buckets `iterate` reads at a time. */
const ITERATE_PAGE = 1_000

/** The farthest `intervals` may reach on insert. */
const MAX_EXTRA_BUCKETS = 100_000

/**
 * A family of time series of one type, stored in one backend under one prefix.
 *
 * @example
 * ```ts
 * const ts = new Timeseries(new MemoryBackend(), {
 *   type: 'histogram',
 *   intervals: { minute: { step: '1m', steps: 120 }, day: { step: 'daily', resolution: '1h' } },
 * })
 * await ts.insert('latency', 12)
 * const last = await ts.series('latency', 'minute', { steps: 10, transform: 'p95' })
 * ```
 */
export class Timeseries<const C extends TimeseriesConfig = TimeseriesConfig> {
  private readonly config: ResolvedConfig
  private readonly ownsBackend: boolean

  /**
   * @param backend - where the cells live
   * @param config - type, intervals and options; validated here, throws `InvalidConfigError`
   */
  constructor(
    readonly backend: StorageBackend,
    config: C,
    options: TimeseriesOptions = {},
  ) {
    checkBackend(backend)
    this.config = resolveConfig(config)
    this.ownsBackend = options.ownsBackend ?? false
  }

  /** The prefix this timeseries reads and writes under. */
  get prefix(): string {
    return this.config.prefix
  }

  /**
   * Adds a value (or each element of an array) at `timestamp`, now by default.
   * For counts the value is the amount to add, 1 by default.
   */
  async insert(
    name: string,
    value?: InsertValue<C> | readonly InsertValue<C>[],
    options: InsertOptions = {},
  ): Promise<void> {
    const batch = new WriteBatch(this.config, this.config.clock())
    const extra = checkExtra(options.intervals)
    this.addPoint(batch, { name, value, timestamp: options.timestamp }, extra)
    await this.flush(batch)
  }

  /**
   * Writes many points, validating all of them before anything is sent and folding
   * points that land in the same cell. Memory grows with the distinct cells of one call,
   * so feed very long streams in batches.
   * @returns how many points were written and how many were past retention
   */
  async bulkInsert(
    points: Iterable<BulkPoint<InsertValue<C>>> | AsyncIterable<BulkPoint<InsertValue<C>>>,
    options: Pick<InsertOptions, 'intervals'> = {},
  ): Promise<BulkInsertResult> {
    if (points === null || typeof points !== 'object') {
      throw new InvalidArgumentError('points', points, 'expected an iterable of points')
    }
    const batch = new WriteBatch(this.config, this.config.clock())
    const extra = checkExtra(options.intervals)

    let index = 0
    const add = (point: unknown) => {
      try {
        this.addPoint(batch, point as BulkPoint<unknown>, extra)
      } catch (error) {
        throw error instanceof InvalidValueError ? error.within(`points[${index}]`) : error
      }
      index++
    }
    // A plain loop for arrays and other sync iterables: awaiting every point would cost a
    // microtask each. An array is read by index when its iteration is the built-in one, so
    // that no iterator result is allocated per point.
    if (isPlainArray(points)) for (let i = 0; i < points.length; i++) add(points[i])
    else if (Symbol.iterator in points) for (const point of points) add(point)
    else for await (const point of points) add(point)

    await this.flush(batch)
    return { written: batch.written, skipped: batch.skipped }
  }

  /**
   * Reads the bucket that holds `timestamp`: a `Map` with one entry, or on an interval
   * with a resolution (without `condense`) the sub-buckets that hold data.
   */
  async get<O extends GetOptions = Record<never, never>>(
    name: Names,
    interval: keyof C['intervals'] & string,
    options?: O & GetOptions,
  ): Promise<Map<number, Transformed<O, BucketData<C>>>> {
    const opts: GetOptions = options ?? {}
    const resolved = this.intervalOf(interval)
    const timestamp =
      opts.timestamp === undefined ? this.config.clock() : checkTimestamp(opts.timestamp)
    const bucket = resolved.step.floor(timestamp)

    const result = await runRead(
      this.backend,
      this.config,
      this.plan(name, resolved, [bucket], opts, false),
    )
    const data = result.get(bucket)
    const subBuckets = resolved.resolution !== null && (opts.condense ?? false) === false
    return (subBuckets ? data : result) as Map<number, Transformed<O, BucketData<C>>>
  }

  /** Reads a range of buckets, empty ones included, as an ordered `Map` from bucket start. */
  async series<
    I extends keyof C['intervals'] & string,
    O extends SeriesOptions = Record<never, never>,
  >(
    name: Names,
    interval: I,
    options?: O & SeriesOptions,
  ): Promise<Map<number, Transformed<O, ReadEntry<C, I, Folded<O>>>>> {
    const opts: SeriesOptions = options ?? {}
    const resolved = this.intervalOf(interval)
    const buckets = bucketRange(
      resolved,
      opts.start === undefined ? undefined : checkTimestamp(opts.start, 'start'),
      opts.end === undefined ? undefined : checkTimestamp(opts.end, 'end'),
      opts.steps,
      this.config.clock(),
    )
    const plan = this.plan(name, resolved, buckets, opts, opts.collapse ?? false)
    return (await runRead(this.backend, this.config, plan)) as Map<
      number,
      Transformed<O, ReadEntry<C, I, Folded<O>>>
    >
  }

  /**
   * Every bucket from the first to the last that holds data, read lazily page by page.
   * `start`, `end` and `steps` are ignored; the other read options apply.
   */
  async *iterate<
    I extends keyof C['intervals'] & string,
    O extends ReadOptions = Record<never, never>,
  >(
    name: string,
    interval: I,
    options?: O & ReadOptions,
  ): AsyncGenerator<[number, Transformed<O, ReadEntry<C, I, Folded<O>>>]> {
    const resolved = this.intervalOf(interval)
    const bounds = (await this.properties(name))[interval]
    if (bounds === undefined) return

    let start = bounds.first
    while (start <= bounds.last) {
      const buckets = bucketRange(resolved, start, undefined, ITERATE_PAGE, 0).filter(
        (b) => b <= bounds.last,
      )
      const page = await runRead(
        this.backend,
        this.config,
        this.plan(name, resolved, buckets, options ?? {}, false),
      )
      for (const entry of page) yield entry as [number, Transformed<O, ReadEntry<C, I, Folded<O>>>]
      start = resolved.step.add(buckets.at(-1) as number, 1)
    }
  }

  /** Every name that has data under this prefix. */
  async list(): Promise<string[]> {
    return this.call('list', () => this.backend.list(this.config.prefix))
  }

  /** The bucket starts of the oldest and newest live data of `name`, by interval. */
  async properties(name: string): Promise<Properties> {
    checkName(name)
    const bounds = await this.call('properties', () =>
      this.backend.bounds(this.config.prefix, name, this.cutoffs()),
    )
    const result: Properties = {}
    for (const interval of this.config.intervals.keys()) {
      const found = bounds.get(interval)
      if (found !== undefined) result[interval] = { first: found.first, last: found.last }
    }
    return result
  }

  /** Removes one name's data in every interval, and nothing else. */
  async delete(name: string): Promise<void> {
    checkName(name)
    await this.call('delete', () => this.backend.delete(this.config.prefix, name))
  }

  /** Removes every name under this prefix, and nothing outside it. */
  async deleteAll(): Promise<void> {
    await this.call('deleteAll', () => this.backend.deleteAll(this.config.prefix))
  }

  /** Drops buckets of `name` that are past retention (needed on stores without native expiry). */
  async expire(name: string): Promise<void> {
    checkName(name)
    const cutoffs = this.cutoffs().filter((cutoff) => cutoff.liveFrom > Number.NEGATIVE_INFINITY)
    if (cutoffs.length === 0) return
    await this.call('expire', () => this.backend.expire(this.config.prefix, name, cutoffs))
  }

  /** Releases the backend if this timeseries created it; a backend passed in stays open. */
  async close(): Promise<void> {
    if (this.ownsBackend) await this.backend.close()
  }

  private intervalOf(name: unknown): Interval {
    const interval = typeof name === 'string' ? this.config.intervals.get(name) : undefined
    if (interval === undefined)
      throw new UnknownIntervalError(name, [...this.config.intervals.keys()])
    return interval
  }

  private cutoffs(): IntervalCutoff[] {
    const now = this.config.clock()
    return [...this.config.intervals.values()].map((interval) => ({
      interval: interval.name,
      liveFrom: interval.liveFrom(now),
    }))
  }

  private plan(
    name: Names,
    interval: Interval,
    buckets: number[],
    options: ReadOptions,
    collapse: FoldOption,
  ): ReadPlan {
    return {
      names: checkNames(name),
      interval,
      buckets,
      condense: checkFold('condense', options.condense),
      collapse: checkFold('collapse', collapse),
      transform: options.transform === undefined ? null : compileTransform(options.transform),
      ...checkHooks(options),
    }
  }

  private addPoint(batch: WriteBatch, point: BulkPoint<unknown>, extra: number): void {
    if (typeof point !== 'object' || point === null) {
      throw new InvalidValueError(WHOLE_INPUT, point, 'expected { name, value, timestamp }')
    }
    const owner = batch.cellsOf(point.name)
    const timestamp =
      point.timestamp === undefined ? this.config.clock() : checkTimestamp(point.timestamp)

    const { value } = point
    if (!Array.isArray(value)) {
      batch.add(owner, this.encode(value), timestamp, extra)
      return
    }
    if (value.length === 0)
      throw new InvalidValueError('value', value, 'an empty array inserts nothing')
    for (const item of value) batch.add(owner, this.encode(item), timestamp, extra)
  }

  private encode(value: unknown): string | number {
    const { type, writeFn, codec } = this.config
    const written = writeFn === null ? value : writeFn(value)

    if (type.name === 'count') {
      const amount = written === undefined ? 1 : written
      if (typeof amount !== 'number' || !Number.isFinite(amount)) {
        throw new InvalidValueError('value', amount, 'a count adds a finite number')
      }
      return amount
    }
    if (written === undefined) throw new InvalidValueError('value', written, 'a value is required')
    return codec.encode(written)
  }

  private flush(batch: WriteBatch): Promise<void> {
    const event = () => ({ prefix: this.config.prefix, cells: batch.size, points: batch.written })
    return traced('write', event, () => this.send(batch))
  }

  private async send(batch: WriteBatch): Promise<void> {
    const writes = batch.writes()
    if (this.config.type.name === 'count') checkFoldedAmounts(writes)
    const chunk = this.backend.capabilities.maxBatchCells
    let applied = 0
    for (let i = 0; i < writes.length; i += chunk) {
      const part: CellWrite[] = writes.slice(i, i + chunk)
      try {
        await this.backend.write(this.config.prefix, part)
      } catch (error) {
        throw batchFailure(error, writes.length, applied)
      }
      applied += part.length
    }
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (error) {
      if (error instanceof KairosError) throw error
      throw new BackendFailureError(`${operation} failed: ${messageOf(error)}`, { cause: error })
    }
  }
}

function isPlainArray(points: object): points is readonly unknown[] {
  return Array.isArray(points) && points[Symbol.iterator] === Array.prototype[Symbol.iterator]
}

function checkBackend(backend: unknown): void {
  const capabilities = (backend as StorageBackend | null)?.capabilities
  if (capabilities === undefined) {
    throw new InvalidConfigError('backend', backend, 'expected a StorageBackend')
  }
  if (capabilities.contractVersion !== STORAGE_CONTRACT_VERSION) {
    throw new InvalidConfigError(
      'backend.capabilities.contractVersion',
      capabilities.contractVersion,
      `this core implements storage contract ${STORAGE_CONTRACT_VERSION}`,
    )
  }
  if (!Number.isSafeInteger(capabilities.maxBatchCells) || capabilities.maxBatchCells <= 0) {
    throw new InvalidConfigError(
      'backend.capabilities.maxBatchCells',
      capabilities.maxBatchCells,
      'must be a positive integer',
    )
  }
}

/** Increments folded past the largest double would be stored as Infinity or refused mid-batch. */
function checkFoldedAmounts(writes: readonly CellWrite[]): void {
  for (const write of writes) {
    if (write.op === 'increment' && !Number.isFinite(write.amount)) {
      throw new InvalidValueError(
        'value',
        write.amount,
        `the increments of ${write.name} in one bucket add up beyond the largest number`,
      )
    }
  }
}

function checkNames(name: Names): string[] {
  if (!Array.isArray(name)) return [checkName(name)]
  if (name.length === 0)
    throw new InvalidArgumentError('name', name, 'an empty array names no series')
  return name.map((item, i) => checkName(item, `name[${i}]`))
}

function checkExtra(extra: unknown): number {
  if (extra === undefined) return 0
  if (
    typeof extra !== 'number' ||
    !Number.isSafeInteger(extra) ||
    Math.abs(extra) > MAX_EXTRA_BUCKETS
  ) {
    throw new InvalidArgumentError(
      'intervals',
      extra,
      `must be a whole number within ±${MAX_EXTRA_BUCKETS}`,
    )
  }
  return extra
}

function checkFold(field: string, value: unknown): FoldOption {
  if (value === undefined) return false
  if (typeof value === 'boolean' || typeof value === 'function') return value as FoldOption
  throw new InvalidArgumentError(field, value, 'expected true, false or a function')
}

function checkHooks(options: ReadOptions): ReadHooks {
  const hooks: ReadHooks = {}
  for (const key of ['fetch', 'processRow', 'joinRows'] as const) {
    const hook = options[key]
    if (hook === undefined) continue
    if (typeof hook !== 'function') throw new InvalidArgumentError(key, hook, 'expected a function')
    ;(hooks as Record<string, unknown>)[key] = hook
  }
  return hooks
}

function batchFailure(error: unknown, total: number, appliedBefore: number): KairosError {
  if (error instanceof KairosError && !(error instanceof BackendFailureError)) return error

  const inner = error instanceof BackendFailureError ? error : undefined
  const applied = appliedBefore + (inner?.batch?.applied ?? 0)
  const cause = inner === undefined ? error : (inner.cause ?? inner)
  return new BackendFailureError(
    `write failed: ${applied} of ${total} cell writes are known to be applied and the rest ` +
      `may be partly applied (${messageOf(cause)})`,
    { cause, batch: { total, applied } },
  )
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
