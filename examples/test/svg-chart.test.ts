import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeChartFiles } from '../src/report/chart-files.js'
import { lineChartSpec, svgChart } from '../src/report/svg-chart.js'
import { svgToPng } from '../src/report/svg-to-png.js'

const DAY = 86_400_000
const JAN_1 = Date.UTC(2001, 0, 1)
const days = (values: readonly number[]) =>
  values.map((value, i) => ({ timestamp: JAN_1 + i * DAY, value }))

const series = [
  { name: 'mean delay', points: days([16.1, 15.0, 14.7, 6.5, 12.3]) },
  { name: 'p95 delay', points: days([96, 80, 74, 53, 81]) },
]
const options = { title: 'Flight delays per day', valueLabel: 'Delay (minutes)' }

describe('svgChart', () => {
  it('draws one line per series with title, axis titles and legend', async () => {
    const svg = await svgChart(series, options)

    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('Flight delays per day')
    expect(svg).toContain('Delay (minutes)')
    expect(svg).toContain('Day (UTC)')
    expect(svg).toContain('mean delay')
    expect(svg).toContain('p95 delay')
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(2)
  })

  it('labels days in UTC', async () => {
    const svg = await svgChart(series, options)

    expect(svg).toContain('Jan 02')
    expect(svg).not.toContain('Dec 31')
  })

  it('inlines every point with its series name', () => {
    const spec = lineChartSpec(series, { ...options, timeLabel: 'Day' })

    expect(spec.data).toEqual({
      values: expect.arrayContaining([{ series: 'p95 delay', timestamp: JAN_1, value: 96 }]),
    })
    expect(JSON.stringify(spec)).toContain('"title":"Day"')
  })
})

describe('writeChartFiles', () => {
  it('writes an SVG and a PNG next to each other', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'kairos-chart-'))
    try {
      const files = await writeChartFiles(join(folder, 'nested', 'delays'), series, options)

      expect(await readFile(files.svg, 'utf8')).toContain('Flight delays per day')
      const png = await readFile(files.png)
      expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })

  it('renders a PNG twice the SVG size by default', () => {
    const png = svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"/>')
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength)

    expect([view.getUint32(16), view.getUint32(20)]).toEqual([20, 10])
  })
})
