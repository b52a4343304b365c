import type { CellWrite } from './backend.js'
import type { ResolvedConfig } from './config.js'
import type { Interval } from './interval.js'
import type { PendingChange, PendingWrite } from './types/index.js'

/** One interval's pending writes: name → cell key (sub-bucket, else bucket) → write. */
type IntervalWrites = Map<string, Map<number, PendingWrite>>

/** An interval with its retention cut-off for this batch and its pending writes. */
interface Lane {
  readonly interval: Interval
  readonly liveFrom: number
  readonly writes: IntervalWrites
}

/**
 * Folds validated points into one write per cell, so that a batch sends each cell
 * once however many points land in it. Points whose bucket is past retention in
 * every interval are counted as skipped and write nothing.
 */
export class WriteBatch {
  written = 0
  skipped = 0
  private cells = 0
  /** One lane per interval; an array, not a map, because every point walks all of them. */
  private readonly lanes: Lane[] = []

  constructor(
    private readonly config: ResolvedConfig,
    now: number,
  ) {
    for (const interval of config.intervals.values()) {
      this.lanes.push({ interval, liveFrom: interval.liveFrom(now), writes: new Map() })
    }
  }

  /** The number of distinct cells pending. */
  get size(): number {
    return this.cells
  }

  /**
   * Adds one encoded point. Copies into neighbouring buckets land in their first
   * sub-bucket, as in kairos.
   * @param extra - also write into this many following (> 0) or preceding (< 0) buckets
   */
  add(name: string, point: string | number, timestamp: number, extra: number): void {
    let wroteAny = false
    for (const lane of this.lanes) {
      const bucket = lane.interval.step.floor(timestamp)
      wroteAny = this.addToBucket(lane, name, point, bucket, timestamp) || wroteAny
      if (extra !== 0) wroteAny = this.addToNeighbours(lane, name, point, bucket, extra) || wroteAny
    }

    if (wroteAny) this.written++
    else this.skipped++
  }

  /** The folded writes, in the order their cells were first touched. */
  writes(): CellWrite[] {
    const result: CellWrite[] = []
    for (const { writes } of this.lanes) {
      for (const cells of writes.values())
        for (const write of cells.values()) result.push(write as CellWrite)
    }
    return result
  }

  private addToNeighbours(
    lane: Lane,
    name: string,
    point: string | number,
    bucket: number,
    extra: number,
  ): boolean {
    let wroteAny = false
    const direction = Math.sign(extra)
    for (let k = 1; k <= Math.abs(extra); k++) {
      const target = lane.interval.step.add(bucket, k * direction)
      wroteAny = this.addToBucket(lane, name, point, target, target) || wroteAny
    }
    return wroteAny
  }

  private addToBucket(
    lane: Lane,
    name: string,
    point: string | number,
    bucket: number,
    timestamp: number,
  ): boolean {
    if (bucket < lane.liveFrom) return false
    const { interval, writes } = lane

    const sub = interval.resolution === null ? null : interval.subBucket(bucket, timestamp)
    let cells = writes.get(name)
    if (cells === undefined) {
      cells = new Map()
      writes.set(name, cells)
    }

    const key = sub ?? bucket
    const pending = cells.get(key)
    if (pending !== undefined) {
      this.config.type.fold(pending as unknown as PendingChange, point)
      return true
    }

    const change = this.config.type.start(point)
    const write = {
      name,
      interval: interval.name,
      bucket,
      sub,
      expiresAt: interval.expiresAt(bucket),
      ...change,
    }
    cells.set(key, write as PendingWrite)
    this.cells++
    return true
  }
}
