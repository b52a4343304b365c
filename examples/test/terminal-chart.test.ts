import { describe, expect, it } from 'vitest'
import { sparkline } from '../src/report/sparkline.js'
import { terminalChart } from '../src/report/terminal-chart.js'
import { resampleByIndex, resampleByTime } from '../src/report/time-series.js'

const DAY = 86_400_000
const JAN_1 = Date.UTC(2001, 0, 1)
const days = (values: readonly number[]) =>
  values.map((value, i) => ({ timestamp: JAN_1 + i * DAY, value }))

const mean = days(Array.from({ length: 181 }, (_, i) => 5 + 4 * Math.sin(i / 9)))
const p95 = days(mean.map(({ value }) => value * 6 + 30))

describe('terminalChart', () => {
  it('draws title, height + 1 plot rows, an axis row and a legend row', () => {
    const chart = terminalChart(
      [
        { name: 'mean delay', points: mean },
        { name: 'p95 delay', points: p95 },
      ],
      { title: 'Daily delay', height: 10, width: 60 },
    )
    const lines = chart.split('\n')

    expect(lines).toHaveLength(1 + 11 + 1 + 1)
    expect(lines[0]).toBe('Daily delay')
    expect(lines.at(-2)).toMatch(/2001-01-01 +2001-06-30$/)
    expect(lines.at(-1)).toContain('── mean delay   ── p95 delay')
  })

  it('keeps every row within the label and the asked width', () => {
    const lines = terminalChart([{ name: 'mean', points: mean }], { height: 5, width: 40 })
      .split('\n')
      .slice(0, 6)

    expect(lines).toHaveLength(6)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(10 + 40)
  })

  it('labels the top and bottom rows with the highest and lowest values', () => {
    const lines = terminalChart([{ name: 'steps', points: days([0, 10, 20]) }], {
      height: 4,
    }).split('\n')

    expect(lines[0]).toMatch(/^ +20\.0/)
    expect(lines[4]).toMatch(/^ +0\.0/)
  })

  it('uses colour only when asked', () => {
    const series = [{ name: 'mean', points: mean }]

    expect(terminalChart(series)).not.toContain('\x1b[')
    expect(terminalChart(series, { color: true })).toContain('\x1b[')
  })

  it('rejects a chart with no point', () => {
    expect(() => terminalChart([{ name: 'empty', points: [] }])).toThrow(RangeError)
  })
})

describe('sparkline', () => {
  it('maps the lowest value to the lowest bar and the highest to the full block', () => {
    expect(sparkline([1, 5, 2, 8])).toBe('▁▅▂█')
  })

  it('averages long sequences down to the width and leaves gaps for missing values', () => {
    expect(sparkline([0, 0, 7, 7, 14, 14], 3)).toBe('▁▅█')
    expect(sparkline([1, Number.NaN, 2])).toBe('▁ █')
  })

  it('draws a flat sequence as the lowest bar', () => {
    expect(sparkline([3, 3, 3])).toBe('▁▁▁')
  })
})

describe('resampling', () => {
  it('averages points into time slices and carries a value across an empty slice', () => {
    const points = [
      { timestamp: 0, value: 1 },
      { timestamp: 1, value: 3 },
      { timestamp: 9, value: 6 },
    ]

    expect(resampleByTime(points, 0, 9, 3)).toEqual([2, 2, 6])
  })

  it('averages runs of neighbours only when the sequence is too long', () => {
    expect(resampleByIndex([1, 2, 3], 5)).toEqual([1, 2, 3])
    expect(resampleByIndex([1, 3, 5, 7], 2)).toEqual([2, 6])
  })
})
