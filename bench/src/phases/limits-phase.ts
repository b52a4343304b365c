import { Redis } from 'ioredis'
import { MongoClient } from 'mongodb'
import type { BackendName, BenchOptions } from '../bench-options.js'
import { delayCells } from '../flights/count-cells.js'
import type { FlightData } from '../flights/flight-data.js'
import { mongoRawIngest } from '../limits/mongo-raw-ingest.js'
import { type PlainMapResult, plainMapIngest } from '../limits/plain-map-ingest.js'
import { type RedisBenchmarkResult, redisBenchmark } from '../limits/redis-benchmark.js'
import { formatMagnitude } from '../report/format.js'
import type { Results } from '../report/results.js'
import { FERRET_CAP_REASON, isFerret } from '../targets/mongo-target.js'
import type { ServerPool } from '../targets/server-pool.js'

/** Keys the Redis limits write, removed afterwards. */
const LIMIT_KEY = 'kairos-bench-limit:'

/** The database the raw MongoDB ingest writes into, dropped afterwards. */
const LIMIT_DATABASE = 'kairos_bench_limit'

/**
 * FerretDB v1.24.2 on SQLite stops answering an update command of about a hundred
 * statements or more, so the raw ingest sends it small `bulkWrite` calls.
 */
const FERRET_CHUNK = 50

/**
 * Phase 4: what the chosen stores themselves can do, on the same servers the kairos phases used:
 * the delay histogram in plain nested `Map`s in this process (a reference for the memory store),
 * `redis-benchmark` with HINCRBY and HGETALL on the single Redis, and the raw `mongodb`
 * driver writing the delay histogram without kairos on the MongoDB-wire server.
 */
export async function limitsPhase(
  pool: ServerPool,
  flights: FlightData,
  options: BenchOptions,
  results: Results,
): Promise<void> {
  const chosen = (name: BackendName) => options.backends.includes(name)

  if (chosen('memory')) plainMapLimit(flights, options, results)
  if (chosen('redis') || chosen('redis-cluster')) {
    await attempt(results, 'redis-benchmark', () => redisLimits(pool, flights, options, results))
  }
  if (chosen('mongo')) {
    await attempt(results, 'mongo raw bulkWrite', () =>
      mongoLimits(pool, flights, options, results),
    )
  }
}

function plainMapLimit(flights: FlightData, options: BenchOptions, results: Results): void {
  const events = Math.min(options.events, flights.length)
  // A small run first, as kairos gets, so that compiling the loop does not land on the
  // figure; then the middle of three runs.
  plainMapIngest(
    flights.batches(Math.min(events, 100_000), options.batch),
    Math.min(events, 100_000),
  )
  const runs = [1, 2, 3].map(() => plainMapIngest(flights.batches(events, options.batch), events))
  runs.sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)
  const plain = runs[1] as PlainMapResult

  results.add({
    id: 'limits.plain-map',
    subject: 'plain Map',
    phase: 'limits',
    label: 'delay histogram (1h, 1d, monthly) in nested Maps, no kairos, middle of 3 runs',
    value: plain.eventsPerSecond,
    unit: 'events/s',
    detail: { ...plain },
  })
  console.log(
    `  plain Map ingest: ${formatMagnitude(plain.eventsPerSecond)} events/s over ${plain.events} events`,
  )
}

async function redisLimits(
  pool: ServerPool,
  flights: FlightData,
  options: BenchOptions,
  results: Results,
): Promise<void> {
  const server = await pool.redis()
  results.servers['redis-benchmark'] = `Redis ${server.version} on ${server.host}:${server.port}`
  const settings = {
    host: server.host,
    port: server.port,
    requests: 2_000_000,
    pipeline: 256,
    keyspace: 100_000,
  }

  const hincrby = await redisBenchmark(
    ['HINCRBY', `${LIMIT_KEY}__rand_int__`, 'field', '1'],
    settings,
  )
  recordBenchmark(results, 'hincrby', hincrby, settings)
  const hgetall = await redisBenchmark(['HGETALL', `${LIMIT_KEY}__rand_int__`], settings)
  recordBenchmark(results, 'hgetall', hgetall, settings)

  const members = Math.round(
    delayCells(flights, Math.min(options.events, flights.length)).entriesPerDay,
  )
  await fillHashes(server.url, `${LIMIT_KEY}h:`, settings.keyspace, members)
  const wide = await redisBenchmark(['HGETALL', `${LIMIT_KEY}h:__rand_int__`], settings)
  recordBenchmark(results, 'hgetall-day', wide, settings, `of ${members} fields, a day's bucket`)

  await removeKeys(server.url, `${LIMIT_KEY}*`)
}

