import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KairosError } from '../src/index.js'
import { compileTransform } from '../src/transforms.js'
import type { TypeName } from '../src/types/index.js'

const MINUTE = 60_000

/** Applies a transform spec to one bucket of `type` lasting `durationMs`. */
function apply(spec: unknown, data: unknown, type: TypeName, durationMs = MINUTE): unknown {
  return compileTransform(spec)(data, durationMs, type)
}

function expectInvalidArgument(run: () => unknown): KairosError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(KairosError)
    expect((error as KairosError).code).toBe('INVALID_ARGUMENT')
    return error as KairosError
  }
  throw new Error('expected an INVALID_ARGUMENT error, but nothing was thrown')
}

/** The same multiset, {1, 1, 1, 10}, as each type that holds several values holds it. */
const WEIGHTED = {
  series: [1, 10, 1, 1],
  histogram: new Map([
    [10, 1],
    [1, 3],
  ]),
}

describe('each transform on each type', () => {
  const stddevOfWeighted = Math.sqrt((3 * 2.25 ** 2 + 6.75 ** 2) / 4)

  it.each(Object.entries(WEIGHTED))('%s: statistics of {1, 1, 1, 10}', (type, data) => {
    const t = type as TypeName
    expect(apply('count', data, t)).toBe(4)
    expect(apply('sum', data, t)).toBe(13)
    expect(apply('mean', data, t)).toBe(3.25)
    expect(apply('min', data, t)).toBe(1)
    expect(apply('max', data, t)).toBe(10)
    expect(apply('median', data, t)).toBe(1)
    expect(apply('p90', data, t)).toBe(10)
    expect(apply('p95', data, t)).toBe(10)
    expect(apply('p99', data, t)).toBe(10)
    expect(apply({ percentile: 0.75 }, data, t)).toBe(1)
    expect(apply({ percentile: 0.76 }, data, t)).toBe(10)
    expect(apply('stddev', data, t)).toBeCloseTo(stddevOfWeighted, 12)
  })

  it('series: rate is values per second of the bucket', () => {
    expect(apply('rate', WEIGHTED.series, 'series')).toBeCloseTo(4 / 60, 12)
  })

  it('histogram: rate is each value’s count per second', () => {
    const rate = apply('rate', WEIGHTED.histogram, 'histogram') as Map<number, number>
    expect([...rate.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [1, 3 / 60],
      [10, 1 / 60],
    ])
  })

  it('set: each distinct value counts once', () => {
    const set = new Set([9, 1, 5])
    expect(apply('count', set, 'set')).toBe(3)
    expect(apply('sum', set, 'set')).toBe(15)
    expect(apply('mean', set, 'set')).toBe(5)
    expect(apply('min', set, 'set')).toBe(1)
    expect(apply('max', set, 'set')).toBe(9)
    expect(apply('median', set, 'set')).toBe(5)
    expect(apply('p90', set, 'set')).toBe(9)
    expect(apply('stddev', set, 'set')).toBeCloseTo(Math.sqrt(32 / 3), 12)
    expect(apply('rate', set, 'set')).toBeCloseTo(3 / 60, 12)
  })

  it('count: the running total is the sum and its rate is per second', () => {
    expect(apply('sum', 42, 'count')).toBe(42)
    expect(apply('sum', -2.5, 'count')).toBe(-2.5)
    expect(apply('rate', 42, 'count')).toBeCloseTo(0.7, 12)
    expect(apply('min', 42, 'count')).toBe(42)
    expect(apply('max', 42, 'count')).toBe(42)
    expect(apply('median', 42, 'count')).toBe(42)
  })

  it('gauge: the last value is one value', () => {
    expect(apply('count', 7, 'gauge')).toBe(1)
    expect(apply('sum', 7, 'gauge')).toBe(7)
    expect(apply('mean', 7, 'gauge')).toBe(7)
    expect(apply('min', 7, 'gauge')).toBe(7)
    expect(apply('max', 7, 'gauge')).toBe(7)
    expect(apply('p99', 7, 'gauge')).toBe(7)
    expect(apply('stddev', 7, 'gauge')).toBe(0)
    expect(apply('rate', 6, 'gauge')).toBeCloseTo(0.1, 12)
  })

  it('count counts values that are not numbers', () => {
    expect(apply('count', ['a', 'b', 'a'], 'series')).toBe(3)
    expect(apply('count', new Set(['a', 'b']), 'set')).toBe(2)
    expect(apply('count', new Map([['a', 4]]), 'histogram')).toBe(4)
  })

  it('statistics that need numbers reject other values with INVALID_ARGUMENT', () => {
    expectInvalidArgument(() => apply('mean', ['a', 'b'], 'series'))
    expectInvalidArgument(() => apply('p90', new Map([['a', 2]]), 'histogram'))
  })
})

const EMPTY: readonly [TypeName, unknown][] = [
  ['series', []],
  ['histogram', new Map()],
  ['count', 0],
  ['gauge', null],
  ['set', new Set()],
]

describe.each(EMPTY)('an empty %s bucket', (type, data) => {
  it.each(['count', 'sum'])('%s is 0', (name) => {
    expect(apply(name, data, type)).toBe(0)
  })

  it('rate is 0 (an empty map of rates on a histogram)', () => {
    const rate = apply('rate', data, type)
    if (type === 'histogram') expect(rate).toEqual(new Map())
    else expect(rate).toBe(0)
  })

  it.each(['mean', 'min', 'max', 'median', 'p90', 'p95', 'p99', 'stddev', { percentile: 0.25 }])(
    '%s is null',
    (spec) => {
      expect(apply(spec, data, type)).toBeNull()
    },
  )
})

