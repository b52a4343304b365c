import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { svgToPng } from '@kairos/examples'
import { parse, View } from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import type { Results } from './results.js'

/** One measured point of the scale phase. */
interface ScalePoint {
  readonly store: string
  readonly events: number
  readonly rate: number
}

/**
 * Draws the scale phase as a line chart, events per second against events ingested (both
 * axes logarithmic, one line per store), and writes it as SVG and PNG.
 *
 * @param folder - where `scale.svg` and `scale.png` go
 * @param subtitle - the machine and date, so that a chart alone says where it comes from
 * @returns the paths written, or none when the run had no scale phase
 */
export async function writeScaleChart(
  folder: string,
  results: Results,
  subtitle: string,
): Promise<string[]> {
  const points = scalePoints(results)
  if (points.length === 0) return []

  const view = new View(parse(compile(scaleSpec(points, subtitle)).spec), { renderer: 'none' })
  let svg: string
  try {
    svg = await view.toSVG()
  } finally {
    view.finalize()
  }

  await mkdir(folder, { recursive: true })
  const paths = [join(folder, 'scale.svg'), join(folder, 'scale.png')]
  await writeFile(paths[0] as string, svg)
  await writeFile(paths[1] as string, svgToPng(svg))
  return paths
}

function scalePoints(results: Results): ScalePoint[] {
  return results.figures
    .filter((figure) => figure.phase === 'scale' && figure.unit === 'events/s')
    .map((figure) => ({
      store: figure.subject,
      events: Number(figure.detail?.events),
      rate: figure.value,
    }))
}

function scaleSpec(points: readonly ScalePoint[], subtitle: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Kairos ingest rate by ingest size (delay histogram, 3 intervals)', subtitle },
    width: 720,
    height: 360,
    background: 'white',
    data: { values: points.map((point) => ({ ...point })) },
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: {
      x: {
        field: 'events',
        type: 'quantitative',
        scale: { type: 'log' },
        title: 'Flights ingested (log scale)',
        axis: { format: '~s' },
      },
      y: {
        field: 'rate',
        type: 'quantitative',
        scale: { type: 'log' },
        title: 'Events per second (log scale)',
        axis: { format: '~s' },
      },
      color: { field: 'store', type: 'nominal', legend: { title: null, orient: 'bottom-right' } },
    },
  }
}
