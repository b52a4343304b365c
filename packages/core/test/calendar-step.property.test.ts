import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CalendarStep, type CalendarStepName } from '../src/calendar-step.js'
import {
  type CivilDate,
  civilDate,
  dayNumber,
  dayStart,
  localDate,
  startOfLocalDay,
  startOfLocalMonth,
  startOfLocalWeek,
  startOfLocalYear,
} from './support/zone-oracle.js'

const HOUR = 3_600_000
const DAY = 86_400_000

const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Europe/Paris',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/Sao_Paulo',
  'Pacific/Apia',
  'America/St_Johns',
] as const

const UNITS: readonly CalendarStepName[] = ['daily', 'weekly', 'monthly', 'yearly']

/** Roughly 1875 to 2096: old local mean times, wartime rules, today's DST. */
const anyInstant = fc.bigInt({ min: -3_000_000_000_000n, max: 4_000_000_000_000n }).map(Number)

/** Instants within three hours of a local midnight, where off-by-one mistakes live. */
function nearMidnight(zone: string): fc.Arbitrary<number> {
  return fc
    .tuple(anyInstant, fc.integer({ min: -3 * HOUR, max: 3 * HOUR }))
    .map(([t, delta]) => startOfLocalDay(t, zone) + delta)
}

function instantIn(zone: string): fc.Arbitrary<number> {
  return fc.oneof(anyInstant, nearMidnight(zone))
}

const ORACLE_FLOOR: Record<CalendarStepName, (t: number, zone: string) => number> = {
  daily: startOfLocalDay,
  weekly: startOfLocalWeek,
  monthly: startOfLocalMonth,
  yearly: startOfLocalYear,
}

/** The local date `n` buckets after the bucket that starts on `date`. */
function shiftedDate(unit: CalendarStepName, date: CivilDate, n: number): CivilDate {
  switch (unit) {
    case 'daily':
      return civilDate(dayNumber(date) + n)
    case 'weekly':
      return civilDate(dayNumber(date) + 7 * n)
    case 'monthly': {
      const months = date.year * 12 + (date.month - 1) + n
      return { year: Math.floor(months / 12), month: (((months % 12) + 12) % 12) + 1, day: 1 }
    }
    case 'yearly':
      return { year: date.year + n, month: 1, day: 1 }
  }
}

describe.each(ZONES)('calendar buckets in %s', (zone) => {
  const steps = Object.fromEntries(UNITS.map((unit) => [unit, new CalendarStep(unit, zone)]))
  const stepOf = (unit: CalendarStepName) => steps[unit] as CalendarStep

  it.each(UNITS)('%s floor is the first instant of the bucket the oracle names', (unit) => {
    fc.assert(
      fc.property(instantIn(zone), (t) => {
        expect(stepOf(unit).floor(t)).toBe(ORACLE_FLOOR[unit](t, zone))
      }),
    )
  })

  it.each(UNITS)('%s floor(t) <= t < add(floor(t), 1)', (unit) => {
    fc.assert(
      fc.property(instantIn(zone), (t) => {
        const step = stepOf(unit)
        const start = step.floor(t)
        expect(start).toBeLessThanOrEqual(t)
        expect(step.add(start, 1)).toBeGreaterThan(t)
      }),
    )
  })

  it.each(UNITS)('%s buckets partition time: the last instant of a bucket floors to it', (unit) => {
    fc.assert(
      fc.property(instantIn(zone), (t) => {
        const step = stepOf(unit)
        const start = step.floor(t)
        const next = step.add(start, 1)
        expect(step.floor(start)).toBe(start)
        expect(step.floor(next - 1)).toBe(start)
        expect(step.floor(next)).toBe(next)
      }),
    )
  })

  it.each(UNITS)('%s add(b, n) is the start of the n-th bucket the oracle names', (unit) => {
    fc.assert(
      fc.property(instantIn(zone), fc.integer({ min: -40, max: 40 }), (t, n) => {
        const step = stepOf(unit)
        const start = step.floor(t)
        const expected = dayStart(shiftedDate(unit, localDate(start, zone), n), zone)
        expect(step.add(start, n)).toBe(expected)
      }),
    )
  })

  it.each(UNITS)('%s add(add(b, n), -n) returns b', (unit) => {
    fc.assert(
      fc.property(instantIn(zone), fc.integer({ min: -40, max: 40 }), (t, n) => {
        const step = stepOf(unit)
        const start = step.floor(t)
        expect(step.add(step.add(start, n), -n)).toBe(start)
      }),
    )
  })

  it('answers from a warm cache agree with the oracle for nearby instants', () => {
    const daily = new CalendarStep('daily', zone)
    fc.assert(
      fc.property(
        instantIn(zone),
        fc.array(fc.integer({ min: -3 * DAY, max: 3 * DAY }), { minLength: 5, maxLength: 20 }),
        (t, offsets) => {
          for (const offset of offsets) {
            expect(daily.floor(t + offset)).toBe(startOfLocalDay(t + offset, zone))
          }
        },
      ),
    )
  })
})

