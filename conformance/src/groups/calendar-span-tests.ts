import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import { expectMatch } from '../kit/compare.js'
import { DAY, HOUR, MINUTE } from '../kit/time.js'

const utc = Date.UTC

/** ISO weeks, calendar months and years, and fixed buckets before 1970. */
export function calendarSpanTests(setup: ConformanceOptions): void {
  describe('weeks, months, years and times before 1970', () => {
    const kit = useBackend(setup)

    it('ISO weeks start on Monday and run across a year end', async () => {
      const { ts } = kit.open({ type: 'count', intervals: { week: { step: 'weekly' } } })
      const monday = utc(2026, 11, 28)
      for (const t of [monday, utc(2026, 11, 31, 12), utc(2027, 0, 1), utc(2027, 0, 4) - 1]) {
        await ts.insert('w', 1, { timestamp: t })
      }
      await ts.insert('w', 10, { timestamp: utc(2027, 0, 4) })
      await ts.insert('w', 100, { timestamp: monday - 1 })

      const read = await ts.series('w', 'week', { start: monday - 1, end: utc(2027, 0, 4) })
      expect([...read]).toEqual([
        [monday - 7 * DAY, 100],
        [monday, 4],
        [utc(2027, 0, 4), 10],
      ])
      const rate = await ts.get('w', 'week', { timestamp: utc(2027, 0, 2), transform: 'rate' })
      expectMatch([...rate], [[monday, 4 / (7 * 86_400)]])
    })

    it('months are calendar months, through a leap February', async () => {
      const { ts } = kit.open({ type: 'count', intervals: { month: { step: 'monthly' } } })
      await ts.insert('m', 1, { timestamp: utc(2024, 0, 31, 12) })
      await ts.insert('m', 1, { timestamp: utc(2024, 2, 1) - 1 })
      await ts.insert('m', 1, { timestamp: utc(2024, 2, 1) })
      await ts.insert('m', 1, { timestamp: utc(2024, 2, 31, 23) })
      const months = [utc(2024, 0, 1), utc(2024, 1, 1), utc(2024, 2, 1)]

      const forwards = await ts.series('m', 'month', { start: utc(2024, 0, 31), steps: 3 })
      expect([...forwards]).toEqual([
        [months[0], 1],
        [months[1], 1],
        [months[2], 2],
      ])
      const backwards = await ts.series('m', 'month', { end: utc(2024, 2, 31), steps: 3 })
      expect([...backwards]).toEqual([...forwards])
      const rate = await ts.get('m', 'month', { timestamp: utc(2024, 1, 29), transform: 'rate' })
      expectMatch([...rate], [[months[1], 1 / (29 * 86_400)]])
    })

    it('a month and a year last as long as the calendar says', async () => {
      const intervals = { month: { step: 'monthly' }, year: { step: 'yearly' } }
      const { ts } = kit.open({ type: 'count', intervals })
      await ts.insert('c', 1, { timestamp: utc(2025, 1, 10) })
      await ts.insert('c', 1, { timestamp: utc(2024, 6, 1) })

      const feb = await ts.get('c', 'month', { timestamp: utc(2025, 1, 1), transform: 'rate' })
      expectMatch([...feb], [[utc(2025, 1, 1), 1 / (28 * 86_400)]])
      const leapYear = await ts.get('c', 'year', { timestamp: utc(2024, 6, 1), transform: 'rate' })
      expectMatch([...leapYear], [[utc(2024, 0, 1), 1 / (366 * 86_400)]])
    })

    it('fixed buckets floor times before 1970 downwards', async () => {
      const intervals = { minute: { step: '1m' }, hour: { step: '1h', resolution: '1m' } }
      const { ts } = kit.open({ type: 'count', intervals })
      await ts.insert('c', 1, { timestamp: -1 })
      await ts.insert('c', 10, { timestamp: -MINUTE })
      await ts.insert('c', 100, { timestamp: -MINUTE - 1 })
      await ts.insert('c', 1000, { timestamp: 0 })

      const read = await ts.series('c', 'minute', { start: -2 * MINUTE, end: 0 })
      expect([...read]).toEqual([
        [-2 * MINUTE, 100],
        [-MINUTE, 11],
        [0, 1000],
      ])
      const subs = await ts.get('c', 'hour', { timestamp: -1 })
      expect([...subs]).toEqual([
        [-2 * MINUTE, 100],
        [-MINUTE, 11],
      ])
      expect([...(await ts.get('c', 'hour', { timestamp: -HOUR }))]).toEqual([
        [-2 * MINUTE, 100],
        [-MINUTE, 11],
      ])
    })

    it('calendar buckets before 1970 start at the right midnight', async () => {
      const intervals = {
        day: { step: 'daily' },
        week: { step: 'weekly' },
        month: { step: 'monthly' },
      }
      const { ts } = kit.open({ type: 'count', intervals })
      await ts.insert('c', 1, { timestamp: -1 })
      await ts.insert('c', 1, { timestamp: utc(1969, 1, 15, 6) })

      expect([...(await ts.get('c', 'day', { timestamp: -1 }))]).toEqual([[-DAY, 1]])
      // 1970-01-01 was a Thursday: its ISO week began on Monday 1969-12-29.
      expect([...(await ts.get('c', 'week', { timestamp: 0 }))]).toEqual([[utc(1969, 11, 29), 1]])
      const feb = await ts.get('c', 'month', { timestamp: utc(1969, 1, 28) })
      expect([...feb]).toEqual([[utc(1969, 1, 1), 1]])
    })
  })
}
