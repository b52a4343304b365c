import type {
  BackendCapabilities,
  BucketBounds,
  CellQuery,
  CellRead,
  CellWrite,
  IntervalCutoff,
  StorageBackend,
} from '@kairos/core'

/** Which call a {@link TripwireBackend} reports. */
export type TripCall = 'write' | 'read'

/**
 * A backend that passes everything to another one and calls `onCall` as each `write` (one
 * slice of a batch) or `read` has been handed to it, so that a test can break the server at a
 * known point in the middle of a large `bulkInsert` or of a burst of reads, instead of
 * guessing with a delay.
 */
export class TripwireBackend implements StorageBackend {
  readonly capabilities: BackendCapabilities
  /** How many cell writes the calls that resolved carried. */
  resolvedCells = 0
  private readonly calls = { write: 0, read: 0 }

  /**
   * @param inner - the backend under test
   * @param onCall - called with the kind of call and its index among calls of that kind
   *   (0, 1, …) right after it was handed to `inner`
   * @param maxBatchCells - the slice size core should use, when smaller than the backend's
   */
  constructor(
    private readonly inner: StorageBackend,
    private readonly onCall: (call: TripCall, index: number) => void,
    maxBatchCells?: number,
  ) {
    const { capabilities } = inner
    this.capabilities =
      maxBatchCells === undefined ? capabilities : { ...capabilities, maxBatchCells }
  }

  async write(prefix: string, writes: readonly CellWrite[]): Promise<void> {
    const sent = settle(this.inner.write(prefix, writes))
    this.onCall('write', this.calls.write++)
    await sent
    this.resolvedCells += writes.length
  }

  read(prefix: string, query: CellQuery): Promise<CellRead[]> {
    const sent = settle(this.inner.read(prefix, query))
    this.onCall('read', this.calls.read++)
    return sent
  }

  list(prefix: string): Promise<string[]> {
    return this.inner.list(prefix)
  }

  bounds(
    prefix: string,
    name: string,
    cutoffs: readonly IntervalCutoff[],
  ): Promise<Map<string, BucketBounds>> {
    return this.inner.bounds(prefix, name, cutoffs)
  }

  delete(prefix: string, name: string): Promise<void> {
    return this.inner.delete(prefix, name)
  }

  deleteAll(prefix: string): Promise<void> {
    return this.inner.deleteAll(prefix)
  }

  expire(prefix: string, name: string, cutoffs: readonly IntervalCutoff[]): Promise<void> {
    return this.inner.expire(prefix, name, cutoffs)
  }

  close(): Promise<void> {
    return this.inner.close()
  }
}

/** Marks a promise as observed, so that a throwing `onCall` cannot leave it unhandled. */
function settle<T>(work: Promise<T>): Promise<T> {
  work.catch(() => undefined)
  return work
}
