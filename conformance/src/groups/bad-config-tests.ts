import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import { expectKairosError } from '../kit/expect-kairos-error.js'
import { construct } from '../kit/loose-timeseries.js'
import { SECOND } from '../kit/time.js'

const minute = { minute: { step: '1m' } }

/** A configuration with one field broken, and the field its error must name. */
const broken: [string, Record<string, unknown>, string][] = [
  ['an unknown type', { type: 'bogus', intervals: minute }, 'type'],
  ['no intervals', { type: 'count' }, 'intervals'],
  ['empty intervals', { type: 'count', intervals: {} }, 'intervals'],
  ['an empty interval name', { type: 'count', intervals: { '': { step: '1m' } } }, 'intervals'],
  [
    'a control character in an interval name',
    { type: 'count', intervals: { 'a\nb': { step: '1m' } } },
    'intervals',
  ],
  ['a missing step', { type: 'count', intervals: { minute: {} } }, 'step'],
  ['an unknown unit', { type: 'count', intervals: { minute: { step: '5x' } } }, 'step'],
  [
    'an unknown calendar step',
    { type: 'count', intervals: { minute: { step: 'fortnightly' } } },
    'step',
  ],
  ['a fractional amount', { type: 'count', intervals: { minute: { step: '1.5h' } } }, 'step'],
  ['a zero step', { type: 'count', intervals: { minute: { step: 0 } } }, 'step'],
  ['a zero step string', { type: 'count', intervals: { minute: { step: '0m' } } }, 'step'],
  ['a negative step', { type: 'count', intervals: { minute: { step: -60_000 } } }, 'step'],
  ['a NaN step', { type: 'count', intervals: { minute: { step: Number.NaN } } }, 'step'],
  ['zero steps', { type: 'count', intervals: { minute: { step: '1m', steps: 0 } } }, 'steps'],
  ['negative steps', { type: 'count', intervals: { minute: { step: '1m', steps: -3 } } }, 'steps'],
  [
    'fractional steps',
    { type: 'count', intervals: { minute: { step: '1m', steps: 1.5 } } },
    'steps',
  ],
  [
    'steps as a string',
    { type: 'count', intervals: { minute: { step: '1m', steps: '5' } } },
    'steps',
  ],
  [
    'a resolution longer than the step',
    { type: 'count', intervals: { minute: { step: '1m', resolution: '1h' } } },
    'resolution',
  ],
  [
    'a resolution that does not divide the step',
    { type: 'count', intervals: { hour: { step: '1h', resolution: '7m' } } },
    'resolution',
  ],
  [
    'a calendar resolution longer than a fixed step',
    { type: 'count', intervals: { hour: { step: '1h', resolution: 'daily' } } },
    'resolution',
  ],
  [
    'a calendar resolution longer than a calendar step',
    { type: 'count', intervals: { day: { step: 'daily', resolution: 'monthly' } } },
    'resolution',
  ],
  [
    'an unknown resolution',
    { type: 'count', intervals: { hour: { step: '1h', resolution: 'x' } } },
    'resolution',
  ],
  [
    'an unknown time zone',
    { type: 'count', timezone: 'Mars/Olympus', intervals: minute },
    'timezone',
  ],
  ['an unknown value codec', { type: 'series', values: 'xml', intervals: minute }, 'values'],
]

/** Configurations that the contract accepts: every unit, numbers and calendar steps. */
const accepted: Record<string, unknown>[] = [
  {
    type: 'count',
    intervals: {
      a: { step: '500ms' },
      b: { step: '30s', steps: 1 },
      c: { step: '5m', resolution: '1m' },
      d: { step: '2h', resolution: '2h' },
      e: { step: '1d', resolution: '1h' },
      f: { step: '1w' },
      g: { step: '1y', steps: 3 },
      h: { step: 90_000, resolution: 30_000 },
      'any name: with * and ünïcode': { step: '1m' },
    },
  },
  {
    type: 'histogram',
    timezone: 'Asia/Kolkata',
    intervals: {
      day: { step: 'daily', resolution: '1h' },
      week: { step: 'weekly', resolution: 'daily' },
      month: { step: 'monthly', resolution: 'daily' },
      year: { step: 'yearly', resolution: 'monthly', steps: 2 },
    },
  },
]

/** Configuration errors: thrown when the timeseries is built, naming the field. */
export function badConfigTests(setup: ConformanceOptions): void {
  describe('bad configuration', () => {
    const kit = useBackend(setup)

    it.each(broken)('%s is an INVALID_CONFIG naming %s', async (_, config, field) => {
      const prefix = kit.newPrefix()
      await expectKairosError(
        () => construct(kit.backend, { ...config, prefix }),
        'INVALID_CONFIG',
        field,
      )
    })

    it.each(accepted)('a valid configuration builds and works (%#)', async (config) => {
      const { ts } = kit.open(config)
      await ts.insert('ok', 1, { timestamp: kit.anchor + SECOND })
      for (const interval of Object.keys(config.intervals as object)) {
        const read = await ts.get('ok', interval, {
          timestamp: kit.anchor + SECOND,
          condense: true,
        })
        expect(read.size, interval).toBe(1)
      }
    })
  })
}
