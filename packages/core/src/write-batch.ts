import type { CellWrite } from './backend.js'
import { checkName, type ResolvedConfig } from './config.js'
import type { Interval } from './interval.js'
import type { PendingWrite, TypeSemantics } from './types/index.js'

/** Bucket starts within this many milliseconds of 1970 have a next bucket in every step. */
const REMEMBERED_RANGE = 1e15

/** An interval with its retention cut-off for this batch. */
interface Lane {
  readonly interval: Interval
  readonly liveFrom: number
}

/** One name's pending writes in one interval, and the bucket its last point landed in. */
interface LaneCells {
  /** Cell key (sub-bucket, else bucket) → write. */
  readonly cells: Map<number, PendingWrite>
  /**
   * The bounds and write of the whole-bucket cell the last point landed in. A name's points
   * mostly arrive in time order, so the next one usually lands in the same bucket and needs
   * neither a floor nor a map lookup. Empty (start = end) on intervals with a resolution.
   */
  lastStart: number
  lastEnd: number
  last: PendingWrite | null
}

/** The pending writes of one name, one entry per lane. */
export interface NameCells {
  readonly name: string
  readonly lanes: LaneCells[]
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
  /** Name → its cells in every lane: one lookup by name per point, not one per interval. */
  private readonly byName = new Map<string, NameCells>()
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
   * The pending cells of `name`. A name is checked the first time a batch sees it: a name
   * already held has passed, so a long batch checks each distinct name once.
   * @throws InvalidValueError when `name` is not a valid series name
   */
  cellsOf(name: unknown): NameCells {
    const known = this.byName.get(name as string)
    if (known !== undefined) return known

    const checked = checkName(name)
    const created: NameCells = { name: checked, lanes: this.lanes.map(emptyLaneCells) }
    this.byName.set(checked, created)
    return created
  }

  /**
   * Adds one encoded point. Copies into neighbouring buckets land in their first
   * sub-bucket, as in kairos.
   * @param extra - also write into this many following (> 0) or preceding (< 0) buckets
   */
  add(owner: NameCells, point: string | number, timestamp: number, extra: number): void {
    let wroteAny = false
    for (let i = 0; i < this.lanes.length; i++) {
      const cells = owner.lanes[i] as LaneCells
      if (extra === 0 && timestamp >= cells.lastStart && timestamp < cells.lastEnd) {
        this.type.fold(cells.last as PendingWrite, point)
        wroteAny = true
        continue
      }

      const lane = this.lanes[i] as Lane
      const bucket = lane.interval.step.floor(timestamp)
      const write = this.addToBucket(lane, cells, owner.name, point, bucket, timestamp)
      if (write !== null && lane.interval.resolution === null) remember(lane, cells, bucket, write)
      wroteAny = write !== null || wroteAny
      if (extra !== 0) {
        wroteAny = this.addToNeighbours(lane, cells, owner.name, point, bucket, extra) || wroteAny
      }
    }

    if (wroteAny) this.written++
    else this.skipped++
  }

  /** The folded writes, grouped by interval and name. */
  writes(): CellWrite[] {
    const result: CellWrite[] = []
    for (let i = 0; i < this.lanes.length; i++) {
      for (const owner of this.byName.values()) {
        for (const write of (owner.lanes[i] as LaneCells).cells.values()) result.push(write)
      }
    }
    return result
  }

  private addToNeighbours(
    lane: Lane,
    cells: LaneCells,
    name: string,
    point: string | number,
    bucket: number,
    extra: number,
  ): boolean {
    let wroteAny = false
    const direction = Math.sign(extra)
    for (let k = 1; k <= Math.abs(extra); k++) {
      const target = lane.interval.step.add(bucket, k * direction)
      wroteAny = this.addToBucket(lane, cells, name, point, target, target) !== null || wroteAny
    }
    return wroteAny
  }

  /** @returns the cell's pending write, or `null` when the bucket is past retention */
  private addToBucket(
    lane: Lane,
    cells: LaneCells,
    name: string,
    point: string | number,
    bucket: number,
    timestamp: number,
  ): PendingWrite | null {
    if (bucket < lane.liveFrom) return null

    const { interval } = lane
    const sub = interval.resolution === null ? null : interval.subBucket(bucket, timestamp)
    const key = sub ?? bucket
    const pending = cells.cells.get(key)
    if (pending !== undefined) {
      this.type.fold(pending, point)
      return pending
    }

    const write = this.type.start(
      name,
      interval.name,
      bucket,
      sub,
      interval.expiresAt(bucket),
      point,
    )
    cells.cells.set(key, write)
    this.cells++
    return write
  }
}

/**
 * Remembers the bucket a point landed in. Buckets partition time, so every instant from
 * its start up to the next bucket's start floors to it. Near the ends of the supported
 * range a calendar step cannot name the next bucket, so nothing is remembered there.
 */
function remember(lane: Lane, cells: LaneCells, bucket: number, write: PendingWrite): void {
  const named = Math.abs(bucket) < REMEMBERED_RANGE
  cells.lastStart = bucket
  cells.lastEnd = named ? lane.interval.step.add(bucket, 1) : bucket
  cells.last = write
}

function emptyLaneCells(): LaneCells {
  return { cells: new Map(), lastStart: 0, lastEnd: 0, last: null }
}