/** Days whose length is not 24 hours, with their local start written out by hand. */
const UNEVEN_DAYS = [
  { zone: 'America/New_York', start: '2024-03-10T00:00:00-05:00', hours: 23 },
  { zone: 'America/New_York', start: '2024-11-03T00:00:00-04:00', hours: 25 },
  { zone: 'Europe/London', start: '2024-03-31T00:00:00Z', hours: 23 },
  { zone: 'Europe/London', start: '2024-10-27T00:00:00+01:00', hours: 25 },
  { zone: 'Europe/Paris', start: '2024-03-31T00:00:00+01:00', hours: 23 },
  { zone: 'Europe/Paris', start: '2024-10-27T00:00:00+02:00', hours: 25 },
  { zone: 'Australia/Lord_Howe', start: '2024-04-07T00:00:00+11:00', hours: 24.5 },
  { zone: 'Australia/Lord_Howe', start: '2024-10-06T00:00:00+10:30', hours: 23.5 },
  // Brazil moved its clocks at midnight: the day starts at 01:00 when midnight is skipped.
  { zone: 'America/Sao_Paulo', start: '2018-11-04T01:00:00-02:00', hours: 23 },
  { zone: 'America/Sao_Paulo', start: '2019-02-16T00:00:00-02:00', hours: 25 },
  { zone: 'Pacific/Apia', start: '2020-09-27T00:00:00+13:00', hours: 23 },
  { zone: 'Pacific/Apia', start: '2021-04-04T00:00:00+14:00', hours: 25 },
  { zone: 'America/St_Johns', start: '2024-03-10T00:00:00-03:30', hours: 23 },
  { zone: 'America/St_Johns', start: '2024-11-03T00:00:00-02:30', hours: 25 },
] as const

describe('days of 23, 25 and other odd numbers of hours', () => {
  it.each(UNEVEN_DAYS)('$zone $start is one bucket of $hours hours', ({ zone, start, hours }) => {
    const daily = new CalendarStep('daily', zone)
    const begin = Date.parse(start)
    const length = hours * HOUR

    expect(startOfLocalDay(begin, zone)).toBe(begin)
    expect(daily.floor(begin)).toBe(begin)
    expect(daily.add(begin, 1) - begin).toBe(length)
    for (let t = begin; t < begin + length; t += 15 * 60_000) expect(daily.floor(t)).toBe(begin)
    expect(daily.floor(begin + length - 1)).toBe(begin)
    expect(daily.floor(begin - 1)).toBeLessThan(begin)
    expect(daily.floor(begin + length)).toBe(begin + length)
  })

  it('a week and a month holding a DST change are one bucket each', () => {
    const zone = 'America/New_York'
    const weekly = new CalendarStep('weekly', zone)
    const monthly = new CalendarStep('monthly', zone)
    const monday = Date.parse('2024-03-04T00:00:00-05:00')
    const march = Date.parse('2024-03-01T00:00:00-05:00')

    expect(weekly.floor(Date.parse('2024-03-10T12:00:00-04:00'))).toBe(monday)
    expect(weekly.add(monday, 1) - monday).toBe(167 * HOUR)
    expect(monthly.floor(Date.parse('2024-03-31T23:59:59-04:00'))).toBe(march)
    expect(monthly.add(march, 1) - march).toBe((31 * 24 - 1) * HOUR)
  })
})

describe('zone history that trips calendar libraries', () => {
  it('Lord Howe skipped midnight on 1981-03-01: the day and the month start at 00:30', () => {
    const zone = 'Australia/Lord_Howe'
    const start = Date.parse('1981-03-01T00:30:00+10:30')
    const noon = Date.parse('1981-03-01T12:00:00+10:30')

    expect(startOfLocalDay(noon, zone)).toBe(start)
    expect(new CalendarStep('daily', zone).floor(noon)).toBe(start)
    expect(new CalendarStep('monthly', zone).floor(noon)).toBe(start)
  })

  it('Samoa skipped 2011-12-30: the bucket before Dec 31 is Dec 29, both ways', () => {
    const daily = new CalendarStep('daily', 'Pacific/Apia')
    const dec29 = Date.parse('2011-12-29T00:00:00-10:00')
    const dec31 = Date.parse('2011-12-31T00:00:00+14:00')

    expect(daily.floor(Date.parse('2011-12-31T12:00:00+14:00'))).toBe(dec31)
    expect(daily.add(dec29, 1)).toBe(dec31)
    expect(daily.add(dec31, -1)).toBe(dec29)
    expect(daily.add(daily.add(dec29, 1), -1)).toBe(dec29)
  })

  // From 1987 to 2010 St. John's fell back at 00:01, so local midnight happened twice and
  // the previous date came back for an hour. Whichever bucket that hour joins, every
  // instant must lie inside the bucket that floor() gives it.
  it.each([
    '1987-10-25T00:00:30-02:30',
    '1987-10-24T23:01:00-03:30',
    '1987-10-24T23:30:00-03:30',
    '1987-10-24T23:59:59-03:30',
    '1987-10-25T00:00:00-03:30',
    '1988-10-29T22:30:00-03:30',
    '2010-11-06T23:30:00-03:30',
  ])('St. John’s repeated midnight: %s lies in its own bucket', (iso) => {
    const daily = new CalendarStep('daily', 'America/St_Johns')
    const t = Date.parse(iso)
    const start = daily.floor(t)

    expect(start).toBeLessThanOrEqual(t)
    expect(daily.add(start, 1)).toBeGreaterThan(t)
  })

  it('a fractional millisecond lies in the bucket of the millisecond it falls within', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom<CalendarStepName>('daily', 'weekly', 'monthly', 'yearly'),
        fc.integer({ min: -4e12, max: 4e12 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (zone, unit, whole, fraction) => {
          const t = whole + fraction
          const cold = new CalendarStep(unit, zone)
          expect(cold.floor(t)).toBe(new CalendarStep(unit, zone).floor(Math.floor(t)))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('timestamps before 1970 floor to the local midnight before them', () => {
    const zone = 'America/New_York'
    const t = Date.parse('1969-07-20T20:17:40-04:00')
    expect(new CalendarStep('daily', zone).floor(t)).toBe(Date.parse('1969-07-20T00:00:00-04:00'))
    expect(new CalendarStep('yearly', 'UTC').floor(-1)).toBe(Date.parse('1969-01-01T00:00:00Z'))
  })
})
