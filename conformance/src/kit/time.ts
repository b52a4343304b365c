/** One second in milliseconds. */
export const SECOND = 1_000

/** One minute in milliseconds. */
export const MINUTE = 60 * SECOND

/** One hour in milliseconds. */
export const HOUR = 60 * MINUTE

/** One 24-hour day in milliseconds. */
export const DAY = 24 * HOUR

/**
 * The start of a UTC day at least one full day after `now`. Tests write around it so
 * that a store with its own expiry (which runs on real time) keeps everything while the
 * injected clock decides what is past retention.
 */
export function futureAnchor(now: number): number {
  return Math.floor(now / DAY) * DAY + 2 * DAY
}
