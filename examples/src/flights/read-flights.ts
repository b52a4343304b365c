import {
  type AsyncBuffer,
  asyncBufferFromFile,
  type ColumnMetaData,
  type FileMetaData,
  parquetMetadataAsync,
  type RowGroup,
  type SchemaElement,
} from 'hyparquet'
import { decodeColumnChunk } from './column-chunk.js'
import { type ValueConverter, valueConverter } from './column-values.js'
import { type Flight, type FlightColumns, sliceFlightColumns, toFlights } from './flight-columns.js'
import { flightsParquetPath } from './flights-path.js'

/** Which column of the file fills each field of a {@link Flight}. */
export const FLIGHT_COLUMNS = {
  timestamp: 'date',
  delay: 'delay',
  distance: 'distance',
  origin: 'origin',
  destination: 'destination',
} as const satisfies Record<keyof Flight, string>

type Field = keyof typeof FLIGHT_COLUMNS

/** Options of {@link FlightsFile.columnBatches} and {@link FlightsFile.flightBatches}. */
export interface ReadFlightsOptions {
  /** Rows per batch; the last batch of the file may be shorter. Defaults to 10 000. */
  readonly batchSize?: number
  /** Read only this many row groups from the start of the file. Defaults to all. */
  readonly rowGroupLimit?: number
}

/** Name and decoded type of one column of the file. */
export interface ColumnDescription {
  readonly name: string
  readonly type: string
  readonly repetition: string
}

/** An opened flights file: its shape from the footer, and readers over its rows. */
export interface FlightsFile {
  readonly path: string
  readonly byteLength: number
  readonly createdBy: string | undefined
  /** Rows in the whole file, from the footer, known before any row is read. */
  readonly rowCount: number
  /** Rows in each row group, in file order. */
  readonly rowGroupSizes: readonly number[]
  readonly columns: readonly ColumnDescription[]
  /** Earliest and latest timestamp from the row-group statistics, when the file has them. */
  readonly timeRange: { readonly start: number; readonly end: number } | undefined
  /**
   * Yields batches of flights as columns, decoding one row group at a time.
   *
   * Memory stays at about one decoded row group (~11 MB for 273 k rows) however large the file.
   */
  columnBatches(options?: ReadFlightsOptions): AsyncGenerator<FlightColumns>
  /** Same as {@link FlightsFile.columnBatches} but yields one object per flight. */
  flightBatches(options?: ReadFlightsOptions): AsyncGenerator<Flight[]>
}

const DEFAULT_BATCH_SIZE = 10_000

/**
 * Opens a flights parquet file and reads its footer.
 *
 * The file's `date` column is a timestamp without time zone: the scheduled departure as read on
 * the clock at the origin airport. It is returned as if that reading were UTC, so the UTC
 * calendar day of a timestamp is the local day of the departure; instants in different time
 * zones are therefore not comparable to the hour.
 *
 * @param path - the parquet file; defaults to `flights-3m.parquet` from `vega-datasets`
 * @returns the opened file
 * @throws Error when a column is missing or has a type the reader does not decode
 * @example
 * ```ts
 * const flights = await openFlights()
 * for await (const batch of flights.columnBatches({ batchSize: 10_000 })) {
 *   insertBatch(batch)
 * }
 * ```
 */
export async function openFlights(path: string = flightsParquetPath()): Promise<FlightsFile> {
  const file = await asyncBufferFromFile(path)
  const metadata = await parquetMetadataAsync(file)
  const converters = fieldConverters(metadata.schema)

  return {
    path,
    byteLength: file.byteLength,
    createdBy: metadata.created_by,
    rowCount: Number(metadata.num_rows),
    rowGroupSizes: metadata.row_groups.map((group) => Number(group.num_rows)),
    columns: describeColumns(metadata.schema),
    timeRange: statisticsTimeRange(metadata),
    columnBatches: (options) => readColumnBatches(file, metadata, converters, options),
    flightBatches: (options) => readFlightBatches(file, metadata, converters, options),
  }
}

