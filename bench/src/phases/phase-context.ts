import { Timeseries } from '@kairos/core'
import type { BenchOptions } from '../bench-options.js'
import type { FlightData } from '../flights/flight-data.js'
import type { Workload } from '../flights/workloads.js'
import type { Results } from '../report/results.js'
import type { BenchTarget } from '../targets/bench-target.js'
import { type IngestResult, ingestRun } from './ingest-run.js'

/** What the phases of one store share. */
export class PhaseContext {
  private readonly ingests = new Map<string, IngestResult>()

  constructor(
    readonly target: BenchTarget,
    readonly flights: FlightData,
    readonly options: BenchOptions,
    readonly results: Results,
  ) {}

  /** The most flights this store gets: the option, the flights held and the store's cap. */
  cap(events: number): number {
    return Math.min(events, this.flights.length, this.target.eventCap ?? Number.POSITIVE_INFINITY)
  }

  /**
   * Ingests a workload into a fresh prefix and keeps the data for later phases; a second call
   * for the same workload and size returns the first run, whose data is still there.
   */
  async ingest(workload: Workload, events: number): Promise<IngestResult> {
    const key = `${workload.key}:${events}`
    const earlier = this.ingests.get(key)
    if (earlier !== undefined) return earlier

    const prefix = `kairos-bench:${key}`
    const result = await ingestRun(
      this.target,
      this.flights,
      workload,
      prefix,
      events,
      this.options,
    )
    this.ingests.set(key, result)
    return result
  }

  /**
   * Ingests a workload into a fresh prefix of its own and removes the data once measured, so
   * that the process and the store stay the size they were.
   */
  async ingestAndDrop(workload: Workload, events: number): Promise<IngestResult> {
    const prefix = `kairos-bench:once:${workload.key}:${events}`
    const result = await ingestRun(
      this.target,
      this.flights,
      workload,
      prefix,
      events,
      this.options,
    )
    await new Timeseries(this.target.backend, workload.config(prefix)).deleteAll()
    return result
  }

  /** Removes the data kept for later phases, so that a server of the user's is left clean. */
  async dropKept(): Promise<void> {
    for (const { workload, prefix } of this.ingests.values()) {
      await new Timeseries(this.target.backend, workload.config(prefix)).deleteAll()
    }
    this.ingests.clear()
  }

  /**
   * Ingests a little of every workload into throwaway prefixes, unrecorded: the first calls
   * compile the code paths and open connections, a cost a long-running writer pays once.
   */
  async warmUp(workloads: readonly Workload[]): Promise<void> {
    const events = Math.min(this.options.batch, Math.ceil(this.cap(this.options.events) / 10))

    for (const workload of workloads) {
      const ts = new Timeseries(
        this.target.backend,
        workload.config(`kairos-bench:warm-up:${workload.key}`),
      )
      for (const batch of this.flights.batches(events, this.options.batch)) {
        await ts.bulkInsert(workload.points(batch))
      }
      await ts.deleteAll()
    }
  }
}
