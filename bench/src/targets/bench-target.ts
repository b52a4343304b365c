import type { StorageBackend } from '@kairos/core'
import type { BackendName } from '../bench-options.js'

/** A store's own account of its memory, in bytes, by the names the store uses. */
export type StoreMemory = Readonly<Record<string, number>>

/** One store kairos runs on during the benchmark, ready to use. */
export interface BenchTarget {
  readonly name: BackendName
  /** For people: which server, which version, where. */
  readonly description: string
  readonly backend: StorageBackend
  /** The most flights this store gets in any phase, when it is too slow for the full run. */
  readonly eventCap: number | undefined
  /**
   * Server processes that share the store's work: 0 inside this process, more than 1 for a
   * cluster, whose summed CPU says nothing about how fast each one could go.
   */
  readonly serverProcesses: number
  /** Why the cap exists, for the report. */
  readonly capReason: string | undefined
  /** What the store says it holds now; compare two readings for what an ingest added. */
  storeMemory(): Promise<StoreMemory>
  /**
   * CPU seconds the store's server processes have used so far, by their own account;
   * `undefined` for a store inside this process or one that does not say.
   */
  serverCpuSeconds(): Promise<number | undefined>
  /**
   * Microseconds the server has spent in each command so far (Redis `INFO commandstats`,
   * where a script's total includes the commands it runs); `undefined` when it does not say.
   */
  serverCommandTime(): Promise<ReadonlyMap<string, number> | undefined>
  /** Closes the backend and the client; the server stays up for the limits phase. */
  close(): Promise<void>
}

/** Thrown when a store cannot be had in this run; the run goes on without it. */
export class TargetUnavailableError extends Error {
  override readonly name = 'TargetUnavailableError'
}
