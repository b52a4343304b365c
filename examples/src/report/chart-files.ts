import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { type SvgChartOptions, svgChart } from './svg-chart.js'
import { svgToPng } from './svg-to-png.js'
import type { ChartSeries } from './time-series.js'

/** Paths written by {@link writeChartFiles}. */
export interface ChartFiles {
  readonly svg: string
  readonly png: string
}

/**
 * Renders a chart and writes it twice: `<basePath>.svg` and `<basePath>.png`.
 *
 * @param basePath - output path without extension; missing folders are created
 * @param series - lines to draw
 * @param options - titles and size
 * @returns the two paths written
 */
export async function writeChartFiles(
  basePath: string,
  series: readonly ChartSeries[],
  options: SvgChartOptions,
): Promise<ChartFiles> {
  const svg = await svgChart(series, options)
  const files = { svg: `${basePath}.svg`, png: `${basePath}.png` }

  await mkdir(dirname(basePath), { recursive: true })
  await writeFile(files.svg, svg)
  await writeFile(files.png, svgToPng(svg))
  return files
}
