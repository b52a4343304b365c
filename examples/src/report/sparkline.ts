import { resampleByIndex } from './time-series.js'

const BARS = '▁▂▃▄▅▆▇█'

/**
 * Draws a sequence as one line of block characters, lowest value `▁`, highest `█`.
 *
 * @param values - the sequence; a value that is not finite is drawn as a space
 * @param width - the most characters to draw; longer sequences are averaged down
 * @returns the sparkline
 * @example
 * ```ts
 * sparkline([1, 5, 2, 8]) // '▁▅▂█'
 * ```
 */
export function sparkline(values: readonly number[], width = Number.POSITIVE_INFINITY): string {
  const shown = resampleByIndex(values, width)
  const finite = shown.filter(Number.isFinite)
  const low = Math.min(...finite)
  const span = Math.max(...finite) - low

  return shown
    .map((value) => {
      if (!Number.isFinite(value)) return ' '
      const level = span === 0 ? 0 : Math.round(((value - low) / span) * (BARS.length - 1))
      return BARS[level]
    })
    .join('')
}
