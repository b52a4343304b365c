import * as asciichart from 'asciichart'
import { type ChartSeries, resampleByTime } from './time-series.js'

/** Options of {@link terminalChart}. */
export interface TerminalChartOptions {
  /** Text rows between the lowest and highest value; the plot takes one more. Defaults to 12. */
  readonly height?: number
  /** Most plot columns; longer series are averaged down. Defaults to 72. */
  readonly width?: number
  /** Line printed above the plot. */
  readonly title?: string
  /** Colour each series with ANSI escapes. Defaults to false. */
  readonly color?: boolean
  /** Formats an x-axis instant. Defaults to the UTC date, `YYYY-MM-DD`. */
  readonly formatTime?: (timestamp: number) => string
}

const COLORS = [asciichart.cyan, asciichart.magenta, asciichart.yellow, asciichart.green]
const LABEL_WIDTH = 9

/**
 * Draws series that share one time axis as a line chart of text.
 *
 * The result has, in order: the title (when given), `height + 1` plot rows, one x-axis row with
 * the first and last instants, and one legend row.
 *
 * @param series - lines to draw; an empty series is skipped
 * @param options - size, title and colours
 * @returns the chart, lines joined with `\n`
 * @example
 * ```ts
 * console.log(terminalChart([{ name: 'mean delay', points }], { title: 'Delay (min)' }))
 * ```
 */
export function terminalChart(
  series: readonly ChartSeries[],
  options: TerminalChartOptions = {},
): string {
  const { height = 12, width = 72, title, color = false } = options
  const formatTime = options.formatTime ?? utcDate
  const drawn = series.filter((line) => line.points.length > 0)
  if (drawn.length === 0) throw new RangeError('terminalChart needs at least one point')

  const { start, end } = timeSpan(drawn)
  const columns = Math.min(width, Math.max(...drawn.map((line) => line.points.length)))
  const rows = drawn.map((line) => resampleByTime(line.points, start, end, columns))
  const plot = plotRows(rows, height, color)

  const indent = ' '.repeat(LABEL_WIDTH + 1)
  const axis = indent + spread(formatTime(start), formatTime(end), columns)
  const legend = drawn.map((line, index) => legendEntry(line.name, index, color)).join('   ')
  const lines = [...plot, axis, indent + legend]
  return (title === undefined ? lines : [title, ...lines]).join('\n')
}

/**
 * Scales every value to `[0, height]` before plotting: asciichart then draws exactly
 * `height + 1` rows, which its own rounding of arbitrary ranges does not promise.
 */
function plotRows(rows: readonly number[][], height: number, color: boolean): string[] {
  const values = rows.flat()
  const low = Math.min(...values)
  const span = Math.max(...values) - low || 1
  const scaled = rows.map((row) => row.map((value) => ((value - low) / span) * height))

  const chart = asciichart.plot(scaled, {
    height,
    min: 0,
    max: height,
    offset: 2,
    ...(color ? { colors: COLORS } : {}),
    format: (value) => (low + (value / height) * span).toFixed(1).padStart(LABEL_WIDTH),
  })
  return chart.split('\n')
}

function timeSpan(series: readonly ChartSeries[]) {
  let start = Number.POSITIVE_INFINITY
  let end = Number.NEGATIVE_INFINITY

  for (const line of series) {
    for (const { timestamp } of line.points) {
      start = Math.min(start, timestamp)
      end = Math.max(end, timestamp)
    }
  }
  return { start, end }
}

/** Puts `left` at the start and `right` at the end of a row `width` wide, when both fit. */
function spread(left: string, right: string, width: number): string {
  const gap = width - left.length - right.length
  return gap >= 1 ? `${left}${' '.repeat(gap)}${right}` : `${left} .. ${right}`
}

function legendEntry(name: string, index: number, color: boolean): string {
  const mark = `── ${name}`
  return color ? asciichart.colored(mark, COLORS[index % COLORS.length]) : mark
}

function utcDate(timestamp: number): string {
  return new Date(timestamp).toISOString().slice(0, 10)
}
