import { MemoryBackend } from '@kairos/core'
import { heapAfterGc } from '../measure/heap-after-gc.js'
import type { BenchTarget } from './bench-target.js'

/**
 * Kairos' in-process backend. Its memory is the benchmark's own heap, so the store's memory
 * is the used heap after a full collection: compare two readings around an ingest.
 */
export function memoryTarget(): BenchTarget {
  const backend = new MemoryBackend()

  return {
    name: 'memory',
    description: `MemoryBackend in Node.js ${process.version}`,
    backend,
    eventCap: undefined,
    serverProcesses: 0,
    capReason: undefined,
    storeMemory: async () => ({ heapUsedAfterGc: heapAfterGc() }),
    serverCpuSeconds: async () => undefined,
    serverCommandTime: async () => undefined,
    close: () => backend.close(),
  }
}
