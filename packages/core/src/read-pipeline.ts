import type { CellRead, StorageBackend } from './backend.js'
import type { ResolvedConfig } from './config.js'
import { traced } from './diagnostics.js'
import { InvalidArgumentError } from './errors.js'
import type { Interval } from './interval.js'
import type { FoldOption, ReadHooks } from './read-hooks.js'
import { bucketDuration } from './step.js'
import type { CompiledTransform } from './transforms.js'

/** What one read asks for, already validated. */
export interface ReadPlan extends ReadHooks {
  readonly names: readonly string[]
  readonly interval: Interval
  /** Ascending bucket starts, empty buckets included. */
  readonly buckets: readonly number[]
  readonly condense: FoldOption
  readonly collapse: FoldOption
  readonly transform: CompiledTransform | null
}

/** Sub-bucket (or, without a resolution, bucket) start → data of one cell. */
type Cells = Map<number, unknown>

/**
 * Runs a read: fetch the live buckets of every name in one backend read each, join the
 * names sub-bucket by sub-bucket, fold sub-buckets (condense) and buckets (collapse),
 * decode, transform.
 * Merging runs on encoded values unless a hook needs decoded ones, so that equal JSON
 * values meet as equal strings.
 *
 * @returns bucket start → data, or bucket start → (sub-bucket start → data) when an
 * interval with a resolution is read without condensing
 */
export function runRead(
  backend: StorageBackend,
  config: ResolvedConfig,
  plan: ReadPlan,
): Promise<Map<number, unknown>> {
  const event = () => ({
    prefix: config.prefix,
    names: plan.names,
    interval: plan.interval.name,
    buckets: plan.buckets.length,
  })
  return traced('read', event, () => read(backend, config, plan))
}

async function read(
  backend: StorageBackend,
  config: ResolvedConfig,
  plan: ReadPlan,
): Promise<Map<number, unknown>> {
  const liveFrom = plan.interval.liveFrom(config.clock())
  const live = plan.buckets.filter((b) => b >= liveFrom)
  const decodeEarly = needsDecodedValues(plan, config)

  const perName = await Promise.all(
    plan.names.map((name) => fetchCells(backend, config, plan, name, live, decodeEarly)),
  )

  const condensed =
    plan.interval.resolution === null || plan.condense !== false || plan.collapse !== false
  let result = joinSubBuckets(config, plan, perName)
  if (condensed) result = condenseAll(config, plan, result)
  if (plan.collapse !== false) result = collapse(config, plan, result)
  if (!decodeEarly) result = decodeAll(config, result, condensed)
  return plan.transform === null ? result : transformAll(config, plan, result, condensed)
}

/**
 * Whether to decode as cells arrive rather than after folding. Folding decoded values is
 * the same as folding encoded ones when equal values decode to equal keys (numbers and
 * strings); JSON objects would compare by identity, so those fold encoded unless a hook
 * asks for decoded values.
 */
function needsDecodedValues(plan: ReadPlan, config: ResolvedConfig): boolean {
  return (
    config.codec.kind !== 'json' ||
    plan.processRow !== undefined ||
    plan.joinRows !== undefined ||
    typeof plan.condense === 'function' ||
    typeof plan.collapse === 'function'
  )
}

async function fetchCells(
  backend: StorageBackend,
  config: ResolvedConfig,
  plan: ReadPlan,
  name: string,
  buckets: number[],
  decodeEarly: boolean,
): Promise<Map<number, Cells>> {
  const byBucket = new Map<number, Cells>()
  if (buckets.length === 0) return byBucket

  const query = { name, interval: plan.interval.name, op: config.type.op, buckets }
  const rows: CellRead[] = plan.fetch
    ? await plan.fetch({ ...query, prefix: config.prefix })
    : await backend.read(config.prefix, query)
  if (!Array.isArray(rows)) {
    throw new InvalidArgumentError('fetch', rows, 'a fetch hook must resolve to an array of cells')
  }

  const decode = decodeEarly ? valueDecoder(config) : (encoded: string) => encoded
  for (const row of rows) {
    let data = config.type.fromCell(row, decode)
    if (plan.processRow) data = plan.processRow(data, { name, bucket: row.bucket, sub: row.sub })

    let cells = byBucket.get(row.bucket)
    if (cells === undefined) {
      cells = new Map()
      byBucket.set(row.bucket, cells)
    }
    cells.set(row.sub ?? row.bucket, data)
  }
  return byBucket
}

