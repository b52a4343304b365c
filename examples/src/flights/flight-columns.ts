/** One flight, as handed to an insert call. */
export interface Flight {
  /** IATA code of the departure airport. */
  readonly origin: string
  /** IATA code of the arrival airport. */
  readonly destination: string
  /** Delay in minutes; negative when the flight was early. */
  readonly delay: number
  /** Distance in miles. */
  readonly distance: number
  /** Scheduled departure as epoch milliseconds (local wall-clock time read as UTC). */
  readonly timestamp: number
}

/**
 * A batch of flights stored column by column: entry `i` of every array is flight `i`.
 *
 * Numbers sit in typed arrays and the airport codes are shared string references, so a batch
 * costs no allocation per flight.
 */
export interface FlightColumns {
  readonly length: number
  readonly origin: readonly string[]
  readonly destination: readonly string[]
  readonly delay: Float64Array
  readonly distance: Float64Array
  readonly timestamp: Float64Array
}

/**
 * Cuts rows `[start, end)` out of a batch; numbers are views, codes are copied references.
 *
 * @param columns - the batch to cut
 * @param start - first row, inclusive
 * @param end - last row, exclusive
 * @returns the smaller batch
 */
export function sliceFlightColumns(columns: FlightColumns, start: number, end: number) {
  return {
    length: end - start,
    origin: columns.origin.slice(start, end),
    destination: columns.destination.slice(start, end),
    delay: columns.delay.subarray(start, end),
    distance: columns.distance.subarray(start, end),
    timestamp: columns.timestamp.subarray(start, end),
  } satisfies FlightColumns
}

/**
 * Builds one object per row, for callers that want rows rather than columns.
 *
 * @param columns - the batch to convert
 * @returns the flights in row order
 */
export function toFlights(columns: FlightColumns): Flight[] {
  const flights = new Array<Flight>(columns.length)

  for (let i = 0; i < columns.length; i++) {
    flights[i] = {
      origin: columns.origin[i] as string,
      destination: columns.destination[i] as string,
      delay: columns.delay[i] as number,
      distance: columns.distance[i] as number,
      timestamp: columns.timestamp[i] as number,
    }
  }
  return flights
}
