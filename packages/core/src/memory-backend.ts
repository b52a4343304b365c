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

/**
 * The cells of one name in one interval. Cells without a sub-bucket sit directly under
 * their bucket start, so an interval without a resolution costs no map per bucket.
 */
interface IntervalCells {
  readonly whole: Map<number, CellState>
  /** Bucket start → sub-bucket start → cell. */
  readonly subs: Map<number, Map<number, CellState>>
}

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

  private readonly prefixes = new Map<string, Map<string, Map<string, IntervalCells>>>()

  async write(prefix: string, writes: readonly CellWrite[]): Promise<void> {
    const names = this.namesOf(prefix)
    let current: IntervalCells | undefined
    let currentName = ''
    let currentInterval = ''

    for (const write of writes) {
      // Core groups writes by interval and name, so the lookup is usually the last one.
      if (
        current === undefined ||
        write.name !== currentName ||
        write.interval !== currentInterval
      ) {
        current = cellsOf(names, write.name, write.interval)
        currentName = write.name
        currentInterval = write.interval
      }
      const cells = write.sub === null ? current.whole : subsOf(current, write.bucket)
      const key = write.sub ?? write.bucket
      const cell = cells.get(key)
      if (cell === undefined) cells.set(key, createCell(write))
      else mergeInto(cell, write)
    }
  }

  async read(prefix: string, query: CellQuery): Promise<CellRead[]> {
    const stored = this.prefixes.get(prefix)?.get(query.name)?.get(query.interval)
    if (stored === undefined) return []

    const rows: CellRead[] = []
    for (const bucket of query.buckets) {
      const whole = stored.whole.get(bucket)
      if (whole !== undefined && whole.op === query.op) rows.push({ bucket, sub: null, ...whole })
      for (const [sub, cell] of stored.subs.get(bucket) ?? []) {
        if (cell.op === query.op) rows.push({ bucket, sub, ...cell })
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
      const stored = intervals.get(interval)
      for (const start of bucketStarts(stored)) {
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
      const stored = intervals.get(interval)
      if (stored === undefined) continue
      for (const start of stored.whole.keys()) if (start < liveFrom) stored.whole.delete(start)
      for (const start of stored.subs.keys()) if (start < liveFrom) stored.subs.delete(start)
      if (stored.whole.size === 0 && stored.subs.size === 0) intervals.delete(interval)
    }
    if (intervals.size === 0) names.delete(name)
  }

  async close(): Promise<void> {
    this.prefixes.clear()
  }

  private namesOf(prefix: string): Map<string, Map<string, IntervalCells>> {
    let names = this.prefixes.get(prefix)
    if (names === undefined) {
      names = new Map()
      this.prefixes.set(prefix, names)
    }
    return names
  }
}

function cellsOf(
  names: Map<string, Map<string, IntervalCells>>,
  name: string,
  interval: string,
): IntervalCells {
  let intervals = names.get(name)
  if (intervals === undefined) {
    intervals = new Map()
    names.set(name, intervals)
  }
  let cells = intervals.get(interval)
  if (cells === undefined) {
    cells = { whole: new Map(), subs: new Map() }
    intervals.set(interval, cells)
  }
  return cells
}

function subsOf(cells: IntervalCells, bucket: number): Map<number, CellState> {
  let subs = cells.subs.get(bucket)
  if (subs === undefined) {
    subs = new Map()
    cells.subs.set(bucket, subs)
  }
  return subs
}

function* bucketStarts(cells: IntervalCells | undefined): Iterable<number> {
  if (cells === undefined) return
  yield* cells.whole.keys()
  yield* cells.subs.keys()
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

const TYPE_OF_OP: Record<MergeOp, string> = {
  append: 'series',
  count: 'histogram',
  increment: 'count',
  replace: 'gauge',
  add: 'set',
}

function opMismatch(stored: MergeOp, written: MergeOp): Error {
  return new InvalidConfigError(
    'type',
    TYPE_OF_OP[written],
    `this name already holds ${TYPE_OF_OP[stored]} data under this prefix; give each type its own prefix`,
  )
}
