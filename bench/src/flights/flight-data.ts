import { type FlightColumns, openFlights, sliceFlightColumns } from '@kairos/examples'

/** Flights decoded ahead of time, so that no measurement includes reading the file. */
export interface FlightData {
  /** Flights held; at most the file's row count. */
  readonly length: number
  /** The first `events` flights, cut into batches of at most `batchSize` rows. */
  batches(events: number, batchSize: number): Generator<FlightColumns>
}

/**
 * Decodes the first `events` flights of the flights file into memory.
 *
 * The file is sorted by departure time, so the first flights are the earliest: a smaller run
 * covers fewer days, with the same airports.
 *
 * @param events - the most flights to keep
 * @returns the decoded flights
 */
export async function loadFlights(events: number): Promise<FlightData> {
  const file = await openFlights()
  const chunks: FlightColumns[] = []
  let length = 0

  for await (const columns of file.columnBatches({ batchSize: 100_000 })) {
    const keep = Math.min(columns.length, events - length)
    chunks.push(keep < columns.length ? sliceFlightColumns(columns, 0, keep) : columns)
    length += keep
    if (length >= events) break
  }

  return { length, batches: (wanted, batchSize) => cutBatches(chunks, wanted, batchSize) }
}

function* cutBatches(
  chunks: readonly FlightColumns[],
  events: number,
  batchSize: number,
): Generator<FlightColumns> {
  let left = events

  for (const chunk of chunks) {
    for (let start = 0; start < chunk.length && left > 0; start += batchSize) {
      const end = Math.min(start + batchSize, chunk.length, start + left)
      left -= end - start
      yield sliceFlightColumns(chunk, start, end)
    }
    if (left <= 0) return
  }
}
