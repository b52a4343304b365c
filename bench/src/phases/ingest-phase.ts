import { INGEST_WORKLOADS } from '../flights/workloads.js'
import type { PhaseContext } from './phase-context.js'

/**
 * Phase 1: each workload (delay histogram, flight count, distance series) ingested from the
 * flights through `bulkInsert`, in events per second.
 */
export async function ingestPhase(context: PhaseContext): Promise<void> {
  const { target, results, options } = context
  const events = context.cap(options.events)

  for (const workload of INGEST_WORKLOADS) {
    const run = await context.ingest(workload, events)

    results.add({
      id: `${target.name}.ingest.${workload.key}`,
      subject: target.name,
      phase: 'ingest',
      label: `ingest ${workload.label}`,
      value: run.rate,
      unit: 'events/s',
      detail: {
        events: run.events,
        seconds: run.seconds,
        written: run.written,
        skipped: run.skipped,
        peakRss: run.peaks.rss,
        peakHeapUsed: run.peaks.heapUsed,
        gcMs: run.gcMilliseconds,
      },
    })
  }
}
