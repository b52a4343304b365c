import { parse, View } from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import type { ChartSeries } from './time-series.js'

/** Options of {@link svgChart}. */
export interface SvgChartOptions {
  readonly title: string
  readonly subtitle?: string
  /** Label of the value axis, with its unit. */
  readonly valueLabel: string
  /** Label of the time axis. Defaults to `Day (UTC)`. */
  readonly timeLabel?: string
  /** Plot area size in pixels, without axes, title and legend. Defaults to 800 × 360. */
  readonly width?: number
  readonly height?: number
}

/**
 * Renders series that share one time axis as an SVG line chart with title, axis labels and a
 * legend.
 *
 * Times are shown in UTC, so a day bucket starting at UTC midnight is labelled with its own
 * date whatever the machine's time zone.
 *
 * @param series - lines to draw, one legend entry each
 * @param options - titles and size
 * @returns the SVG document
 * @example
 * ```ts
 * const svg = await svgChart(series, { title: 'Flight delays', valueLabel: 'Delay (minutes)' })
 * ```
 */
export async function svgChart(
  series: readonly ChartSeries[],
  options: SvgChartOptions,
): Promise<string> {
  const spec = lineChartSpec(series, options)
  const view = new View(parse(compile(spec).spec), { renderer: 'none' })

  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

/**
 * Builds the vega-lite description of the chart; exported so its shape can be checked without
 * rendering.
 *
 * @param series - lines to draw
 * @param options - titles and size
 * @returns a vega-lite specification with the data inlined
 */
export function lineChartSpec(
  series: readonly ChartSeries[],
  options: SvgChartOptions,
): TopLevelSpec {
  const values = series.flatMap((line) =>
    line.points.map(({ timestamp, value }) => ({ series: line.name, timestamp, value })),
  )

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    width: options.width ?? 800,
    height: options.height ?? 360,
    background: 'white',
    data: { values },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: {
        field: 'timestamp',
        type: 'temporal',
        // A utc time unit makes vega-lite use a UTC scale and UTC labels.
        timeUnit: 'utcyearmonthdate',
        title: options.timeLabel ?? 'Day (UTC)',
        axis: { format: '%b %d', labelAngle: 0 },
      },
      y: { field: 'value', type: 'quantitative', title: options.valueLabel },
      color: {
        field: 'series',
        type: 'nominal',
        sort: series.map((line) => line.name),
        legend: { title: null, orient: 'top-left' },
      },
    },
  }
}
