import type { ComparisonOutcome } from './comparisons.js'
import { formatBytes, formatMagnitude, formatMilliseconds, formatNumber } from './format.js'
import type { Figure, Results } from './results.js'

/** One line of the final table. */
export interface TableRow {
  readonly figure: string
  readonly value: string
  readonly goal: string
  readonly ratio: string
  readonly met: string
}

const HEADER: TableRow = {
  figure: 'figure',
  value: 'value',
  goal: 'goal',
  ratio: 'ratio',
  met: 'met?',
}

/**
 * Lays out every figure with its goals and ratios: one row per goal or ratio, one row for a
 * figure that has neither.
 *
 * @returns the rows, in the order the figures were measured
 */
export function tableRows(results: Results, outcomes: readonly ComparisonOutcome[]): TableRow[] {
  return results.figures.flatMap((figure) => {
    const figureText = `${figure.subject}: ${figure.label}`
    const value = valueText(figure)
    const mine = outcomes.filter((outcome) => outcome.figure === figure.id)
    if (mine.length === 0) return [{ figure: figureText, value, goal: '', ratio: '', met: '' }]

    return mine.map((outcome) => ({
      figure: figureText,
      value,
      goal: outcome.goal ?? '',
      ratio:
        outcome.ratio === undefined
          ? `n/a (${outcome.againstLabel} not measured)`
          : `${outcome.ratio.toFixed(2)}× ${outcome.againstLabel}`,
      met: outcome.met === undefined ? (outcome.goal ? 'n/a' : '') : outcome.met ? 'yes' : 'NO',
    }))
  })
}

/**
 * Renders rows as a Markdown table, readable in a terminal and pasteable into a note.
 *
 * @returns the table text
 */
export function renderTable(rows: readonly TableRow[]): string {
  const all = [HEADER, ...rows]
  const keys = Object.keys(HEADER) as (keyof TableRow)[]
  const widths = keys.map((key) => Math.max(...all.map((row) => row[key].length)))
  const line = (row: TableRow) =>
    `| ${keys.map((key, i) => row[key].padEnd(widths[i] ?? 0)).join(' | ')} |`
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`

  return [line(HEADER), rule, ...rows.map(line)].join('\n')
}

/** The figure's value with its unit, and the details that belong beside it. */
function valueText(figure: Figure): string {
  const detail = figure.detail ?? {}

  switch (figure.unit) {
    case 'bytes': {
      const perEntry = detail.bytesPerEntry
      const perCell = detail.bytesPerCell
      return typeof perEntry === 'number' && typeof perCell === 'number'
        ? `${formatBytes(figure.value)} · ${formatNumber(perCell)} B/cell · ` +
            `${formatNumber(perEntry, 1)} B/entry`
        : formatBytes(figure.value)
    }
    case 'ms':
      return formatMilliseconds(figure.value)
    case 'ratio':
      return figure.value.toFixed(2)
    default: {
      const rate = `${formatMagnitude(figure.value)} ${figure.unit}`
      const p50 = detail.p50Ms
      const p99 = detail.p99Ms
      return typeof p50 === 'number' && typeof p99 === 'number'
        ? `${rate} · p50 ${formatMilliseconds(p50)} · p99 ${formatMilliseconds(p99)}`
        : rate
    }
  }
}
