import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** What `redis-benchmark --csv` reports for one command. */
export interface RedisBenchmarkResult {
  /** The command as the tool names it, such as `HINCRBY key:__rand_int__ field 1`. */
  readonly test: string
  readonly requestsPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
}

/** Where and how hard `redis-benchmark` runs. */
export interface RedisBenchmarkOptions {
  readonly host: string
  readonly port: number
  /** Total requests. */
  readonly requests: number
  /** Commands per pipeline round trip. */
  readonly pipeline: number
  /** Range of `__rand_int__`: how many distinct keys. */
  readonly keyspace: number
}

/**
 * Runs Redis' own benchmark tool on one custom command, which it sends as fast as Redis takes
 * it: the ceiling of what any client can get out of that server for that command.
 *
 * @param command - the command and its arguments; `__rand_int__` becomes a random number
 * @returns requests per second and latency percentiles
 * @throws Error when the tool is missing, fails or prints something unexpected
 */
export async function redisBenchmark(
  command: readonly string[],
  options: RedisBenchmarkOptions,
): Promise<RedisBenchmarkResult> {
  const args = [
    ...['-h', options.host, '-p', String(options.port)],
    ...['-P', String(options.pipeline), '-n', String(options.requests)],
    ...['-r', String(options.keyspace), '--csv'],
    ...command,
  ]
  const { stdout } = await run('redis-benchmark', args, { maxBuffer: 1 << 20 })
  return parseBenchmarkCsv(stdout)
}

/**
 * Reads the CSV that `redis-benchmark --csv` prints for a single test.
 *
 * @param csv - a header line and one result line
 * @returns the result
 * @throws Error when the columns are not there
 */
export function parseBenchmarkCsv(csv: string): RedisBenchmarkResult {
  const [header, row] = csv
    .trim()
    .split(/\r?\n/)
    .map((line) => [...line.matchAll(/"([^"]*)"/g)].map((cell) => cell[1] as string))
  const column = (name: string): string => {
    const index = header?.indexOf(name) ?? -1
    const cell = index >= 0 ? row?.[index] : undefined
    if (cell === undefined) throw new Error(`redis-benchmark printed no ${name}: ${csv}`)
    return cell
  }

  return {
    test: column('test'),
    requestsPerSecond: Number(column('rps')),
    p50Ms: Number(column('p50_latency_ms')),
    p99Ms: Number(column('p99_latency_ms')),
  }
}
