import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import { expectKairosError } from '../kit/expect-kairos-error.js'
import type { LooseTimeseries } from '../kit/loose-timeseries.js'

const intervals = { minute: { step: '1m' }, hour: { step: '1h', resolution: '1m' } }

/** A type, codec and value that the codec cannot store faithfully. */
const badValues: [string, string | undefined, unknown][] = [
  ['series', undefined, Number.NaN],
  ['series', undefined, Number.POSITIVE_INFINITY],
  ['histogram', undefined, Number.NEGATIVE_INFINITY],
  ['gauge', undefined, 'abc'],
  ['set', undefined, '12'],
  ['series', undefined, undefined],
  ['series', undefined, null],
  ['series', undefined, [1, Number.NaN, 2]],
  ['count', undefined, Number.NaN],
  ['count', undefined, 'abc'],
  ['series', 'json', undefined],
  ['gauge', 'json', () => 1],
  ['series', 'json', 10n],
  ['series', 'json', [1, undefined]],
]

const badTimestamps: unknown[] = [
  'yesterday',
  Number.NaN,
  Number.POSITIVE_INFINITY,
  new Date('nope'),
  {},
]

/** After a rejected write: no name listed and an empty read. */
async function expectNothingWritten(ts: LooseTimeseries, t: number): Promise<void> {
  expect(await ts.list()).toEqual([])
  const read = await ts.get('v', 'minute', { timestamp: t })
  expect([...read.keys()]).toEqual([t])
}

/** Bad writes: rejected with a library error before anything is written. */
export function badWriteTests(setup: ConformanceOptions): void {
  describe('bad writes', () => {
    const kit = useBackend(setup)

    it.each(badValues)('%s (%s) rejects %s as INVALID_VALUE', async (type, values, value) => {
      const { ts } = kit.open({ type, intervals, ...(values === undefined ? {} : { values }) })
      await expectKairosError(
        () => ts.insert('v', value, { timestamp: kit.anchor }),
        'INVALID_VALUE',
        'value',
      )
      await expectNothingWritten(ts, kit.anchor)
    })

    it.each(badTimestamps)('a timestamp of %s is rejected', async (timestamp) => {
      const { ts } = kit.open({ type: 'count', intervals })
      await expectKairosError(() => ts.insert('v', 1, { timestamp }), '*', 'timestamp')
      await expectNothingWritten(ts, kit.anchor)
    })

    it.each(['', 42, null])('a name of %j is rejected', async (name) => {
      const { ts } = kit.open({ type: 'count', intervals })
      await expectKairosError(() => ts.insert(name, 1, { timestamp: kit.anchor }), '*', 'name')
      expect(await ts.list()).toEqual([])
    })

    const badPoints: [string, Record<string, unknown>, string, string][] = [
      ['a NaN value', { name: 'v', value: Number.NaN }, 'INVALID_VALUE', 'value'],
      ['a string value', { name: 'v', value: 'abc' }, 'INVALID_VALUE', 'value'],
      ['a bad timestamp', { name: 'v', value: 1, timestamp: 'soon' }, '*', 'timestamp'],
      ['an empty name', { name: '', value: 1 }, '*', 'name'],
    ]
    it.each(badPoints)(
      'bulkInsert with %s in the middle writes nothing',
      async (_, bad, code, field) => {
        const { ts } = kit.open({ type: 'series', intervals })
        const t = kit.anchor
        const points = [
          { name: 'v', value: 1, timestamp: t },
          { name: 'w', value: 2, timestamp: t },
          { timestamp: t, ...bad },
          { name: 'v', value: 3, timestamp: t },
        ]

        await expectKairosError(() => ts.bulkInsert(points), code, field)
        await expectNothingWritten(ts, t)
        expect((await ts.get('v', 'minute', { timestamp: t })).get(t)).toEqual([])
      },
    )

    it('bulkInsert rejects a point that is not an object', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      const points = [{ name: 'v', value: 1, timestamp: kit.anchor }, null]
      await expectKairosError(() => ts.bulkInsert(points), '*')
      await expectNothingWritten(ts, kit.anchor)
    })
  })
}
