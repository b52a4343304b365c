import { InvalidConfigError } from './errors.js'

const UNIT_MS = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
} as const

/** A duration: milliseconds, or a string `<integer><unit>` with unit `ms s m h d w y`. */
export type Duration = number | `${number}${keyof typeof UNIT_MS}`

const DURATION_PATTERN = /^(\d+)(ms|s|m|h|d|w|y)$/

/**
 * Parses a duration into a positive whole number of milliseconds.
 * @param field - the config path named in the error, e.g. `intervals.minute.step`
 * @param value - what the user wrote
 * @returns the duration in milliseconds
 */
export function parseDuration(field: string, value: unknown): number {
  if (typeof value === 'number') return checkedMilliseconds(field, value)

  if (typeof value !== 'string') {
    throw new InvalidConfigError(field, value, 'expected milliseconds or a string like "5m"')
  }
  const match = DURATION_PATTERN.exec(value)
  if (match === null) {
    throw new InvalidConfigError(
      field,
      value,
      'expected <integer><unit> with unit one of ms, s, m, h, d, w, y, or a calendar step',
    )
  }
  const [, amount, unit] = match as unknown as [string, string, keyof typeof UNIT_MS]
  return checkedMilliseconds(field, Number(amount) * UNIT_MS[unit], value)
}

function checkedMilliseconds(field: string, ms: number, written: unknown = ms): number {
  if (!Number.isSafeInteger(ms)) {
    throw new InvalidConfigError(field, written, 'must be a whole number of milliseconds')
  }
  if (ms <= 0) throw new InvalidConfigError(field, written, 'must be greater than zero')
  return ms
}
