import { Temporal } from 'temporal-polyfill'
import { InvalidConfigError } from './errors.js'
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
  readonly label: string
  readonly nominalMs: number
  private readonly floorCache = new Map<number, number[]>()
  private readonly nextCache = new Map<number, number>()

  constructor(
    readonly unit: CalendarStepName,
    readonly timeZone: string,
  ) {
    this.label = `${unit}@${timeZone}`
    this.nominalMs = NOMINAL_MS[unit]
  }

  floor(t: number): number {
    const day = Math.floor(t / DAY_MS)
    const ranges = this.floorCache.get(day)
    if (ranges !== undefined) {
      for (let i = 0; i < ranges.length; i += 2) {
        if (t >= (ranges[i] as number) && t < (ranges[i + 1] as number)) return ranges[i] as number
      }
    }

    const start = this.computeFloor(t)
    this.remember(day, start, this.add(start, 1))
    return start
  }

  add(start: number, n: number): number {
    if (n === 0) return start
    if (n === 1) {
      const cached = this.nextCache.get(start)
      if (cached !== undefined) return cached
    }

    const date = this.localDate(start)
    const moved =
      this.unit === 'daily'
        ? date.add({ days: n })
        : this.unit === 'weekly'
          ? date.add({ weeks: n })
          : this.unit === 'monthly'
            ? date.add({ months: n })
            : date.add({ years: n })
    const result = this.startOf(moved)

    if (n === 1) this.rememberNext(start, result)
    return result
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
    return Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(this.timeZone).toPlainDate()
  }

  /** The first instant of a local date (midnight, or later when midnight is skipped). */
  private startOf(date: Temporal.PlainDate): number {
    return date.toZonedDateTime({ timeZone: this.timeZone }).epochMilliseconds
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