/** What `redis-benchmark` puts in place of `__rand_int__`: twelve digits, zero-padded. */
function benchmarkKey(n: number): string {
  return String(n).padStart(12, '0')
}

/**
 * Fills `count` hashes of `fields` numeric fields each, shaped like the delay histogram's
 * daily buckets, for HGETALL to read.
 */
async function fillHashes(
  url: string,
  prefix: string,
  count: number,
  fields: number,
): Promise<void> {
  const client = new Redis(url)
  const pairs = Array.from({ length: fields }, (_, i) => [String(i - 10), String(i + 1)]).flat()
  try {
    for (let from = 0; from < count; from += 1_000) {
      const pipeline = client.pipeline()
      for (let i = from; i < Math.min(count, from + 1_000); i++)
        pipeline.hset(`${prefix}${benchmarkKey(i)}`, ...pairs)
      await pipeline.exec()
    }
  } finally {
    await client.quit()
  }
}

function recordBenchmark(
  results: Results,
  key: string,
  result: RedisBenchmarkResult,
  settings: { requests: number; pipeline: number; keyspace: number },
  shape = '',
): void {
  results.add({
    id: `limits.redis.${key}`,
    subject: 'redis-benchmark',
    phase: 'limits',
    label: `${result.test.split(' ')[0]} on random keys${shape === '' ? '' : ` ${shape}`}, -P ${settings.pipeline}`,
    value: result.requestsPerSecond,
    unit: 'req/s',
    detail: { ...settings, command: result.test, p50Ms: result.p50Ms, p99Ms: result.p99Ms },
  })
  console.log(
    `  redis-benchmark ${result.test}: ${formatMagnitude(result.requestsPerSecond)} req/s`,
  )
}

async function removeKeys(url: string, pattern: string): Promise<void> {
  const client = new Redis(url)
  try {
    for await (const keys of client.scanStream({ match: pattern, count: 10_000 })) {
      if ((keys as string[]).length > 0) await client.unlink(...(keys as string[]))
    }
  } finally {
    await client.quit()
  }
}

async function mongoLimits(
  pool: ServerPool,
  flights: FlightData,
  options: BenchOptions,
  results: Results,
): Promise<void> {
  const server = await pool.mongo()
  const ferret = isFerret(server.description)
  const events = Math.min(options.events, flights.length, ferret ? options.ferretEvents : Infinity)
  const chunk = ferret ? FERRET_CHUNK : Number.POSITIVE_INFINITY
  results.servers['mongo raw bulkWrite'] = server.description
  if (ferret)
    results.note(`mongo raw bulkWrite: ${FERRET_CAP_REASON}, ${FERRET_CHUNK} updates per call`)

  const client = await MongoClient.connect(server.url)
  try {
    const db = client.db(LIMIT_DATABASE)
    await db.dropDatabase()
    const raw = await mongoRawIngest(
      db.collection('cells'),
      flights.batches(events, options.batch),
      events,
      chunk,
      options.inFlight,
    )
    await db.dropDatabase()

    results.add({
      id: 'limits.mongo.bulkWrite',
      subject: 'mongo raw bulkWrite',
      phase: 'limits',
      label: 'delay histogram, one $inc upsert per event and interval, unordered bulkWrite',
      value: raw.eventsPerSecond,
      unit: 'events/s',
      detail: { ...raw, updatesPerCall: Number.isFinite(chunk) ? chunk : 3 * options.batch },
    })
    console.log(
      `  mongo raw bulkWrite: ${formatMagnitude(raw.eventsPerSecond)} events/s ` +
        `(${formatMagnitude(raw.operationsPerSecond)} updates/s) over ${raw.events} events`,
    )
  } finally {
    await client.close()
  }
}

async function attempt(
  results: Results,
  subject: string,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work()
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    results.skip(subject, reason)
    console.log(`  ${subject}: not measured: ${reason}`)
  }
}
