import { Temporal } from 'temporal-polyfill'
import { InvalidConfigError, InvalidValueError } from './errors.js'
import type { Step } from './step.js'

/** The calendar steps; buckets start at local midnight in the series' time zone. */
export const CALENDAR_STEPS = ['daily', 'weekly', 'monthly', 'yearly'] as const

/** A calendar step name. */
export type CalendarStepName = (typeof CALENDAR_STEPS)[number]

const DAY_MS = 86_400_000

const NOMINAL_MS: Record<CalendarStepName, number> = {
  daily: DAY_MS,
  weekly: 7 * DAY_MS,
  monthly: 28 * DAY_MS,
  yearly: 365 * DAY_MS,
}

/** An offset change this large means a whole local date was skipped or repeated. */
const SKIPPED_DATE_SHIFT = 20 * 3_600_000

/** Beyond this many cached UTC days the cache starts again, so memory stays bounded. */
const MAX_CACHED_DAYS = 50_000

/** Whether `value` names a calendar step. */
export function isCalendarStep(value: unknown): value is CalendarStepName {
  return typeof value === 'string' && (CALENDAR_STEPS as readonly string[]).includes(value)
}

/**
 * Checks that a time zone is a valid IANA name.
 * @returns the canonical name the zone library uses
 */
export function checkTimeZone(field: string, timeZone: unknown): string {
  if (typeof timeZone !== 'string' || timeZone === '') {
    throw new InvalidConfigError(field, timeZone, 'expected an IANA time zone name')
  }
  try {
    return Temporal.Now.zonedDateTimeISO(timeZone).timeZoneId
  } catch {
    throw new InvalidConfigError(field, timeZone, 'unknown time zone')
  }
}

/**
 * Calendar buckets (days, ISO weeks, months, years) in one time zone. The zone
 * math is Temporal's; bucket lookups are cached by UTC day because every write
 * asks for them and most writes land near each other.
 */
export class CalendarStep implements Step {
  readonly nominalMs: number
  private readonly floorCache = new Map<number, number[]>()
  private readonly nextCache = new Map<number, number>()

  constructor(
    readonly unit: CalendarStepName,
    readonly timeZone: string,
  ) {
    this.nominalMs = NOMINAL_MS[unit]
  }

  floor(t: number): number {
    try {
      return this.cachedFloor(t)
    } catch (error) {
      throw error instanceof RangeError ? outOfRange(t, error) : error
    }
  }

  add(start: number, n: number): number {
    try {
      return this.cachedAdd(start, n)
    } catch (error) {
      throw error instanceof RangeError ? outOfRange(start, error) : error
    }
  }

  private cachedFloor(t: number): number {
    const day = Math.floor(t / DAY_MS)
    const ranges = this.floorCache.get(day)
    if (ranges !== undefined) {
      for (let i = 0; i < ranges.length; i += 2) {
        if (t >= (ranges[i] as number) && t < (ranges[i + 1] as number)) return ranges[i] as number
      }
    }

    let start = this.computeFloor(t)
    let end = this.add(start, 1)
    // Where clocks go back over midnight, a local date recurs; the repeated hour belongs
    // to the bucket that had already begun, so every instant lies inside its own bucket.
    while (end <= t) {
      start = end
      end = this.add(start, 1)
    }
    this.remember(day, start, end)
    return start
  }

  private cachedAdd(start: number, n: number): number {
    if (n === 0) return start
    if (n === 1) {
      const cached = this.nextCache.get(start)
      if (cached !== undefined) return cached
    }

    const target = this.shiftDate(this.localDate(start), n)
    let result = this.startOf(target)
    // A zone that skipped a whole date (Pacific/Apia on 2011-12-30) shifts its UTC offset by
    // a day, or lands on a date that does not exist; date arithmetic would count the missing
    // date as a bucket, so step one bucket at a time there.
    const skipped = !this.localDate(result).equals(target)
    if (skipped || Math.abs(this.offsetOf(result) - this.offsetOf(start)) >= SKIPPED_DATE_SHIFT) {
      result = start
      for (let i = 0; i < Math.abs(n); i++) result = this.stepOnce(result, Math.sign(n))
    }

    if (n === 1) this.rememberNext(start, result)
    return result
  }

  /** The next or previous bucket start; going back, a date that does not exist is passed over. */
  private stepOnce(start: number, direction: number): number {
    const date = this.localDate(start)
    let k = direction
    let result = this.startOf(this.shiftDate(date, k))
    while (direction < 0 && result >= start) {
      k += direction
      result = this.startOf(this.shiftDate(date, k))
    }
    return result
  }

  private shiftDate(date: Temporal.PlainDate, n: number): Temporal.PlainDate {
    switch (this.unit) {
      case 'daily':
        return date.add({ days: n })
      case 'weekly':
        return date.add({ weeks: n })
      case 'monthly':
        return date.add({ months: n })
      case 'yearly':
        return date.add({ years: n })
    }
  }

  private offsetOf(t: number): number {
    return this.zoned(t).offsetNanoseconds / 1e6
  }

  private computeFloor(t: number): number {
    const date = this.localDate(t)
    switch (this.unit) {
      case 'daily':
        return this.startOf(date)
      case 'weekly':
        return this.startOf(date.subtract({ days: date.dayOfWeek - 1 }))
      case 'monthly':
        return this.startOf(date.with({ day: 1 }))
      case 'yearly':
        return this.startOf(date.with({ month: 1, day: 1 }))
    }
  }

  private localDate(t: number): Temporal.PlainDate {
    return this.zoned(t).toPlainDate()
  }

  private zoned(t: number): Temporal.ZonedDateTime {
    try {
      // Temporal takes whole milliseconds only. Every bucket starts on a whole millisecond,
      // so a fractional instant lies in the bucket of the millisecond it falls within.
      const whole = Math.floor(t)
      return Temporal.Instant.fromEpochMilliseconds(whole).toZonedDateTimeISO(this.timeZone)
    } catch (error) {
      throw outOfRange(t, error)
    }
  }

  /** The first instant of a local date (midnight, or later when midnight is skipped). */
  private startOf(date: Temporal.PlainDate): number {
    try {
      return date.toZonedDateTime({ timeZone: this.timeZone }).epochMilliseconds
    } catch (error) {
      throw outOfRange(date.toString(), error)
    }
  }

  private remember(day: number, start: number, end: number): void {
    if (this.floorCache.size >= MAX_CACHED_DAYS) this.floorCache.clear()
    const ranges = this.floorCache.get(day)
    if (ranges === undefined) this.floorCache.set(day, [start, end])
    else ranges.push(start, end)
  }

  private rememberNext(start: number, next: number): void {
    if (this.nextCache.size >= MAX_CACHED_DAYS) this.nextCache.clear()
    this.nextCache.set(start, next)
  }
}

/** Temporal's range ends a little inside ±8.64e15 ms; a bucket there has no calendar date. */
function outOfRange(value: unknown, cause: unknown): InvalidValueError {
  const error = new InvalidValueError(
    'timestamp',
    value,
    'its calendar bucket lies outside the supported date range',
  )
  ;(error as { cause?: unknown }).cause = cause
  return error
}