/** Decodes a stored string into the value a caller sees (codec, then `readFn`). */
function valueDecoder(config: ResolvedConfig): (encoded: string) => unknown {
  const { codec, readFn } = config
  return readFn === null ? codec.decode : (encoded) => readFn(codec.decode(encoded))
}

function condenseAll(
  config: ResolvedConfig,
  plan: ReadPlan,
  result: Map<number, unknown>,
): Map<number, unknown> {
  for (const [bucket, subs] of result)
    result.set(bucket, condenseCells(config, plan, subs as Cells))
  return result
}

/** Folds one bucket's sub-buckets, already in time order, into one value. */
function condenseCells(config: ResolvedConfig, plan: ReadPlan, cells: Cells): unknown {
  if (typeof plan.condense === 'function') return plan.condense(cells)
  if (cells.size === 1) return cells.values().next().value
  let folded = config.type.empty()
  for (const part of cells.values()) folded = config.type.merge(folded, part)
  return folded
}

function joinRows(config: ResolvedConfig, plan: ReadPlan, rows: unknown[]): unknown {
  if (plan.joinRows && rows.length > 1) return plan.joinRows(rows)
  if (rows.length === 1) return rows[0]
  return rows.reduce((acc, row) => config.type.merge(acc, row), config.type.empty())
}

function joinSubBuckets(
  config: ResolvedConfig,
  plan: ReadPlan,
  perName: Map<number, Cells>[],
): Map<number, unknown> {
  const result = new Map<number, unknown>()
  const [only] = perName
  if (perName.length === 1 && plan.interval.resolution === null && only !== undefined) {
    // One name without sub-buckets: each bucket holds at most one cell, already joined.
    for (const bucket of plan.buckets) result.set(bucket, only.get(bucket) ?? new Map())
    return result
  }

  for (const bucket of plan.buckets) {
    const subs = new Map<number, unknown[]>()
    for (const cells of perName) {
      for (const [sub, data] of cells.get(bucket) ?? []) {
        const rows = subs.get(sub)
        if (rows === undefined) subs.set(sub, [data])
        else rows.push(data)
      }
    }

    const joined: Cells = new Map()
    for (const sub of [...subs.keys()].sort((a, b) => a - b)) {
      joined.set(sub, joinRows(config, plan, subs.get(sub) as unknown[]))
    }
    result.set(bucket, joined)
  }
  return result
}

function collapse(
  config: ResolvedConfig,
  plan: ReadPlan,
  result: Map<number, unknown>,
): Map<number, unknown> {
  const first = plan.buckets[0] as number
  if (typeof plan.collapse === 'function') return new Map([[first, plan.collapse(result)]])

  let folded = config.type.empty()
  for (const part of result.values()) folded = config.type.merge(folded, part)
  return new Map([[first, folded]])
}

function decodeAll(
  config: ResolvedConfig,
  result: Map<number, unknown>,
  condensed: boolean,
): Map<number, unknown> {
  const decode = valueDecoder(config)
  const one = (data: unknown) => config.type.decode(data, decode)
  for (const [bucket, data] of result) {
    result.set(bucket, condensed ? one(data) : mapValues(data as Cells, one))
  }
  return result
}

function transformAll(
  config: ResolvedConfig,
  plan: ReadPlan,
  result: Map<number, unknown>,
  condensed: boolean,
): Map<number, unknown> {
  const transform = plan.transform as CompiledTransform
  const type = config.type.name
  const { interval } = plan

  for (const [bucket, data] of result) {
    if (condensed) {
      const duration =
        plan.collapse !== false ? rangeDuration(plan) : bucketDuration(interval.step, bucket)
      result.set(bucket, transform(data, duration, type))
    } else {
      const subs = new Map<number, unknown>()
      for (const [sub, cell] of data as Cells) {
        subs.set(sub, transform(cell, subDuration(interval, bucket, sub), type))
      }
      result.set(bucket, subs)
    }
  }
  return result
}

function rangeDuration(plan: ReadPlan): number {
  const first = plan.buckets[0] as number
  const last = plan.buckets.at(-1) as number
  return plan.interval.step.add(last, 1) - first
}

function subDuration(interval: Interval, bucket: number, sub: number): number {
  const end = Math.min(
    interval.step.add(bucket, 1),
    (interval.resolution ?? interval.step).add(sub, 1),
  )
  return end - sub
}

function mapValues(cells: Cells, fn: (data: unknown) => unknown): Cells {
  const result: Cells = new Map()
  for (const [key, data] of cells) result.set(key, fn(data))
  return result
}
