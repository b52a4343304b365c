import { createProgress, type FlightColumns } from '@kairos/examples'
import type { AnyBulkWriteOperation, Collection } from 'mongodb'
import { InFlight } from '../measure/in-flight.js'

/** What the raw driver ingest measured. */
export interface RawIngestResult {
  readonly events: number
  readonly operations: number
  readonly seconds: number
  readonly eventsPerSecond: number
  readonly operationsPerSecond: number
}

/** A raw cell: a histogram of delays keyed by delay, under a text id. */
interface RawCell {
  _id: string
  counts?: Record<string, number>
}

const HOUR = 3_600_000
const DAY = 86_400_000

/**
 * Writes the delay histogram with the `mongodb` driver alone, the way code without kairos
 * would: per flight and per interval (hour, day, month) one `updateOne` upsert with `$inc` of
 * that delay's count, nothing folded, sent with unordered `bulkWrite`.
 *
 * @param collection - an empty collection
 * @param batches - the flights, in the batches a user would read them
 * @param chunk - the most operations per `bulkWrite` call
 * @param inFlight - batches written at once, as many as kairos gets
 * @returns events and operations per second
 */
export async function mongoRawIngest(
  collection: Collection<RawCell>,
  batches: Iterable<FlightColumns>,
  events: number,
  chunk: number,
  inFlight: number,
): Promise<RawIngestResult> {
  const progress = createProgress({ total: events, label: 'mongo raw bulkWrite' })
  let operations = 0

  const pending = new InFlight(inFlight)

  for (const batch of batches) {
    const writes = rawWrites(batch)
    const call = writeInChunks(collection, writes, chunk).then(() => {
      operations += writes.length
      progress.advance(batch.length)
    })
    await pending.add(call)
  }
  await pending.drain()

  const { events: done, milliseconds } = progress.stop()
  const seconds = milliseconds / 1000
  return {
    events: done,
    operations,
    seconds,
    eventsPerSecond: done / seconds,
    operationsPerSecond: operations / seconds,
  }
}

async function writeInChunks(
  collection: Collection<RawCell>,
  writes: AnyBulkWriteOperation<RawCell>[],
  chunk: number,
): Promise<void> {
  for (let start = 0; start < writes.length; start += chunk) {
    await collection.bulkWrite(writes.slice(start, start + chunk), { ordered: false })
  }
}

function rawWrites(batch: FlightColumns): AnyBulkWriteOperation<RawCell>[] {
  const writes: AnyBulkWriteOperation<RawCell>[] = []

  for (let i = 0; i < batch.length; i++) {
    const origin = batch.origin[i] as string
    const timestamp = batch.timestamp[i] as number
    const increment = { $inc: { [`counts.${batch.delay[i]}`]: 1 } }
    const month = new Date(timestamp)

    for (const id of [
      `${origin}|hour|${Math.floor(timestamp / HOUR)}`,
      `${origin}|day|${Math.floor(timestamp / DAY)}`,
      `${origin}|month|${month.getUTCFullYear()}-${month.getUTCMonth() + 1}`,
    ]) {
      writes.push({ updateOne: { filter: { _id: id }, update: increment, upsert: true } })
    }
  }
  return writes
}
