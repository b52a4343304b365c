import { describe, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import { expectKairosError } from '../kit/expect-kairos-error.js'
import { HOUR } from '../kit/time.js'

const intervals = { minute: { step: '1m' } }

/** Read options that are out of range, with the field each error must name. */
const badOptions: [string, Record<string, unknown>, string, string][] = [
  ['start after end', { start: 2 * HOUR, end: HOUR }, 'INVALID_ARGUMENT', 'start'],
  ['negative steps', { start: HOUR, steps: -2 }, 'INVALID_ARGUMENT', 'steps'],
  ['zero steps', { end: HOUR, steps: 0 }, 'INVALID_ARGUMENT', 'steps'],
  ['fractional steps', { steps: 1.5 }, 'INVALID_ARGUMENT', 'steps'],
  ['an unknown transform', { transform: 'avg' }, 'INVALID_ARGUMENT', 'transform'],
  [
    'an unknown transform in an array',
    { transform: ['count', 'avg'] },
    'INVALID_ARGUMENT',
    'transform',
  ],
  [
    'an unknown transform in a record',
    { transform: { n: 'count', a: 'avg' } },
    'INVALID_ARGUMENT',
    'transform',
  ],
  ['a zero percentile', { transform: { percentile: 0 } }, 'INVALID_ARGUMENT', 'percentile'],
  ['a percentile above 1', { transform: { percentile: 1.5 } }, 'INVALID_ARGUMENT', 'percentile'],
  ['a transform that is a number', { transform: 42 }, 'INVALID_ARGUMENT', 'transform'],
  ['a bad start', { start: 'yesterday', steps: 2 }, '*', 'start'],
]

/** Bad reads: unknown intervals and out-of-range options fail with stable codes. */
export function badReadTests(setup: ConformanceOptions): void {
  describe('bad reads', () => {
    const kit = useBackend(setup)

    it('an unknown interval is UNKNOWN_INTERVAL on every read', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      await ts.insert('c', 1, { timestamp: kit.anchor })

      await expectKairosError(() => ts.get('c', 'fortnight'), 'UNKNOWN_INTERVAL', 'fortnight')
      await expectKairosError(() => ts.series('c', 'fortnight'), 'UNKNOWN_INTERVAL', 'fortnight')
      await expectKairosError(() => ts.get(['c'], 'hour'), 'UNKNOWN_INTERVAL', 'hour')
      await expectKairosError(async () => {
        for await (const _ of ts.iterate('c', 'fortnight')) break
      }, 'UNKNOWN_INTERVAL')
    })

    it.each(badOptions)('series with %s fails', async (_, options, code, field) => {
      const { ts } = kit.open({ type: 'series', intervals })
      await ts.insert('s', 1, { timestamp: HOUR + 1 })
      await expectKairosError(() => ts.series('s', 'minute', options), code, field)
    })

    it('get with a bad timestamp or transform fails', async () => {
      const { ts } = kit.open({ type: 'series', intervals })
      await ts.insert('s', 1, { timestamp: kit.anchor })

      await expectKairosError(() => ts.get('s', 'minute', { timestamp: 'noon' }), '*', 'timestamp')
      const transform = 'avg'
      await expectKairosError(
        () => ts.get('s', 'minute', { timestamp: kit.anchor, transform }),
        'INVALID_ARGUMENT',
        'transform',
      )
    })
  })
}