async function* readColumnBatches(
  file: AsyncBuffer,
  metadata: FileMetaData,
  converters: Record<Field, FieldDecoder>,
  options: ReadFlightsOptions = {},
): AsyncGenerator<FlightColumns> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`)
  }
  const groups = metadata.row_groups.slice(0, options.rowGroupLimit)

  for (const group of groups) {
    const columns = await readRowGroup(file, group, converters)
    for (let start = 0; start < columns.length; start += batchSize) {
      yield sliceFlightColumns(columns, start, Math.min(start + batchSize, columns.length))
    }
  }
}

async function* readFlightBatches(
  file: AsyncBuffer,
  metadata: FileMetaData,
  converters: Record<Field, FieldDecoder>,
  options?: ReadFlightsOptions,
): AsyncGenerator<Flight[]> {
  for await (const columns of readColumnBatches(file, metadata, converters, options)) {
    yield toFlights(columns)
  }
}

interface FieldDecoder {
  readonly converter: ValueConverter
  readonly maxDefinitionLevel: number
}

function fieldConverters(schema: readonly SchemaElement[]): Record<Field, FieldDecoder> {
  const decoder = (field: Field, kind: 'number' | 'string'): FieldDecoder => {
    const element = topLevelColumn(schema, FLIGHT_COLUMNS[field])
    const converter = valueConverter(element)
    if (converter.kind !== kind) {
      throw new Error(`column ${element.name} holds ${converter.describe}, expected a ${kind}`)
    }
    return { converter, maxDefinitionLevel: element.repetition_type === 'OPTIONAL' ? 1 : 0 }
  }

  const timestamp = decoder('timestamp', 'number')
  if (!timestamp.converter.describe.includes('TIMESTAMP')) {
    throw new Error(`column ${FLIGHT_COLUMNS.timestamp} is not a timestamp`)
  }
  return {
    timestamp,
    delay: decoder('delay', 'number'),
    distance: decoder('distance', 'number'),
    origin: decoder('origin', 'string'),
    destination: decoder('destination', 'string'),
  }
}

function topLevelColumn(schema: readonly SchemaElement[], name: string): SchemaElement {
  const element = schema.slice(1).find((candidate) => candidate.name === name)

  if (!element) throw new Error(`column ${name} is missing`)
  if (element.num_children || element.repetition_type === 'REPEATED') {
    throw new Error(`column ${name} is nested or repeated`)
  }
  return element
}

/** Reads the five needed column chunks of a row group in one slice, then decodes each. */
async function readRowGroup(
  file: AsyncBuffer,
  group: RowGroup,
  converters: Record<Field, FieldDecoder>,
): Promise<FlightColumns> {
  const rows = Number(group.num_rows)
  const chunks = fieldChunks(group)
  const start = Math.min(...Object.values(chunks).map((chunk) => chunk.start))
  const end = Math.max(...Object.values(chunks).map((chunk) => chunk.end))
  const bytes = new Uint8Array(await file.slice(start, end))

  const decode = (field: Field) => {
    const { meta, start: from, end: to } = chunks[field]
    const { converter, maxDefinitionLevel } = converters[field]
    const chunk = bytes.subarray(from - start, to - start)
    return decodeColumnChunk({ bytes: chunk, meta, rows, maxDefinitionLevel, converter })
  }
  return {
    length: rows,
    timestamp: decode('timestamp') as Float64Array,
    delay: decode('delay') as Float64Array,
    distance: decode('distance') as Float64Array,
    origin: decode('origin') as string[],
    destination: decode('destination') as string[],
  }
}

interface ChunkRange {
  readonly meta: ColumnMetaData
  readonly start: number
  readonly end: number
}

function fieldChunks(group: RowGroup): Record<Field, ChunkRange> {
  const range = (name: string): ChunkRange => {
    const meta = group.columns.find((chunk) => chunk.meta_data?.path_in_schema[0] === name)
    if (!meta?.meta_data) throw new Error(`row group has no chunk for column ${name}`)

    // Some writers leave the dictionary offset out; the chunk then starts at its first page.
    const { dictionary_page_offset, data_page_offset, total_compressed_size } = meta.meta_data
    const start = Number(dictionary_page_offset || data_page_offset)
    return { meta: meta.meta_data, start, end: start + Number(total_compressed_size) }
  }

  return {
    timestamp: range(FLIGHT_COLUMNS.timestamp),
    delay: range(FLIGHT_COLUMNS.delay),
    distance: range(FLIGHT_COLUMNS.distance),
    origin: range(FLIGHT_COLUMNS.origin),
    destination: range(FLIGHT_COLUMNS.destination),
  }
}

function describeColumns(schema: readonly SchemaElement[]): ColumnDescription[] {
  return schema.slice(1).map((element) => ({
    name: element.name,
    type: describeType(element),
    repetition: element.repetition_type ?? 'REQUIRED',
  }))
}

function describeType(element: SchemaElement): string {
  try {
    return valueConverter(element).describe
  } catch {
    return element.type ?? 'group'
  }
}

function statisticsTimeRange(metadata: FileMetaData): FlightsFile['timeRange'] {
  let start = Number.POSITIVE_INFINITY
  let end = Number.NEGATIVE_INFINITY

  for (const group of metadata.row_groups) {
    const chunk = group.columns.find(
      (candidate) => candidate.meta_data?.path_in_schema[0] === FLIGHT_COLUMNS.timestamp,
    )
    const { min_value: min, max_value: max } = chunk?.meta_data?.statistics ?? {}
    if (!(min instanceof Date) || !(max instanceof Date)) return undefined
    start = Math.min(start, min.getTime())
    end = Math.max(end, max.getTime())
  }
  return Number.isFinite(start) ? { start, end } : undefined
}
