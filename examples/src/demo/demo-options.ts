import { parseArgs } from 'node:util'

/** What the flights demo was asked to do. */
export interface DemoOptions {
  /** Where to store: `memory://`, `redis://…` or `mongodb://…`. */
  readonly url: string
  /** Ingest at most this many flights. */
  readonly limit: number
  /** Flights per `bulkInsert` call. */
  readonly batchSize: number
  /** Where the chart files go, without extension. */
  readonly chartPath: string
}

const USAGE = `usage: pnpm demo [-- --url memory://|redis://host:port/db|mongodb://host/db] [--limit N] [--batch N] [--out PATH]`

/** Reads the demo's command line; throws a usage message on anything it does not know. */
export function parseDemoOptions(argv: readonly string[]): DemoOptions {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      url: { type: 'string', default: 'memory://' },
      limit: { type: 'string' },
      batch: { type: 'string', default: '20000' },
      out: { type: 'string', default: 'out/flights-daily-delay' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) throw new Error(USAGE)

  return {
    url: values.url,
    limit:
      values.limit === undefined ? Number.POSITIVE_INFINITY : positive('--limit', values.limit),
    batchSize: positive('--batch', values.batch),
    chartPath: values.out,
  }
}

function positive(flag: string, text: string): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new Error(`${flag} must be a positive integer, got ${text}\n${USAGE}`)
  return n
}
