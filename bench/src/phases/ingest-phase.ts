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
        clientCpuS: run.clientCpuSeconds,
        ...(run.serverCpuSeconds === undefined ? {} : { serverCpuS: run.serverCpuSeconds }),
        ...Object.fromEntries(
          run.serverCommandSeconds.map(([command, s]) => [`serverS.${command}`, s]),
        ),
      },
    })
    const oneServer = target.serverProcesses === 1
    if (oneServer && run.serverCpuSeconds !== undefined && run.serverCpuSeconds > 0) {
      results.add({
        id: `${target.name}.ingest.${workload.key}.server-bound`,
        subject: target.name,
        phase: 'ingest',
        label: `ingest ${workload.label}: events per server CPU second, its most with the server busy all the time`,
        value: run.events / run.serverCpuSeconds,
        unit: 'events/s',
        detail: { events: run.events, serverCpuS: run.serverCpuSeconds },
      })
    }
  }
}
