/**
 * Formats a byte count for people: `812 B`, `41.2 KB`, `1.21 GB` (powers of 1024).
 *
 * @param bytes - the count; may be negative for a shrink
 * @returns the count with a unit
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = Math.abs(bytes)
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2
  return `${bytes < 0 ? '-' : ''}${value.toFixed(digits)} ${units[unit]}`
}

/**
 * Formats a number with thousands separators and at most `digits` decimals.
 *
 * @param value - the number
 * @param digits - decimals kept
 * @returns the number for people
 */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en', { maximumFractionDigits: digits })
}

/**
 * Formats a rate with a short magnitude: `950`, `12.3 k`, `2.41 M`.
 *
 * @param perSecond - the rate
 * @returns the rate without its unit
 */
export function formatMagnitude(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M`
  if (perSecond >= 1e4) return `${(perSecond / 1e3).toFixed(1)} k`
  return formatNumber(perSecond, perSecond >= 100 ? 0 : 1)
}

/**
 * Formats milliseconds with a precision that suits their size.
 *
 * @param ms - the duration
 * @returns such as `0.041 ms`, `3.2 ms` or `1 204 ms`
 */
export function formatMilliseconds(ms: number): string {
  if (ms < 1) return `${ms.toFixed(3)} ms`
  if (ms < 100) return `${ms.toFixed(1)} ms`
  return `${formatNumber(ms)} ms`
}
