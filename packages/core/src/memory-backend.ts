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
import { StartOrderedMap } from './start-ordered-map.js'

/**
 * A cell's aggregate, held bare: the five merge operations keep five kinds of value, so
 * the kind tells the operation and a cell costs no wrapper object.
 */
type Cell = string[] | Map<string, number> | number | string | Set<string>

/**
 * The cells of one name in one interval. Cells without a sub-bucket sit directly under
 * their bucket start, so an interval without a resolution costs no map per bucket.
 */
interface IntervalCells {
  readonly whole: StartOrderedMap<Cell>
  /** Bucket start → sub-bucket start → cell. */
  readonly subs: StartOrderedMap<StartOrderedMap<Cell>>
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
      const start = write.sub ?? write.bucket
      const cell = cells.get(start)
      if (cell === undefined) cells.set(start, createCell(write))
      else mergeInto(cells, start, cell, write)
    }
  }

  async read(prefix: string, query: CellQuery): Promise<CellRead[]> {
    const stored = this.prefixes.get(prefix)?.get(query.name)?.get(query.interval)
    if (stored === undefined) return []

    const rows: CellRead[] = []
    for (const bucket of query.buckets) {
      const whole = stored.whole.get(bucket)
      if (whole !== undefined && opOf(whole) === query.op) rows.push(cellRead(bucket, null, whole))
      for (const [sub, cell] of stored.subs.get(bucket)?.entries() ?? []) {
        if (opOf(cell) === query.op) rows.push(cellRead(bucket, sub, cell))
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
      stored.whole.deleteBefore(liveFrom)
      stored.subs.deleteBefore(liveFrom)
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
    cells = { whole: new StartOrderedMap(), subs: new StartOrderedMap() }
    intervals.set(interval, cells)
  }
  return cells
}

function subsOf(cells: IntervalCells, bucket: number): StartOrderedMap<Cell> {
  let subs = cells.subs.get(bucket)
  if (subs === undefined) {
    subs = new StartOrderedMap()
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
function createCell(write: CellWrite): Cell {
  switch (write.op) {
    case 'append':
      return write.values as string[]
    case 'count':
      return write.counts as Map<string, number>
    case 'increment':
      return write.amount
    case 'replace':
      return write.value
    case 'add':
      return write.members as Set<string>
  }
}

/** Merges a write into the cell stored at `start`; numbers and strings are replaced there. */
function mergeInto(
  cells: StartOrderedMap<Cell>,
  start: number,
  cell: Cell,
  write: CellWrite,
): void {
  const op = opOf(cell)
  if (op !== write.op) throw opMismatch(op, write.op)

  switch (write.op) {
    case 'append':
      for (const value of write.values) (cell as string[]).push(value)
      return
    case 'count':
      addCounts(cell as Map<string, number>, write.counts)
      return
    case 'increment':
      cells.set(start, (cell as number) + write.amount)
      return
    case 'replace':
      cells.set(start, write.value)
      return
    case 'add':
      for (const member of write.members) (cell as Set<string>).add(member)
  }
}

/** `forEach`, not `for…of`: iterating the entries would allocate a pair per member. */
function addCounts(counts: Map<string, number>, added: ReadonlyMap<string, number>): void {
  added.forEach((n, member) => {
    counts.set(member, (counts.get(member) ?? 0) + n)
  })
}

/** The merge operation a cell's kind of value stands for. */
function opOf(cell: Cell): MergeOp {
  if (typeof cell === 'number') return 'increment'
  if (typeof cell === 'string') return 'replace'
  if (Array.isArray(cell)) return 'append'
  return cell instanceof Map ? 'count' : 'add'
}

/** A cell as a read returns it; its containers are handed out, as the contract allows. */
function cellRead(bucket: number, sub: number | null, cell: Cell): CellRead {
  switch (opOf(cell)) {
    case 'append':
      return { bucket, sub, op: 'append', values: cell as string[] }
    case 'count':
      return { bucket, sub, op: 'count', counts: cell as Map<string, number> }
    case 'increment':
      return { bucket, sub, op: 'increment', amount: cell as number }
    case 'replace':
      return { bucket, sub, op: 'replace', value: cell as string }
    case 'add':
      return { bucket, sub, op: 'add', members: cell as Set<string> }
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
