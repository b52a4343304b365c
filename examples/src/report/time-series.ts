/** One value at one instant, in epoch milliseconds. */
export interface TimePoint {
  readonly timestamp: number
  readonly value: number
}

/** A named line of a chart. */
export interface ChartSeries {
  readonly name: string
  readonly points: readonly TimePoint[]
}

/**
 * Averages points into `columns` equal slices of `[start, end]`.
 *
 * A slice with no point repeats the previous slice's value (the first slice borrows the first
 * point's value), so a terminal line has no hole to draw.
 *
 * @param points - points in any order
 * @param start - first instant of the first slice
 * @param end - last instant of the last slice, inclusive
 * @param columns - number of slices
 * @returns one mean per slice
 */
export function resampleByTime(
  points: readonly TimePoint[],
  start: number,
  end: number,
  columns: number,
): number[] {
  const sums = new Float64Array(columns)
  const counts = new Uint32Array(columns)
  const span = Math.max(end - start, 1)

  for (const { timestamp, value } of points) {
    const column = Math.min(columns - 1, Math.floor(((timestamp - start) / span) * columns))
    if (column < 0) continue
    sums[column] = (sums[column] ?? 0) + value
    counts[column] = (counts[column] ?? 0) + 1
  }

  let previous = points[0]?.value ?? 0
  return Array.from(sums, (sum, column) => {
    const count = counts[column] ?? 0
    if (count > 0) previous = sum / count
    return previous
  })
}

/**
 * Averages a sequence into at most `columns` runs of neighbouring values.
 *
 * @param values - the sequence
 * @param columns - the most values to return
 * @returns the sequence itself when short enough, else one mean per run
 */
export function resampleByIndex(values: readonly number[], columns: number): number[] {
  if (values.length <= columns) return [...values]

  const means: number[] = []
  for (let column = 0; column < columns; column++) {
    const from = Math.floor((column * values.length) / columns)
    const to = Math.floor(((column + 1) * values.length) / columns)
    let sum = 0
    for (let i = from; i < to; i++) sum += values[i] as number
    means.push(sum / (to - from))
  }
  return means
}
