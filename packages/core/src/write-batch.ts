import type { CellWrite } from './backend.js'
import type { ResolvedConfig } from './config.js'
import type { Interval } from './interval.js'
import type { PendingChange, PendingWrite, TypeSemantics } from './types/index.js'

/** One name's pending writes in one interval: cell key (sub-bucket, else bucket) → write. */
type Cells = Map<number, PendingWrite>

/** An interval with its retention cut-off for this batch. */
interface Lane {
  readonly interval: Interval
  readonly liveFrom: number
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
  /** Name → one map of cells per lane: one lookup by name per point, not one per interval. */
  private readonly byName = new Map<string, Cells[]>()
  private readonly type: TypeSemantics

  constructor(config: ResolvedConfig, now: number) {
    this.type = config.type
    for (const interval of config.intervals.values()) {
      this.lanes.push({ interval, liveFrom: interval.liveFrom(now) })
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
    const cellsByLane = this.cellsOf(name)
    let wroteAny = false
    for (let i = 0; i < this.lanes.length; i++) {
      const lane = this.lanes[i] as Lane
      const cells = cellsByLane[i] as Cells
      const bucket = lane.interval.step.floor(timestamp)
      wroteAny = this.addToBucket(lane, cells, name, point, bucket, timestamp) || wroteAny
      if (extra !== 0) {
        wroteAny = this.addToNeighbours(lane, cells, name, point, bucket, extra) || wroteAny
      }
    }

    if (wroteAny) this.written++
    else this.skipped++
  }

  /** The folded writes, grouped by interval and name. */
  writes(): CellWrite[] {
    const result: CellWrite[] = []
    for (let i = 0; i < this.lanes.length; i++) {
      for (const cellsByLane of this.byName.values()) {
        for (const write of (cellsByLane[i] as Cells).values()) result.push(write as CellWrite)
      }
    }
    return result
  }

  private cellsOf(name: string): Cells[] {
    let cellsByLane = this.byName.get(name)
    if (cellsByLane === undefined) {
      cellsByLane = this.lanes.map(() => new Map())
      this.byName.set(name, cellsByLane)
    }
    return cellsByLane
  }

  private addToNeighbours(
    lane: Lane,
    cells: Cells,
    name: string,
    point: string | number,
    bucket: number,
    extra: number,
  ): boolean {
    let wroteAny = false
    const direction = Math.sign(extra)
    for (let k = 1; k <= Math.abs(extra); k++) {
      const target = lane.interval.step.add(bucket, k * direction)
      wroteAny = this.addToBucket(lane, cells, name, point, target, target) || wroteAny
    }
    return wroteAny
  }

  private addToBucket(
    lane: Lane,
    cells: Cells,
    name: string,
    point: string | number,
    bucket: number,
    timestamp: number,
  ): boolean {
    if (bucket < lane.liveFrom) return false

    const { interval } = lane
    const sub = interval.resolution === null ? null : interval.subBucket(bucket, timestamp)
    const key = sub ?? bucket
    const pending = cells.get(key)
    if (pending !== undefined) {
      this.type.fold(pending as unknown as PendingChange, point)
      return true
    }

    const write = {
      name,
      interval: interval.name,
      bucket,
      sub,
      expiresAt: interval.expiresAt(bucket),
      ...this.type.start(point),
    }
    cells.set(key, write as PendingWrite)
    this.cells++
    return true
  }
}
