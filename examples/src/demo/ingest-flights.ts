import type { BulkPoint, Timeseries } from '@kairos/core'
import type { FlightColumns } from '../flights/flight-columns.js'
import type { FlightsFile } from '../flights/read-flights.js'
import { createProgress, type ProgressSummary } from '../report/progress.js'
import type { DelayConfig } from './delay-config.js'

/**
 * Feeds every flight to the store through `bulkInsert`, one batch at a time, as a
 * histogram of delays per origin airport.
 * @param onBatch - sees each batch too, for figures computed beside the store
 */
export async function ingestFlights(
  flights: FlightsFile,
  delays: Timeseries<DelayConfig>,
  options: { batchSize: number; limit: number; onBatch?: (batch: FlightColumns) => void },
): Promise<ProgressSummary & { written: number; skipped: number }> {
  const total = Math.min(flights.rowCount, options.limit)
  const progress = createProgress({ total, label: 'ingest' })
  let written = 0
  let skipped = 0
  let seen = 0

  for await (const columns of flights.columnBatches({ batchSize: options.batchSize })) {
    const batch = columns.length > total - seen ? cut(columns, total - seen) : columns
    options.onBatch?.(batch)

    const result = await delays.bulkInsert(toPoints(batch))
    written += result.written
    skipped += result.skipped
    seen += batch.length
    progress.advance(batch.length)
    if (seen >= total) break
  }

  return { ...progress.stop(), written, skipped }
}

function toPoints(batch: FlightColumns): BulkPoint<number>[] {
  const points: BulkPoint<number>[] = new Array(batch.length)
  for (let i = 0; i < batch.length; i++) {
    points[i] = {
      name: batch.origin[i] as string,
      value: batch.delay[i] as number,
      timestamp: batch.timestamp[i] as number,
    }
  }
  return points
}

function cut(columns: FlightColumns, length: number): FlightColumns {
  return {
    length,
    origin: columns.origin.slice(0, length),
    destination: columns.destination.slice(0, length),
    delay: columns.delay.subarray(0, length),
    distance: columns.distance.subarray(0, length),
    timestamp: columns.timestamp.subarray(0, length),
  }
}
