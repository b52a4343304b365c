import { Timeseries } from '@kairos/core'
import { createProgress, formatRate } from '@kairos/examples'
import type { BenchOptions } from '../bench-options.js'
import type { FlightData } from '../flights/flight-data.js'
import type { Workload } from '../flights/workloads.js'
import { GcTimer } from '../measure/gc-timer.js'
import { InFlight } from '../measure/in-flight.js'
import { type MemoryPeaks, MemorySampler } from '../measure/memory-sampler.js'
import { formatBytes } from '../report/format.js'
import type { BenchTarget, StoreMemory } from '../targets/bench-target.js'

/** What one ingest into a fresh prefix measured. */
export interface IngestResult {
  readonly workload: Workload
  readonly prefix: string
  readonly events: number
  readonly seconds: number
  /** Events per second over the whole ingest. */
  readonly rate: number
  readonly written: number
  readonly skipped: number
  /** Process memory while ingesting. */
  readonly peaks: MemoryPeaks
  /** Time spent in garbage collection while ingesting. */
  readonly gcMilliseconds: number
  /** CPU seconds this process used while ingesting, in all its threads. */
  readonly clientCpuSeconds: number
  /** CPU seconds the store's server used while ingesting, when it says. */
  readonly serverCpuSeconds: number | undefined
  /** Server seconds per command while ingesting, most first, when it says. */
  readonly serverCommandSeconds: readonly (readonly [command: string, seconds: number])[]
  /** What the store said it held before and after the ingest. */
  readonly storeBefore: StoreMemory
  readonly storeAfter: StoreMemory
}

/**
 * Ingests the first `events` flights of one workload into `prefix`, emptied first, through
 * `bulkInsert`, `options.batch` points per call and up to `options.inFlight` calls pending, as
 * a user feeding a stream would. Building the points of each batch is part of the time, as it
 * is for a user; decoding the file is not.
 *
 * @returns rate, memory and what the store holds afterwards
 */
export async function ingestRun(
  target: BenchTarget,
  flights: FlightData,
  workload: Workload,
  prefix: string,
  events: number,
  options: Pick<BenchOptions, 'batch' | 'inFlight' | 'storeMemory'>,
): Promise<IngestResult> {
  const ts = new Timeseries(target.backend, workload.config(prefix))
  await ts.deleteAll()
  const storeMemory = options.storeMemory ? () => target.storeMemory() : async () => ({})
  const storeBefore = await storeMemory()
  const serverCpuBefore = await target.serverCpuSeconds()
  const commandTimeBefore = await target.serverCommandTime()

  const label = `${target.name} ${workload.key} ${events.toLocaleString('en')}`
  const progress = createProgress({ total: events, label })
  const sampler = new MemorySampler()
  const gc = new GcTimer()
  const clientCpuBefore = process.cpuUsage()
  let written = 0
  let skipped = 0
  const inFlight = new InFlight(options.inFlight)

  for (const batch of flights.batches(events, options.batch)) {
    const call = ts.bulkInsert(workload.points(batch)).then((result) => {
      written += result.written
      skipped += result.skipped
      progress.advance(batch.length)
    })
    await inFlight.add(call)
    sampler.poll()
  }
  await inFlight.drain()

  const clientCpu = process.cpuUsage(clientCpuBefore)
  const serverCpuAfter = await target.serverCpuSeconds()
  const commandTimeAfter = await target.serverCommandTime()
  const peaks = sampler.stop()
  const summary = progress.stop()
  const gcMilliseconds = await gc.stop()
  const storeAfter = await storeMemory()
  const result = {
    workload,
    prefix,
    events: summary.events,
    seconds: summary.milliseconds / 1000,
    rate: summary.rate,
    written,
    skipped,
    peaks,
    gcMilliseconds,
    clientCpuSeconds: (clientCpu.user + clientCpu.system) / 1e6,
    serverCpuSeconds: difference(serverCpuBefore, serverCpuAfter),
    serverCommandSeconds: commandSeconds(commandTimeBefore, commandTimeAfter),
    storeBefore,
    storeAfter,
  }
  printIngest(target.name, result)
  return result
}

function printIngest(store: string, result: IngestResult): void {
  console.log(
    `  ${store.padEnd(13)} ingest ${result.workload.label.padEnd(34)} ` +
      `${result.events.toLocaleString('en').padStart(9)} events in ` +
      `${result.seconds.toFixed(2)} s: ${formatRate(result.rate)} ` +
      `(GC ${percent(result.gcMilliseconds / 1000 / result.seconds)}, ` +
      `peak RSS ${formatBytes(result.peaks.rss)}, CPU ${cpuText(result)})`,
  )
  if (result.serverCommandSeconds.length > 0) {
    const spent = result.serverCommandSeconds.map(([command, s]) => `${command} ${s.toFixed(2)}`)
    console.log(
      `  ${''.padEnd(13)} server seconds by command (scripts include theirs): ${spent.join(', ')}`,
    )
  }
}

/** Seconds per command between two readings, most first, leaving out the idle ones. */
function commandSeconds(
  before: ReadonlyMap<string, number> | undefined,
  after: ReadonlyMap<string, number> | undefined,
): [string, number][] {
  if (before === undefined || after === undefined) return []
  return [...after]
    .map(([command, usec]): [string, number] => [
      command,
      (usec - (before.get(command) ?? 0)) / 1e6,
    ])
    .filter(([, seconds]) => seconds >= 0.01)
    .sort((a, b) => b[1] - a[1])
}

/** The CPU both sides used, so that a reader sees which one bounds the rate. */
function cpuText(result: IngestResult): string {
  const client = `${result.clientCpuSeconds.toFixed(1)} s here`
  if (result.serverCpuSeconds === undefined) return client
  return `${client}, ${result.serverCpuSeconds.toFixed(1)} s in the server`
}

/** `after - before` when the store reported both. */
export function difference(
  before: number | undefined,
  after: number | undefined,
): number | undefined {
  return before === undefined || after === undefined ? undefined : after - before
}

function percent(share: number): string {
  return `${(share * 100).toFixed(0)}%`
}
