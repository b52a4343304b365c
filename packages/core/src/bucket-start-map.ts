const MINUTE_MS = 60_000

/** Minute numbers up to this magnitude are small integers in every V8 build. */
const MAX_MINUTE = 2 ** 30 - 1

/**
 * A map keyed by bucket (or sub-bucket) starts in epoch milliseconds.
 *
 * Starts are mostly whole minutes, and today's are far beyond the small integers a JS
 * engine keeps inline: as keys they would be boxed numbers, each a separate object that
 * every lookup dereferences and the garbage collector copies. So a whole-minute start is
 * keyed by its minute number instead; any other start (a second-aligned bucket, a zone
 * with an offset in seconds, a time beyond two thousand years from 1970) is keyed by
 * itself in a second map, so every start in the supported range has exactly one key.
 */
export class BucketStartMap<V> {
  private readonly minutes = new Map<number, V>()
  private others: Map<number, V> | null = null

  /** The number of starts held. */
  get size(): number {
    return this.minutes.size + (this.others?.size ?? 0)
  }

  get(start: number): V | undefined {
    const minute = minuteOf(start)
    if (minute !== null) return this.minutes.get(minute)
    return this.others?.get(start)
  }

  set(start: number, value: V): void {
    const minute = minuteOf(start)
    if (minute !== null) {
      this.minutes.set(minute, value)
      return
    }
    this.others ??= new Map()
    this.others.set(start, value)
  }

  delete(start: number): void {
    const minute = minuteOf(start)
    if (minute !== null) this.minutes.delete(minute)
    else this.others?.delete(start)
  }

  /** Every start held, with its value, in no particular order. */
  *entries(): Generator<[number, V]> {
    for (const [minute, value] of this.minutes) yield [minute * MINUTE_MS, value]
    if (this.others !== null) yield* this.others
  }

  /** Every start held, in no particular order. */
  *keys(): Generator<number> {
    for (const minute of this.minutes.keys()) yield minute * MINUTE_MS
    if (this.others !== null) yield* this.others.keys()
  }
}

/**
 * The minute number of a whole-minute start, or `null`. The product check makes the
 * mapping exact: only a start that is precisely `minute × 60 000` gets that minute.
 */
function minuteOf(start: number): number | null {
  const minute = Math.floor(start / MINUTE_MS)
  if (minute * MINUTE_MS !== start || Math.abs(minute) > MAX_MINUTE) return null
  return minute
}
