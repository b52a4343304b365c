/**
 * A map keyed by bucket (or sub-bucket) starts in epoch milliseconds, laid out for data
 * that mostly arrives in time order.
 *
 * Starts that arrive later than every start held are appended to two sorted arrays, so
 * the common write touches only their ends: no hash table to grow, no boxed number per
 * key, no scattered memory to load. Lookups search the arrays from the end. A start that
 * arrives out of order goes to a hash map instead, so late data never costs more than a
 * map insert.
 */
export class StartOrderedMap<V> {
  /** Ascending starts that arrived in order, with their values at the same index. */
  private readonly starts: number[] = []
  private readonly values: V[] = []
  /** Starts that arrived after a later one was held; each is earlier than the last of `starts`. */
  private scattered: Map<number, V> | null = null

  /** The number of starts held. */
  get size(): number {
    return this.starts.length + (this.scattered?.size ?? 0)
  }

  get(start: number): V | undefined {
    const index = this.indexOf(start)
    if (index >= 0) return this.values[index]
    return this.scattered?.get(start)
  }

  set(start: number, value: V): void {
    const last = this.starts.length - 1
    if (last < 0 || start > (this.starts[last] as number)) {
      // -0 and 0 are one key, as in a Map; keep the one a Map would return.
      this.starts.push(start === 0 ? 0 : start)
      this.values.push(value)
      return
    }

    const index = this.indexOf(start)
    if (index >= 0) {
      this.values[index] = value
      return
    }
    this.scattered ??= new Map()
    this.scattered.set(start, value)
  }

  /** Removes every start earlier than `start`. */
  deleteBefore(start: number): void {
    const kept = this.firstAtOrAfter(start)
    this.starts.splice(0, kept)
    this.values.splice(0, kept)
    if (this.scattered === null) return
    for (const key of this.scattered.keys()) if (key < start) this.scattered.delete(key)
  }

  /** Every start held, with its value, in no particular order. */
  *entries(): Generator<[number, V]> {
    for (let i = 0; i < this.starts.length; i++) {
      yield [this.starts[i] as number, this.values[i] as V]
    }
    if (this.scattered !== null) yield* this.scattered
  }

  /** Every start held, in no particular order. */
  *keys(): Generator<number> {
    yield* this.starts
    if (this.scattered !== null) yield* this.scattered.keys()
  }

  /** The index of `start` in `starts`, or -1. Writes mostly land on the last one. */
  private indexOf(start: number): number {
    const last = this.starts.length - 1
    if (last < 0 || start > (this.starts[last] as number)) return -1
    if (start === this.starts[last]) return last

    const index = this.firstAtOrAfter(start)
    return this.starts[index] === start ? index : -1
  }

  /** The index of the first start at or after `start`, by binary search. */
  private firstAtOrAfter(start: number): number {
    let low = 0
    let high = this.starts.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if ((this.starts[middle] as number) < start) low = middle + 1
      else high = middle
    }
    return low
  }
}
