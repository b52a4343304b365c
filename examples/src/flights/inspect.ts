/**
 * Prints what the flights file holds and how fast it reads: `node dist/flights/inspect.js`.
 *
 * Reading speed is timed on passes that do nothing else, so it measures decoding alone.
 */
import type { FlightColumns } from './flight-columns.js'
import { type FlightsFile, openFlights } from './read-flights.js'

const BATCH_SIZE = 10_000

interface Summary {
  readonly rows: number
  readonly first: number
  readonly last: number
  readonly sorted: boolean
  readonly origins: Map<string, number>
  readonly destinations: Set<string>
  readonly delayMin: number
  readonly delayMax: number
  readonly delaySum: number
}

const flights = await openFlights()
printShape(flights)
printSummary(await summarize(flights))
await printSpeed(flights)

function printShape(file: FlightsFile) {
  console.log(`file        ${file.path}`)
  console.log(
    `size        ${(file.byteLength / 2 ** 20).toFixed(1)} MiB, written by ${file.createdBy}`,
  )
  console.log(`rows        ${count(file.rowCount)} in ${file.rowGroupSizes.length} row groups`)
  console.log(`row groups  ${file.rowGroupSizes.map(count).join(', ')}`)
  if (file.timeRange) {
    const { start, end } = file.timeRange
    console.log(`statistics  date from ${iso(start)} to ${iso(end)}`)
  }

  console.log('\nschema')
  for (const column of file.columns) {
    console.log(`  ${column.name.padEnd(12)} ${column.type.padEnd(30)} ${column.repetition}`)
  }
}

async function summarize(file: FlightsFile): Promise<Summary> {
  const origins = new Map<string, number>()
  const destinations = new Set<string>()
  let summary = { rows: 0, first: Number.NaN, last: Number.NaN, sorted: true }
  let delay = { delayMin: Number.POSITIVE_INFINITY, delayMax: -Infinity, delaySum: 0 }

  for await (const batch of file.columnBatches({ batchSize: BATCH_SIZE })) {
    summary = scanTimes(batch, summary)
    delay = scanDelays(batch, delay)
    for (let i = 0; i < batch.length; i++) {
      const origin = batch.origin[i] as string
      origins.set(origin, (origins.get(origin) ?? 0) + 1)
      destinations.add(batch.destination[i] as string)
    }
  }
  return { ...summary, ...delay, origins, destinations }
}

function scanTimes(
  batch: FlightColumns,
  seen: Pick<Summary, 'rows' | 'first' | 'last' | 'sorted'>,
) {
  let { first, last, sorted } = seen

  for (const timestamp of batch.timestamp) {
    if (timestamp < last) sorted = false
    if (Number.isNaN(first)) first = timestamp
    last = timestamp
  }
  return { rows: seen.rows + batch.length, first, last, sorted }
}

function scanDelays(
  batch: FlightColumns,
  seen: Pick<Summary, 'delayMin' | 'delayMax' | 'delaySum'>,
) {
  let { delayMin, delayMax, delaySum } = seen

  for (const delay of batch.delay) {
    delayMin = Math.min(delayMin, delay)
    delayMax = Math.max(delayMax, delay)
    delaySum += delay
  }
  return { delayMin, delayMax, delaySum }
}

function printSummary(summary: Summary) {
  const top = [...summary.origins].sort((a, b) => b[1] - a[1]).slice(0, 5)

  console.log(`\nrows read   ${count(summary.rows)}`)
  console.log(`time range  ${iso(summary.first)} to ${iso(summary.last)}`)
  console.log(`in order    ${summary.sorted ? 'yes, by timestamp' : 'no'}`)
  console.log(`origins     ${summary.origins.size} distinct`)
  console.log(`destinations ${summary.destinations.size} distinct`)
  console.log(
    `delay       ${summary.delayMin} to ${summary.delayMax} minutes, mean ${(
      summary.delaySum / summary.rows
    ).toFixed(2)}`,
  )
  console.log('top origins')
  for (const [origin, flights] of top) {
    const share = ((100 * flights) / summary.rows).toFixed(2)
    console.log(`  ${origin}  ${count(flights).padStart(9)}  ${share}%`)
  }
}

/** Times a columnar pass and a row-object pass over the whole file. */
async function printSpeed(file: FlightsFile) {
  let rows = 0
  let started = performance.now()
  for await (const batch of file.columnBatches({ batchSize: BATCH_SIZE })) rows += batch.length
  const columnar = rate(rows, performance.now() - started)

  rows = 0
  started = performance.now()
  for await (const batch of file.flightBatches({ batchSize: BATCH_SIZE })) rows += batch.length
  const objects = rate(rows, performance.now() - started)

  console.log(`\nread speed  ${columnar} as columns, ${objects} as objects`)
  console.log(`            (batches of ${count(BATCH_SIZE)}, one thread, decoding only)`)
}

function rate(rows: number, milliseconds: number): string {
  const millions = rows / milliseconds / 1000
  return `${millions.toFixed(2)} M rows/s (${count(rows)} in ${milliseconds.toFixed(0)} ms)`
}

function count(value: number): string {
  return value.toLocaleString('en-US')
}

function iso(timestamp: number): string {
  return new Date(timestamp).toISOString().replace('.000Z', 'Z')
}
