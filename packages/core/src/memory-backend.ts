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
import { StartOrderedMap } from './start-ordered-map.js'

/**
 * A cell's aggregate, held bare, in the shape of its merge operation: the cells of each
 * operation are kept apart, so the operation is known and a cell costs no wrapper object.
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
 * The cells of one name in one interval, per merge operation: two types written under one
 * name never meet, as in the other stores, where each operation has keys or fields of its own.
 */
type OpCells = Map<MergeOp, IntervalCells>

/** Name → interval → the cells of each merge operation. */
type Names = Map<string, Map<string, OpCells>>

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

  private readonly prefixes = new Map<string, Names>()

  async write(prefix: string, writes: readonly CellWrite[]): Promise<void> {
    const names = this.namesOf(prefix)
    let current: IntervalCells | undefined
    let currentName = ''
    let currentInterval = ''
    let currentOp: MergeOp | undefined

    for (const write of writes) {
      // Core groups writes by interval and name, so the lookup is usually the last one.
      if (
        current === undefined ||
        write.name !== currentName ||
        write.interval !== currentInterval ||
        write.op !== currentOp
      ) {
        current = cellsOf(names, write.name, write.interval, write.op)
        currentName = write.name
        currentInterval = write.interval
        currentOp = write.op
      }
      const cells = write.sub === null ? current.whole : subsOf(current, write.bucket)
      const start = write.sub ?? write.bucket
      const cell = cells.get(start)
      if (cell === undefined) cells.set(start, createCell(write))
      else mergeInto(cells, start, cell, write)
    }
  }

  async read(prefix: string, query: CellQuery): Promise<CellRead[]> {
    const { op } = query
    const stored = this.prefixes.get(prefix)?.get(query.name)?.get(query.interval)?.get(op)
    if (stored === undefined) return []

    const rows: CellRead[] = []
    for (const bucket of query.buckets) {
      const whole = stored.whole.get(bucket)
      if (whole !== undefined) rows.push(cellRead(op, bucket, null, whole))
      for (const [sub, cell] of stored.subs.get(bucket)?.entries() ?? []) {
        rows.push(cellRead(op, bucket, sub, cell))
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
      for (const start of bucketStarts(intervals.get(interval))) {
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
      const ops = intervals.get(interval)
      if (ops === undefined) continue
      for (const [op, stored] of ops) {
        stored.whole.deleteBefore(liveFrom)
        stored.subs.deleteBefore(liveFrom)
        if (stored.whole.size === 0 && stored.subs.size === 0) ops.delete(op)
      }
      if (ops.size === 0) intervals.delete(interval)
    }
    if (intervals.size === 0) names.delete(name)
  }

  async close(): Promise<void> {
    this.prefixes.clear()
  }

  private namesOf(prefix: string): Names {
    let names = this.prefixes.get(prefix)
    if (names === undefined) {
      names = new Map()
      this.prefixes.set(prefix, names)
    }
    return names
  }
}

function cellsOf(names: Names, name: string, interval: string, op: MergeOp): IntervalCells {
  let intervals = names.get(name)
  if (intervals === undefined) {
    intervals = new Map()
    names.set(name, intervals)
  }
  let ops = intervals.get(interval)
  if (ops === undefined) {
    ops = new Map()
    intervals.set(interval, ops)
  }
  let cells = ops.get(op)
  if (cells === undefined) {
    cells = { whole: new StartOrderedMap(), subs: new StartOrderedMap() }
    ops.set(op, cells)
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

function* bucketStarts(ops: OpCells | undefined): Iterable<number> {
  if (ops === undefined) return
  for (const cells of ops.values()) {
    yield* cells.whole.keys()
    yield* cells.subs.keys()
  }
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

/**
 * Merges a write into the cell stored at `start`, which holds the same operation's data:
 * each operation has cells of its own. Numbers and strings are replaced in place.
 */
function mergeInto(
  cells: StartOrderedMap<Cell>,
  start: number,
  cell: Cell,
  write: CellWrite,
): void {
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

/** A cell as a read of `op` returns it; its containers are handed out, as the contract allows. */
function cellRead(op: MergeOp, bucket: number, sub: number | null, cell: Cell): CellRead {
  switch (op) {
    case 'append':
      return { bucket, sub, op, values: cell as string[] }
    case 'count':
      return { bucket, sub, op, counts: cell as Map<string, number> }
    case 'increment':
      return { bucket, sub, op, amount: cell as number }
    case 'replace':
      return { bucket, sub, op, value: cell as string }
    case 'add':
      return { bucket, sub, op, members: cell as Set<string> }
  }
}
