/** One minute, hour and 24-hour day in milliseconds. */
export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/**
 * A UTC midnight at least one full day after `now`. Every generated time lies after it, so a
 * store that expires keys on the real clock (Redis TTLs, MongoDB TTL indexes) never drops a
 * bucket that the injected clock still calls live.
 */
export function futureAnchor(now = Date.now()): number {
  return Math.floor(now / DAY) * DAY + 2 * DAY
}

/** Where a scenario's times are counted from, chosen so that calendar edges come up often. */
export type BaseSpec =
  /** The UTC midnight `n` days after the anchor. */
  | { readonly kind: 'day'; readonly n: number }
  /** The UTC midnight starting the `n`-th month after the anchor's (n = 0: the next one). */
  | { readonly kind: 'month'; readonly n: number }
  /** The `n`-th change of UTC offset in the time zone after the anchor, to the minute. */
  | { readonly kind: 'transition'; readonly n: number }

/**
 * Turns a base spec into an epoch millisecond. A zone without offset changes in the next
 * 400 days falls back to day `90 * n`.
 */
export function resolveBase(spec: BaseSpec, timeZone: string, anchor: number): number {
  if (spec.kind === 'day') return anchor + spec.n * DAY

  if (spec.kind === 'month') {
    const start = new Date(anchor)
    return Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1 + spec.n, 1)
  }

  const transitions = zoneTransitions(timeZone, anchor, 400)
  return transitions[spec.n % Math.max(transitions.length, 1)] ?? anchor + spec.n * 90 * DAY
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** The zone's offset from UTC at `t`, in minutes, as the platform's time zone data says. */
export function offsetMinutes(timeZone: string, t: number): number {
  let format = formatters.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    formatters.set(timeZone, format)
  }
  const name = format.formatToParts(t).find((part) => part.type === 'timeZoneName')?.value ?? ''
  const match = /GMT([+-])(\d\d):(\d\d)/.exec(name)
  if (match === null) return 0
  const minutes = Number(match[2]) * 60 + Number(match[3])
  return match[1] === '-' ? -minutes : minutes
}

const transitionCache = new Map<string, number[]>()

/**
 * The instants, to the minute, at which the zone's offset changes within `days` after `from`.
 * Scanned six hours at a time, then narrowed by bisection.
 */
export function zoneTransitions(timeZone: string, from: number, days: number): number[] {
  const key = `${timeZone} ${from} ${days}`
  const cached = transitionCache.get(key)
  if (cached !== undefined) return cached

  const found: number[] = []
  const step = 6 * HOUR
  for (let t = from; t < from + days * DAY; t += step) {
    if (offsetMinutes(timeZone, t) !== offsetMinutes(timeZone, t + step)) {
      found.push(narrow(timeZone, t, t + step))
    }
  }
  transitionCache.set(key, found)
  return found
}

/** The first minute in (low, high] whose offset differs from the offset at `low`. */
function narrow(timeZone: string, low: number, high: number): number {
  const before = offsetMinutes(timeZone, low)
  let lo = low
  let hi = high
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE
    if (offsetMinutes(timeZone, mid) === before) lo = mid
    else hi = mid
  }
  return hi
}
