import type { BackendName, BenchOptions, PhaseName } from './bench-options.js'
import { type FlightData, loadFlights } from './flights/flight-data.js'
import { INGEST_WORKLOADS } from './flights/workloads.js'
import { heapAfterGc } from './measure/heap-after-gc.js'
import { ingestPhase } from './phases/ingest-phase.js'
import { limitsPhase } from './phases/limits-phase.js'
import { PhaseContext } from './phases/phase-context.js'
import { readPhase } from './phases/read-phase.js'
import { scalePhase } from './phases/scale-phase.js'
import { Results } from './report/results.js'
import type { BenchTarget } from './targets/bench-target.js'
import { createTarget } from './targets/create-target.js'
import { ServerPool } from './targets/server-pool.js'

/** The kairos phases, run per store in this order. */
const STORE_PHASES: Partial<Record<PhaseName, (context: PhaseContext) => Promise<void>>> = {
  ingest: ingestPhase,
  read: readPhase,
  scale: scalePhase,
}

/**
 * Runs the chosen phases on every chosen store, then the limits, on servers it starts and
 * stops itself. A store that cannot be had, or fails, is reported as skipped and the run
 * goes on with the others.
 *
 * @returns every figure measured
 */
export async function runBench(options: BenchOptions): Promise<Results> {
  const results = new Results()
  const flights = await loadFlights(neededFlights(options))
  console.log(`Decoded ${flights.length.toLocaleString('en')} flights from flights-3m.parquet\n`)

  const pool = new ServerPool()
  try {
    for (const name of options.backends) await runStore(name, pool, flights, options, results)

    if (options.phases.includes('limits')) {
      console.log('limits')
      await limitsPhase(pool, flights, options, results)
    }
  } finally {
    await pool.stopAll()
  }
  return results
}

function neededFlights(options: BenchOptions): number {
  const scale = options.phases.includes('scale') ? options.scale : []
  return Math.max(options.events, ...scale)
}

async function runStore(
  name: BackendName,
  pool: ServerPool,
  flights: FlightData,
  options: BenchOptions,
  results: Results,
): Promise<void> {
  const target = await openTarget(name, pool, options, results)
  if (target === undefined) return

  const context = new PhaseContext(target, flights, options, results)
  try {
    await context.warmUp(INGEST_WORKLOADS)
    for (const phase of options.phases) await runPhase(context, phase)
    await context.dropKept()
  } catch (error) {
    skip(results, `${name} warm-up or clean-up`, error)
  } finally {
    await target.close().catch((error: unknown) => skip(results, `${name} close`, error))
    // What the store left behind (all of the memory store) must not count in the next
    // store's peak process memory.
    heapAfterGc()
  }
}

/** Runs one kairos phase; a failure is reported and the store goes on with the next phase. */
async function runPhase(context: PhaseContext, phase: PhaseName): Promise<void> {
  const run = STORE_PHASES[phase]
  if (run === undefined) return

  const subject = `${context.target.name} ${phase}`
  console.log(subject)
  try {
    await run(context)
  } catch (error) {
    skip(context.results, subject, error)
  }
}

async function openTarget(
  name: BackendName,
  pool: ServerPool,
  options: BenchOptions,
  results: Results,
): Promise<BenchTarget | undefined> {
  try {
    const target = await createTarget(name, pool, options)
    results.servers[name] = target.description
    console.log(`${name}: ${target.description}`)
    if (target.capReason !== undefined) {
      results.note(`${name}: ${target.capReason} (${target.eventCap?.toLocaleString('en')})`)
    }
    return target
  } catch (error) {
    skip(results, name, error)
    return undefined
  }
}

function skip(results: Results, subject: string, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error)
  results.skip(subject, reason)
  console.log(`${subject}: not measured: ${reason}`)
}
