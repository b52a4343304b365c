import {
  type BackendCapabilities,
  type BucketBounds,
  type CellQuery,
  type CellRead,
  type CellWrite,
  type IntervalCutoff,
  type MergeOp,
  STORAGE_CONTRACT_VERSION,
  type StorageBackend,
} from './backend.js'
import { InvalidConfigError } from './errors.js'

/** A cell's mutable aggregate, in the shape of its merge operation. */
type CellState =
  | { op: 'append'; values: string[] }
  | { op: 'count'; counts: Map<string, number> }
  | { op: 'increment'; amount: number }
  | { op: 'replace'; value: string }
  | { op: 'add'; members: Set<string> }

interface Bucket {
  /** Keyed by sub-bucket start; `NO_SUB` stands for a cell without a resolution. */
  cells: Map<number, CellState>
}

/** Buckets of one name in one interval, keyed by bucket start. */
type IntervalBuckets = Map<number, Bucket>

const NO_SUB = Number.NaN

/**
 * Keeps cells in process memory: the embedded default and the reference implementation
 * of {@link StorageBackend}. Every lookup is by key (prefix, name, interval, bucket), so
 * reads cost what they return, never a scan of the store. It has no native expiry:
 * core never returns expired buckets, and `expire(name)` frees their memory.
 *
 * @example
 * ```ts
 * const ts = new Timeseries(new MemoryBackend(), { type: 'count', intervals: { hour: { step: '1h' } } })
 * ```
 */
export class MemoryBackend implements StorageBackend {
  readonly capabilities: BackendCapabilities = {
    contractVersion: STORAGE_CONTRACT_VERSION,
    nativeExpiry: false,
    maxBatchCells: 1_000_000,
  }

  private readonly prefixes = new Map<string, Map<string, Map<string, IntervalBuckets>>>()

  async write(prefix: string, writes: readonly CellWrite[]): Promise<void> {
    const names = this.namesOf(prefix, true)
    for (const write of writes) {
      const bucket = this.bucketFor(names, write)
      const key = write.sub ?? NO_SUB
      const cell = bucket.cells.get(key)
      if (cell === undefined) bucket.cells.set(key, createCell(write))
      else mergeInto(cell, write)
    }
  }

  async read(prefix: string, query: CellQuery): Promise<CellRead[]> {
    const buckets = this.prefixes.get(prefix)?.get(query.name)?.get(query.interval)
    if (buckets === undefined) return []

    const rows: CellRead[] = []
    for (const start of query.buckets) {
      const bucket = buckets.get(start)
      if (bucket === undefined) continue
      for (const [sub, cell] of bucket.cells) {
        if (cell.op !== query.op) continue
        rows.push({ bucket: start, sub: Number.isNaN(sub) ? null : sub, ...snapshot(cell) })
      }
    }
    return rows
  }

  async list(prefix: string): Promise<string[]> {
    return [...(this.prefixes.get(prefix)?.keys() ?? [])]
  }

  async bounds(
    prefix: string,
    name: string,
    cutoffs: readonly IntervalCutoff[],
  ): Promise<Map<string, BucketBounds>> {
    const intervals = this.prefixes.get(prefix)?.get(name)
    const result = new Map<string, BucketBounds>()
    if (intervals === undefined) return result

    for (const { interval, liveFrom } of cutoffs) {
      let first = Number.POSITIVE_INFINITY
      let last = Number.NEGATIVE_INFINITY
      for (const start of intervals.get(interval)?.keys() ?? []) {
        if (start < liveFrom) continue
        if (start < first) first = start
        if (start > last) last = start
      }
      if (first <= last) result.set(interval, { first, last })
    }
    return result
  }

  async delete(prefix: string, name: string): Promise<void> {
    this.prefixes.get(prefix)?.delete(name)
  }

  async deleteAll(prefix: string): Promise<void> {
    this.prefixes.delete(prefix)
  }

  async expire(prefix: string, name: string, cutoffs: readonly IntervalCutoff[]): Promise<void> {
    const names = this.prefixes.get(prefix)
    const intervals = names?.get(name)
    if (names === undefined || intervals === undefined) return

    for (const { interval, liveFrom } of cutoffs) {
      const buckets = intervals.get(interval)
      if (buckets === undefined) continue
      for (const start of buckets.keys()) if (start < liveFrom) buckets.delete(start)
      if (buckets.size === 0) intervals.delete(interval)
    }
    if (intervals.size === 0) names.delete(name)
  }

  async close(): Promise<void> {
    this.prefixes.clear()
  }

  private namesOf(prefix: string, create: true): Map<string, Map<string, IntervalBuckets>> {
    let names = this.prefixes.get(prefix)
    if (names === undefined && create) {
      names = new Map()
      this.prefixes.set(prefix, names)
    }
    return names as Map<string, Map<string, IntervalBuckets>>
  }

  private bucketFor(names: Map<string, Map<string, IntervalBuckets>>, write: CellWrite): Bucket {
    let intervals = names.get(write.name)
    if (intervals === undefined) {
      intervals = new Map()
      names.set(write.name, intervals)
    }
    let buckets = intervals.get(write.interval)
    if (buckets === undefined) {
      buckets = new Map()
      intervals.set(write.interval, buckets)
    }
    let bucket = buckets.get(write.bucket)
    if (bucket === undefined) {
      bucket = { cells: new Map() }
      buckets.set(write.bucket, bucket)
    }
    return bucket
  }
}

/**
 * A new cell that takes over the write's containers: core builds fresh ones for every
 * batch and never touches a write again once it is handed over, so copying would only
 * double the allocation on the hottest path.
 */
function createCell(write: CellWrite): CellState {
  switch (write.op) {
    case 'append':
      return { op: 'append', values: write.values as string[] }
    case 'count':
      return { op: 'count', counts: write.counts as Map<string, number> }
    case 'increment':
      return { op: 'increment', amount: write.amount }
    case 'replace':
      return { op: 'replace', value: write.value }
    case 'add':
      return { op: 'add', members: write.members as Set<string> }
  }
}

function mergeInto(cell: CellState, write: CellWrite): void {
  if (cell.op !== write.op) throw opMismatch(cell.op, write.op)

  if (cell.op === 'append' && write.op === 'append') {
    for (const value of write.values) cell.values.push(value)
  } else if (cell.op === 'count' && write.op === 'count') {
    for (const [member, n] of write.counts)
      cell.counts.set(member, (cell.counts.get(member) ?? 0) + n)
  } else if (cell.op === 'increment' && write.op === 'increment') {
    cell.amount += write.amount
  } else if (cell.op === 'replace' && write.op === 'replace') {
    cell.value = write.value
  } else if (cell.op === 'add' && write.op === 'add') {
    for (const member of write.members) cell.members.add(member)
  }
}

/** A copy, so that a caller holding a read result never sees later writes. */
function snapshot(cell: CellState): CellState {
  switch (cell.op) {
    case 'append':
      return { op: 'append', values: [...cell.values] }
    case 'count':
      return { op: 'count', counts: new Map(cell.counts) }
    case 'add':
      return { op: 'add', members: new Set(cell.members) }
    default:
      return { ...cell }
  }
}

function opMismatch(stored: MergeOp, written: MergeOp): Error {
  return new InvalidConfigError(
    'type',
    written,
    `the cell already holds data written with ${stored}: two timeseries of different types share a prefix and name`,
  )
}
