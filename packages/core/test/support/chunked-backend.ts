import {
  type BackendCapabilities,
  type BucketBounds,
  type CellQuery,
  type CellRead,
  type CellWrite,
  type IntervalCutoff,
  MemoryBackend,
  type StorageBackend,
} from '../../src/index.js'

/**
 * A real MemoryBackend behind a small batch limit, recording the size of every write call
 * and failing one of them on request, so tests can watch core split and report batches.
 */
export class ChunkedBackend implements StorageBackend {
  readonly memory = new MemoryBackend()
  readonly capabilities: BackendCapabilities
  /** The number of cell writes in each `write` call, in order. */
  readonly chunks: number[] = []
  /** The 1-based `write` call that throws `failWith` instead of storing anything. */
  failOnCall: number | null = null
  failWith: unknown = new Error('disk full')
  closed = 0

  constructor(maxBatchCells = 3) {
    this.capabilities = { ...this.memory.capabilities, maxBatchCells }
  }

  async write(prefix: string, writes: readonly CellWrite[]): Promise<void> {
    this.chunks.push(writes.length)
    if (this.chunks.length === this.failOnCall) throw this.failWith
    await this.memory.write(prefix, writes)
  }

  read(prefix: string, query: CellQuery): Promise<CellRead[]> {
    return this.memory.read(prefix, query)
  }

  list(prefix: string): Promise<string[]> {
    return this.memory.list(prefix)
  }

  bounds(
    prefix: string,
    name: string,
    cutoffs: readonly IntervalCutoff[],
  ): Promise<Map<string, BucketBounds>> {
    return this.memory.bounds(prefix, name, cutoffs)
  }

  delete(prefix: string, name: string): Promise<void> {
    return this.memory.delete(prefix, name)
  }

  deleteAll(prefix: string): Promise<void> {
    return this.memory.deleteAll(prefix)
  }

  expire(prefix: string, name: string, cutoffs: readonly IntervalCutoff[]): Promise<void> {
    return this.memory.expire(prefix, name, cutoffs)
  }

  async close(): Promise<void> {
    this.closed++
    await this.memory.close()
  }
}
