/**
 * A model of local calendar dates built only on `Intl.DateTimeFormat` and `Date.UTC`, so
 * that it shares no code with the zone library core uses. It is slow and simple on
 * purpose: the property tests compare core's bucket math against it.
 */

/** A proleptic Gregorian calendar date. */
export interface CivilDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

interface WallClock extends CivilDate {
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly millisecond: number
}

const HOUR = 3_600_000
const DAY = 86_400_000

/** Far enough either side of UTC midnight to reach every zone's local midnight. */
const SEARCH_REACH = 16 * HOUR

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** The wall clock of instant `t` in `timeZone`. */
export function wallClock(t: number, timeZone: string): WallClock {
  const fields: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(t)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value)
  }

  // Zone offsets are whole seconds, so the milliseconds are those of the instant.
  const millisecond = t - Math.floor(t / 1000) * 1000
  return {
    year: fields.year as number,
    month: fields.month as number,
    day: fields.day as number,
    hour: fields.hour as number,
    minute: fields.minute as number,
    second: fields.second as number,
    millisecond,
  }
}

/** The local date of instant `t` in `timeZone`. */
export function localDate(t: number, timeZone: string): CivilDate {
  const { year, month, day } = wallClock(t, timeZone)
  return { year, month, day }
}

/** Days since 1970-01-01 of a civil date. */
export function dayNumber(date: CivilDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY
}

/** The civil date `days` days after 1970-01-01. */
export function civilDate(days: number): CivilDate {
  const utc = new Date(days * DAY)
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() }
}

/** ISO weekday: 1 is Monday, 7 is Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(date: CivilDate): number {
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1
}

function compareDates(a: CivilDate, b: CivilDate): number {
  return dayNumber(a) - dayNumber(b)
}

function offsetAt(t: number, timeZone: string): number {
  const w = wallClock(t, timeZone)
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond) - t
}

function isMidnightOf(t: number, date: CivilDate, timeZone: string): boolean {
  const w = wallClock(t, timeZone)
  const clock = w.hour + w.minute + w.second + w.millisecond
  return clock === 0 && compareDates(w, date) === 0
}

/**
 * The first instant whose local date is `date`. When local midnight happens (once, or
 * twice after a fall-back across midnight) it is the earliest such midnight; when the
 * clocks skip midnight it is the first instant after the jump, found by binary search.
 */
export function dayStart(date: CivilDate, timeZone: string): number {
  const midnightUtc = Date.UTC(date.year, date.month - 1, date.day)
  const low = midnightUtc - SEARCH_REACH
  const high = midnightUtc + SEARCH_REACH

  const offsets = new Set([low, midnightUtc, high].map((t) => offsetAt(t, timeZone)))
  const midnights = [...offsets]
    .map((offset) => midnightUtc - offset)
    .filter((t) => isMidnightOf(t, date, timeZone))
  if (midnights.length > 0) return Math.min(...midnights)

  return firstInstantOnOrAfter(date, low, high, timeZone)
}

function firstInstantOnOrAfter(date: CivilDate, low: number, high: number, zone: string): number {
  let before = low
  let after = high
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2)
    if (compareDates(localDate(middle, zone), date) >= 0) after = middle
    else before = middle
  }
  return after
}

/** The start of the local day that holds `t`. */
export function startOfLocalDay(t: number, timeZone: string): number {
  return dayStart(localDate(t, timeZone), timeZone)
}

/** The start of the local Monday of the ISO week that holds `t`. */
export function startOfLocalWeek(t: number, timeZone: string): number {
  const date = localDate(t, timeZone)
  const monday = civilDate(dayNumber(date) - (isoWeekday(date) - 1))
  return dayStart(monday, timeZone)
}

/** The start of local day 1 of the month that holds `t`. */
export function startOfLocalMonth(t: number, timeZone: string): number {
  const { year, month } = localDate(t, timeZone)
  return dayStart({ year, month, day: 1 }, timeZone)
}

/** The start of local January 1 of the year that holds `t`. */
export function startOfLocalYear(t: number, timeZone: string): number {
  const { year } = localDate(t, timeZone)
  return dayStart({ year, month: 1, day: 1 }, timeZone)
}
