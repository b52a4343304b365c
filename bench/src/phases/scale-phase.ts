import { delayCells } from '../flights/count-cells.js'
import { DELAY_WORKLOAD } from '../flights/workloads.js'
import { formatBytes, formatNumber } from '../report/format.js'
import type { IngestResult } from './ingest-run.js'
import type { PhaseContext } from './phase-context.js'

/**
 * Phase 3: the delay histogram ingested at growing sizes, each into a fresh prefix removed
 * afterwards, to show that the cost per event stays flat. Sizes that take under a second are
 * ingested up to five times and the median run is kept. For each size: events per second,
 * the process' peak memory while ingesting, what the store says it added, and that per
 * stored cell and per histogram entry.
 */
export async function scalePhase(context: PhaseContext): Promise<void> {
  const { options, results, target } = context
  const sizes = scaleSizes(context)
  if (sizes.length < options.scale.length || sizes.some((size) => !options.scale.includes(size))) {
    results.note(
      `${target.name}: scale sizes cut to ${sizes.map((n) => formatNumber(n)).join(', ')}`,
    )
  }

  // What the ingest and read phases kept would weigh on every run here: the memory store's
  // heap is collected again and again while it grows.
  await context.dropKept()

  let largest: IngestResult | undefined
  for (const events of sizes) {
    const { run, repeats } = await steadyIngest(context, events)
    recordScale(context, run, repeats)
    largest = run
  }
  if (largest !== undefined) recordMemory(context, largest)
}

/** A size that ingests faster than this is ingested again, for a steadier rate. */
const STEADY_SECONDS = 1

/** The most times one size is ingested. */
const MAX_REPEATS = 5

/**
 * Ingests one size into fresh prefixes until a second has passed or five runs were made, and
 * keeps the run with the median rate: a run of a few milliseconds is at the mercy of one
 * garbage collection or one busy moment of the machine.
 */
async function steadyIngest(
  context: PhaseContext,
  events: number,
): Promise<{ run: IngestResult; repeats: number }> {
  const runs: IngestResult[] = []
  let seconds = 0

  while (runs.length < MAX_REPEATS && (runs.length === 0 || seconds < STEADY_SECONDS)) {
    const run = await context.ingestAndDrop(DELAY_WORKLOAD, events)
    runs.push(run)
    seconds += run.seconds
  }

  // The lower middle: of two runs the slower is kept, so that repeating never flatters.
  runs.sort((a, b) => a.rate - b.rate)
  return { run: runs[Math.floor((runs.length - 1) / 2)] as IngestResult, repeats: runs.length }
}

/**
 * The sizes asked for, cut to what the store gets. A store capped below the second size still
 * gets two sizes, a tenth of its cap and its cap, so that its line has a slope.
 */
function scaleSizes(context: PhaseContext): number[] {
  const sizes = [...new Set(context.options.scale.map((size) => context.cap(size)))]
  const largest = sizes[sizes.length - 1]
  if (sizes.length > 1 || largest === undefined || largest < 10) return sizes

  return [Math.ceil(largest / 10), largest]
}

/** The process' peaks and the store's growth during the largest ingest, as figures. */
function recordMemory(context: PhaseContext, run: IngestResult): void {
  const { target, results, flights } = context
  const cells = delayCells(flights, run.events)
  const base = { subject: target.name, phase: 'scale', unit: 'bytes' } as const
  const during = `during the ${formatNumber(run.events)} ingest`

  results.add({
    ...base,
    id: `${target.name}.memory.peakRss`,
    label: `peak process RSS ${during}`,
    value: run.peaks.rss,
    detail: { events: run.events, startRss: run.peaks.startRss },
  })
  results.add({
    ...base,
    id: `${target.name}.memory.peakHeapUsed`,
    label: `peak process heap used ${during}`,
    value: run.peaks.heapUsed,
    detail: { events: run.events, startHeapUsed: run.peaks.startHeapUsed },
  })

  for (const [metric, after] of Object.entries(run.storeAfter)) {
    const added = after - (run.storeBefore[metric] ?? 0)
    results.add({
      ...base,
      id: `${target.name}.memory.${metric}`,
      label: `store ${metric} added by ${formatNumber(run.events)} delays`,
      value: added,
      detail: {
        events: run.events,
        cells: cells.cells,
        entries: cells.entries,
        bytesPerCell: added / cells.cells,
        bytesPerEntry: added / cells.entries,
      },
    })
  }
}

function recordScale(context: PhaseContext, run: IngestResult, repeats: number): void {
  const { target, results, flights } = context
  const cells = delayCells(flights, run.events)
  const detail: Record<string, number> = {
    events: run.events,
    seconds: run.seconds,
    repeats,
    peakRss: run.peaks.rss,
    peakHeapUsed: run.peaks.heapUsed,
    startRss: run.peaks.startRss,
    startHeapUsed: run.peaks.startHeapUsed,
    gcMs: run.gcMilliseconds,
    cells: cells.cells,
    entries: cells.entries,
  }

  const stored: string[] = []
  for (const [metric, after] of Object.entries(run.storeAfter)) {
    const added = after - (run.storeBefore[metric] ?? 0)
    detail[`store.${metric}`] = added
    detail[`bytesPerCell.${metric}`] = added / cells.cells
    detail[`bytesPerEntry.${metric}`] = added / cells.entries
    stored.push(
      `${metric} +${formatBytes(added)} (${formatNumber(added / cells.cells)} B/cell, ` +
        `${formatNumber(added / cells.entries, 1)} B/entry)`,
    )
  }

  results.add({
    id: `${target.name}.scale.${run.events}`,
    subject: target.name,
    phase: 'scale',
    label: `scale: ingest ${formatNumber(run.events)} delays`,
    value: run.rate,
    unit: 'events/s',
    detail,
  })
  console.log(
    `  ${target.name.padEnd(13)} scale ${formatNumber(run.events)}: ` +
      `${formatNumber(cells.cells)} cells, ${formatNumber(cells.entries)} entries; ` +
      stored.join('; '),
  )
}