/** The nearest rank of decimal `q` (given as `digits / 10^scale`) among `total` values. */
function nearestRank(digits: number, scale: number, total: number): number {
  const denominator = 10n ** BigInt(scale)
  const rank = (BigInt(digits) * BigInt(total) + denominator - 1n) / denominator
  return Math.max(Number(rank), 1)
}

describe('nearest-rank percentiles', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => 100 - i)

  it.each([
    [0.07, 7],
    [0.29, 29],
    [0.57, 57],
    [0.58, 58],
    [0.01, 1],
    [0.001, 1],
    [0.995, 100],
    [1, 100],
  ])('q = %d of 1..100 is %d, however q rounds in binary', (q, expected) => {
    expect(apply({ percentile: q }, oneToHundred, 'series')).toBe(expected)
  })

  it('named percentiles of 1..1000', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i + 1)
    expect(apply('median', values, 'series')).toBe(500)
    expect(apply('p90', values, 'series')).toBe(900)
    expect(apply('p95', values, 'series')).toBe(950)
    expect(apply('p99', values, 'series')).toBe(990)
    expect(apply('p99.9', values, 'series')).toBe(999)
    expect(apply('p7', values, 'series')).toBe(70)
  })

  it('q = 0.1 of 30 values is the 3rd', () => {
    const values = Array.from({ length: 30 }, (_, i) => i * 10)
    expect(apply({ percentile: 0.1 }, values, 'series')).toBe(20)
  })

  it('agree with an exact rank over the expanded values, weighted or not', () => {
    const histogram = fc.uniqueArray(
      fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 30 })),
      { minLength: 1, maxLength: 40, selector: (pair) => pair[0] },
    )
    fc.assert(
      fc.property(histogram, fc.integer({ min: 1, max: 1000 }), (pairs, digits) => {
        const expanded = pairs.flatMap(([value, n]) => Array<number>(n).fill(value))
        const sorted = [...expanded].sort((a, b) => a - b)
        const q = digits / 1000
        const expected = sorted[nearestRank(digits, 3, sorted.length) - 1]

        expect(apply({ percentile: q }, new Map(pairs), 'histogram')).toBe(expected)
        expect(apply({ percentile: q }, expanded, 'series')).toBe(expected)
      }),
    )
  })

  it('histogram mean, sum and stddev weigh each value by its count', () => {
    const histogram = fc.uniqueArray(
      fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 30 })),
      { minLength: 1, maxLength: 40, selector: (pair) => pair[0] },
    )
    fc.assert(
      fc.property(histogram, (pairs) => {
        const expanded = pairs.flatMap(([value, n]) => Array<number>(n).fill(value))
        const mean = expanded.reduce((a, b) => a + b, 0) / expanded.length
        const variance = expanded.reduce((a, v) => a + (v - mean) ** 2, 0) / expanded.length
        const data = new Map(pairs)

        expect(apply('count', data, 'histogram')).toBe(expanded.length)
        expect(apply('sum', data, 'histogram')).toBe(expanded.reduce((a, b) => a + b, 0))
        expect(apply('mean', data, 'histogram')).toBeCloseTo(mean, 9)
        expect(apply('stddev', data, 'histogram')).toBeCloseTo(Math.sqrt(variance), 9)
      }),
    )
  })
})

describe('functions, arrays and records', () => {
  it('a function gets the bucket data and its duration in ms', () => {
    const seen: unknown[] = []
    const result = apply(
      (data: unknown, duration: number) => {
        seen.push(data, duration)
        return 'done'
      },
      [1, 2],
      'series',
      82_800_000,
    )
    expect(result).toBe('done')
    expect(seen).toEqual([[1, 2], 82_800_000])
  })

  it('an array of names returns a record keyed by those names', () => {
    expect(apply(['mean', 'max', 'p90', { percentile: 0.5 }], WEIGHTED.series, 'series')).toEqual({
      mean: 3.25,
      max: 10,
      p90: 10,
      'p0.5': 1,
    })
  })

  it('a record of transforms returns a record with the same keys', () => {
    const result = apply(
      { avg: 'mean', top: { percentile: 1 }, n: (data: unknown) => (data as number[]).length },
      WEIGHTED.series,
      'series',
    )
    expect(result).toEqual({ avg: 3.25, top: 10, n: 4 })
  })
})

describe('bad transforms', () => {
  it.each([
    ['an unknown name', 'average'],
    ['a capitalised name', 'Mean'],
    ['an empty name', ''],
    ['trailing space', 'median '],
    ['p alone', 'p'],
    ['p0', 'p0'],
    ['a negative percentile name', 'p-5'],
    ['a non-numeric percentile name', 'pfoo'],
    ['null', null],
    ['a number', 42],
    ['a boolean', true],
    ['an empty array', []],
    ['an empty record', {}],
    ['q = 0', { percentile: 0 }],
    ['negative q', { percentile: -0.5 }],
    ['q above 1', { percentile: 1.01 }],
    ['q NaN', { percentile: Number.NaN }],
    ['q as a string', { percentile: '0.5' }],
    ['a function in an array', ['mean', (data: unknown) => data]],
    ['a bad name in an array', ['mean', 'nope']],
    ['a bad q in an array', [{ percentile: 2 }]],
    ['a bad name in a record', { a: 'mean', b: 'nope' }],
  ])('%s is INVALID_ARGUMENT', (_label, spec) => {
    expectInvalidArgument(() => compileTransform(spec))
  })

  it('the error names the field and the value', () => {
    const error = expectInvalidArgument(() => compileTransform({ a: 'mean', b: 'nope' }))
    expect(error.message).toContain('transform.b')
    expect(error.message).toContain('"nope"')
  })
})
