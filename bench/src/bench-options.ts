import { parseArgs } from 'node:util'

/** The stores the benchmark can run kairos on. */
export const BACKEND_NAMES = ['memory', 'redis', 'redis-cluster', 'mongo'] as const

/** One store the benchmark runs kairos on. */
export type BackendName = (typeof BACKEND_NAMES)[number]

/** The phases, in the order they run for each store. */
export const PHASE_NAMES = ['ingest', 'read', 'scale', 'limits'] as const

/** One phase of the benchmark. */
export type PhaseName = (typeof PHASE_NAMES)[number]

/** What one run of the benchmark was asked to do. */
export interface BenchOptions {
  readonly backends: readonly BackendName[]
  readonly phases: readonly PhaseName[]
  /** The most flights the ingest and read phases use. */
  readonly events: number
  /** The most flights any phase sends to a MongoDB-wire server that is FerretDB. */
  readonly ferretEvents: number
  /** Ingest sizes of the scale phase, ascending. */
  readonly scale: readonly number[]
  /** Points per `bulkInsert` call. */
  readonly batch: number
  /**
   * `bulkInsert` calls an ingest keeps pending at once: with two, the next batch is folded
   * while the store applies the last one, as a user feeding a stream for throughput would.
   */
  readonly inFlight: number
  /** Reads in flight at once in the throughput measurements. */
  readonly concurrency: number
  /** Where the results go. */
  readonly out: string
  /**
   * Whether to read the store's memory around each ingest. Off for profiling: on the memory
   * store a reading is two full garbage collections, which would swamp the profile.
   */
  readonly storeMemory: boolean
}

const USAGE = `usage: pnpm bench [-- options]
  --backends memory,redis,redis-cluster,mongo   stores to run kairos on (default: all)
  --phases ingest,read,scale,limits             phases to run (default: all)
  --events N          most flights for the ingest and read phases (default 3000000)
  --scale N,N,...     ingest sizes of the scale phase (default 10000,100000,1000000,3000000)
  --ferret-events N   most flights sent to FerretDB, which is slow (default 2000)
  --batch N           points per bulkInsert (default 20000)
  --in-flight N       bulkInsert calls pending at once while ingesting (default 2)
  --concurrency N     reads in flight (default 16)
  --out DIR           where results go (default bench/results)
  --store-memory off  skip reading the stores' memory (for profiling)`

/**
 * Reads the command line.
 *
 * @param argv - the arguments after the script name; a lone `--` is ignored
 * @param defaultOut - the results folder when `--out` is not given
 * @returns the options
 * @throws UsageError with the usage text on anything unknown or malformed, or for `--help`
 */
export function parseBenchOptions(argv: readonly string[], defaultOut: string): BenchOptions {
  try {
    return readOptions(argv, defaultOut)
  } catch (error) {
    if (error instanceof UsageError) throw error
    // Node's own parser names the flag it could not read; the usage says what it takes.
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`)
  }
}

/** A command line the benchmark cannot run, or a request for the usage text. */
export class UsageError extends Error {
  override readonly name = 'UsageError'

  constructor(
    message: string,
    readonly help = false,
  ) {
    super(message)
  }
}

function readOptions(argv: readonly string[], defaultOut: string): BenchOptions {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      backends: { type: 'string', default: BACKEND_NAMES.join(',') },
      phases: { type: 'string', default: PHASE_NAMES.join(',') },
      events: { type: 'string', default: '3000000' },
      scale: { type: 'string', default: '10000,100000,1000000,3000000' },
      'ferret-events': { type: 'string', default: '2000' },
      batch: { type: 'string', default: '20000' },
      'in-flight': { type: 'string', default: '2' },
      concurrency: { type: 'string', default: '16' },
      out: { type: 'string', default: defaultOut },
      'store-memory': { type: 'string', default: 'on' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) throw new UsageError(USAGE, true)

  return {
    backends: names('--backends', values.backends, BACKEND_NAMES),
    phases: names('--phases', values.phases, PHASE_NAMES),
    events: positive('--events', values.events),
    ferretEvents: positive('--ferret-events', values['ferret-events']),
    scale: values.scale
      .split(',')
      .map((size) => positive('--scale', size))
      .sort((a, b) => a - b),
    batch: positive('--batch', values.batch),
    inFlight: positive('--in-flight', values['in-flight']),
    concurrency: positive('--concurrency', values.concurrency),
    out: values.out,
    storeMemory: onOff('--store-memory', values['store-memory']),
  }
}

function names<T extends string>(flag: string, text: string, known: readonly T[]): T[] {
  const chosen = text.split(',').filter((name) => name !== '')
  if (chosen.length === 0) throw new UsageError(`${flag} names nothing\n${USAGE}`)
  for (const name of chosen) {
    if (!known.includes(name as T)) {
      throw new UsageError(
        `${flag}: unknown ${name}, expected some of ${known.join(',')}\n${USAGE}`,
      )
    }
  }

  // Always in the canonical order, so that results of different runs line up.
  return known.filter((name) => chosen.includes(name))
}

function positive(flag: string, text: string): number {
  const n = Number(text.replaceAll('_', ''))
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new UsageError(`${flag} must be a positive integer, got ${text}\n${USAGE}`)
  }
  return n
}

function onOff(flag: string, text: string): boolean {
  if (text !== 'on' && text !== 'off') throw new UsageError(`${flag} must be on or off\n${USAGE}`)
  return text === 'on'
}
