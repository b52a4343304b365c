import { parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FlightColumns } from '../src/flights/flight-columns.js'
import { toFlights } from '../src/flights/flight-columns.js'
import { type FlightsFile, openFlights } from '../src/flights/read-flights.js'

// Only the first row group (272 727 rows) is decoded, to keep the suite fast.
const FIRST_GROUP = { rowGroupLimit: 1 }

async function collect(file: FlightsFile, batchSize: number): Promise<FlightColumns[]> {
  const batches: FlightColumns[] = []
  for await (const batch of file.columnBatches({ ...FIRST_GROUP, batchSize })) batches.push(batch)
  return batches
}

describe('openFlights', () => {
  let flights: FlightsFile

  beforeAll(async () => {
    flights = await openFlights()
  })

  it('knows the row count and schema from the footer alone', () => {
    expect(flights.rowCount).toBe(3_000_000)
    expect(flights.rowGroupSizes.reduce((sum, rows) => sum + rows, 0)).toBe(flights.rowCount)
    expect(flights.columns.map((column) => column.name)).toEqual([
      'date',
      'delay',
      'distance',
      'origin',
      'destination',
    ])
    expect(flights.columns[0]?.type).toBe('INT64 TIMESTAMP(MICROS, local)')
  })

  it('reads the time range from the statistics', () => {
    expect(flights.timeRange).toEqual({
      start: Date.UTC(2001, 0, 1, 0, 1),
      end: Date.UTC(2001, 6, 1),
    })
  })

  it('yields a first batch of sane flights', async () => {
    const [first] = await collect(flights, 10_000)
    if (!first) throw new Error('no batch')

    expect(first.length).toBe(10_000)
    expect(toFlights(first)[0]).toEqual({
      origin: 'LAS',
      destination: 'PHL',
      delay: 33,
      distance: 2176,
      timestamp: Date.UTC(2001, 0, 1, 0, 1),
    })
    for (let i = 0; i < first.length; i++) {
      expect(first.origin[i]).toMatch(/^[A-Z]{3}$/)
      expect(Number.isInteger(first.delay[i])).toBe(true)
      expect(first.distance[i]).toBeGreaterThan(0)
      expect(first.timestamp[i]).toBeGreaterThanOrEqual(first.timestamp[i - 1] ?? 0)
    }
  })

  it('cuts the row group into batches of the asked size', async () => {
    const batches = await collect(flights, 100_000)

    expect(batches.map((batch) => batch.length)).toEqual([100_000, 100_000, 72_727])
  })

  it('decodes the same values as the generic hyparquet reader', async () => {
    const [columns] = await collect(flights, 300_000)
    if (!columns) throw new Error('no batch')
    const rows = await parquetReadObjects({
      file: await readWholeFile(flights.path),
      compressors,
      rowStart: 0,
      rowEnd: columns.length,
    })

    const expected = rows.map((row) => ({
      origin: row.origin,
      destination: row.destination,
      delay: Number(row.delay),
      distance: Number(row.distance),
      timestamp: (row.date as Date).getTime(),
    }))
    expect(toFlights(columns)).toEqual(expected)
  })

  it('yields objects batch by batch', async () => {
    const iterator = flights.flightBatches({ ...FIRST_GROUP, batchSize: 3 })
    const { value } = await iterator.next()
    await iterator.return(undefined)

    expect(value).toHaveLength(3)
    expect(value?.[2]).toMatchObject({ origin: 'MCI', destination: 'MDW', delay: 14 })
  })

  it('refuses a batch size that is not a positive integer', async () => {
    const iterator = flights.columnBatches({ batchSize: 0 })

    await expect(iterator.next()).rejects.toThrow(RangeError)
  })
})

async function readWholeFile(path: string): Promise<ArrayBuffer> {
  const { readFile } = await import('node:fs/promises')
  const bytes = await readFile(path)
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
}
