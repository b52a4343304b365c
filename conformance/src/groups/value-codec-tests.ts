import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import { expectKairosError } from '../kit/expect-kairos-error.js'
import { SECOND } from '../kit/time.js'

const intervals = { minute: { step: '1m' } }

const numbers = [0.1, -2.5, 1e-7, 123456789.125, 2 ** 53 - 1, -(2 ** 40), 1e21]
const strings = [
  '',
  ' ',
  'a:b',
  'a.b',
  '$inc',
  '💡',
  'ä',
  'line\r\nbreak',
  'null',
  '1',
  '1.0',
  '*?[]{}',
]
const jsons = [
  { a: 1, b: [1, 2] },
  [1, 'x', null],
  'text',
  3.5,
  true,
  false,
  null,
  { nested: { deep: [{}] } },
]

/** Value codecs: numbers by default, `'string'`, `'json'`, and `writeFn` / `readFn`. */
export function valueCodecTests(setup: ConformanceOptions): void {
  describe('value codecs', () => {
    const kit = useBackend(setup)

    it('numbers round-trip exactly through a series and a histogram', async () => {
      const series = kit.open({ type: 'series', intervals }).ts
      const histogram = kit.open({ type: 'histogram', intervals }).ts
      const t = kit.anchor
      await series.insert('n', numbers, { timestamp: t })
      await histogram.insert('n', [...numbers, 0.1], { timestamp: t })

      expect((await series.get('n', 'minute', { timestamp: t })).get(t)).toEqual(numbers)
      const counts = (await histogram.get('n', 'minute', { timestamp: t })).get(t) as Map<
        number,
        number
      >
      expect(new Set(counts.keys())).toEqual(new Set(numbers))
      expect(counts.get(0.1)).toBe(2)
    })

    it("'string' values round-trip exactly, lookalikes stay distinct", async () => {
      const config = { values: 'string', intervals }
      const series = kit.open({ type: 'series', ...config }).ts
      const histogram = kit.open({ type: 'histogram', ...config }).ts
      const set = kit.open({ type: 'set', ...config }).ts
      const t = kit.anchor
      for (const ts of [series, histogram, set]) await ts.insert('s', strings, { timestamp: t })
      await histogram.insert('s', 'a.b', { timestamp: t })

      expect((await series.get('s', 'minute', { timestamp: t })).get(t)).toEqual(strings)
      const counts = (await histogram.get('s', 'minute', { timestamp: t })).get(t) as Map<
        string,
        number
      >
      expect(counts).toEqual(new Map(strings.map((s) => [s, s === 'a.b' ? 2 : 1])))
      expect((await set.get('s', 'minute', { timestamp: t })).get(t)).toEqual(new Set(strings))
    })

    it("'string' gauges keep the last string", async () => {
      const { ts } = kit.open({ type: 'gauge', values: 'string', intervals })
      await ts.insert('g', 'first', { timestamp: kit.anchor })
      await ts.insert('g', '2', { timestamp: kit.anchor + SECOND })
      expect((await ts.get('g', 'minute', { timestamp: kit.anchor })).get(kit.anchor)).toBe('2')
    })

    it("'json' values round-trip through every type that keeps values", async () => {
      const config = { values: 'json', intervals }
      const series = kit.open({ type: 'series', ...config }).ts
      const gauge = kit.open({ type: 'gauge', ...config }).ts
      const set = kit.open({ type: 'set', ...config }).ts
      const t = kit.anchor
      await series.insert('j', jsons, { timestamp: t })
      await gauge.insert('j', jsons[0], { timestamp: t })
      await set.insert('j', [{ a: 1 }, { a: 1 }, [1]], { timestamp: t })

      expect((await series.get('j', 'minute', { timestamp: t })).get(t)).toEqual(jsons)
      expect((await gauge.get('j', 'minute', { timestamp: t })).get(t)).toEqual(jsons[0])
      expect((await set.get('j', 'minute', { timestamp: t })).get(t)).toEqual(
        new Set([{ a: 1 }, [1]]),
      )
    })

    it("'json' histograms count equal values together", async () => {
      const { ts } = kit.open({ type: 'histogram', values: 'json', intervals })
      const t = kit.anchor
      await ts.insert('j', ['x', 'x', { k: 1 }, { k: 1 }, { k: 1 }, 7], { timestamp: t })

      const counts = (await ts.get('j', 'minute', { timestamp: t })).get(t)
      expect(counts).toEqual(
        new Map<unknown, number>([
          ['x', 2],
          [{ k: 1 }, 3],
          [7, 1],
        ]),
      )
    })

    it('writeFn runs before storing and readFn after reading', async () => {
      const config = {
        values: 'string',
        intervals,
        writeFn: (value: unknown) => String(value).toLowerCase(),
        readFn: (value: unknown) => `<${String(value)}>`,
      }
      const histogram = kit.open({ type: 'histogram', ...config }).ts
      const series = kit.open({ type: 'series', ...config }).ts
      const t = kit.anchor
      for (const ts of [histogram, series]) await ts.insert('f', ['A', 'a', 'B'], { timestamp: t })

      const counts = (await histogram.get('f', 'minute', { timestamp: t })).get(t)
      expect(counts).toEqual(
        new Map([
          ['<a>', 2],
          ['<b>', 1],
        ]),
      )
      expect((await series.get('f', 'minute', { timestamp: t })).get(t)).toEqual([
        '<a>',
        '<a>',
        '<b>',
      ])
    })

    it('writeFn and readFn can map numbers', async () => {
      const config = {
        type: 'series',
        intervals,
        writeFn: (value: unknown) => Math.round((value as number) * 100),
        readFn: (value: unknown) => (value as number) / 100,
      }
      const { ts } = kit.open(config)
      await ts.insert('cents', [1.5, 0.25], { timestamp: kit.anchor })
      expect((await ts.get('cents', 'minute', { timestamp: kit.anchor })).get(kit.anchor)).toEqual([
        1.5, 0.25,
      ])
    })

    it('a writeFn result the codec cannot store is rejected and nothing is written', async () => {
      const { ts } = kit.open({ type: 'series', intervals, writeFn: () => Number.NaN })
      await expectKairosError(() => ts.insert('bad', 1, { timestamp: kit.anchor }), 'INVALID_VALUE')
      expect(await ts.list()).toEqual([])
    })
  })
}
