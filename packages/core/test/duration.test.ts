import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseDuration } from '../src/duration.js'
import { InvalidConfigError, MemoryBackend, Timeseries } from '../src/index.js'

const FIELD = 'intervals.minute.step'

const UNIT_MS = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
} as const

type Unit = keyof typeof UNIT_MS

/** Runs `parse` and returns the InvalidConfigError it throws. */
function configErrorOf(parse: () => unknown): InvalidConfigError {
  try {
    parse()
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError)
    return error as InvalidConfigError
  }
  throw new Error('expected an InvalidConfigError, but nothing was thrown')
}

describe('parseDuration', () => {
  it.each(Object.entries(UNIT_MS))('1%s is %d ms', (unit, ms) => {
    expect(parseDuration(FIELD, `1${unit}`)).toBe(ms)
  })

  it('m is a minute, d is 86 400 000 ms, w is 7 d, y is 365 d (not a month, not 365.25 d)', () => {
    expect(parseDuration(FIELD, '30m')).toBe(30 * 60_000)
    expect(parseDuration(FIELD, '2d')).toBe(2 * 86_400_000)
    expect(parseDuration(FIELD, '1w')).toBe(parseDuration(FIELD, '7d'))
    expect(parseDuration(FIELD, '1y')).toBe(parseDuration(FIELD, '365d'))
  })

  it('<n><unit> is n times the unit for every unit', () => {
    const units = fc.constantFrom(...(Object.keys(UNIT_MS) as Unit[]))
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), units, (n, unit) => {
        expect(parseDuration(FIELD, `${n}${unit}`)).toBe(n * UNIT_MS[unit])
      }),
    )
  })

  it('a positive whole number is milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (ms) => {
        expect(parseDuration(FIELD, ms)).toBe(ms)
      }),
    )
    expect(parseDuration(FIELD, Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER)
  })

  it('leading zeros are still a whole number', () => {
    expect(parseDuration(FIELD, '05m')).toBe(5 * 60_000)
  })

  const BAD: readonly [string, unknown][] = [
    ['zero', 0],
    ['zero with a unit', '0m'],
    ['zero milliseconds', '0ms'],
    ['negative', -1],
    ['negative with a unit', '-5m'],
    ['fractional', 1.5],
    ['fractional with a unit', '1.5h'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['an unsafe integer', 2 ** 53],
    ['an unsafe product', '999999999999y'],
    ['more digits than is safe', '9007199254740993ms'],
    ['empty', ''],
    ['a unit alone', 'm'],
    ['digits alone', '60000'],
    ['an upper-case unit', '1H'],
    ['a month', '1M'],
    ['a long unit', '1min'],
    ['a unit twice', '5mm'],
    ['an unknown unit', '3x'],
    ['inner space', '1 m'],
    ['leading space', ' 1m'],
    ['trailing space', '1m '],
    ['a plus sign', '+1s'],
    ['an exponent', '1e3ms'],
    ['hexadecimal', '0x10s'],
    ['two amounts', '1h30m'],
    ['null', null],
    ['a boolean', true],
    ['an object', { minutes: 1 }],
    ['an array', ['1m']],
    ['a bigint', 60_000n],
  ]

  it.each(BAD)('rejects %s with INVALID_CONFIG naming the field', (_label, value) => {
    const error = configErrorOf(() => parseDuration(FIELD, value))

    expect(error.code).toBe('INVALID_CONFIG')
    expect(error.field).toBe(FIELD)
    expect(error.message).toContain(FIELD)
  })

  it.each([
    ['0m', '"0m"'],
    ['1.5h', '"1.5h"'],
    [-5, '-5'],
  ] as const)('names the value %s in the message', (value, shown) => {
    expect(configErrorOf(() => parseDuration(FIELD, value)).message).toContain(shown)
  })

  it('rejects every string that is not <integer><unit>', () => {
    const valid = /^\d+(ms|s|m|h|d|w|y)$/
    fc.assert(
      fc.property(
        fc.string().filter((s) => !valid.test(s)),
        (s) => {
          expect(configErrorOf(() => parseDuration(FIELD, s)).code).toBe('INVALID_CONFIG')
        },
      ),
    )
  })
})

describe('durations in a timeseries config', () => {
  const make = (minute: unknown) =>
    new Timeseries(new MemoryBackend(), {
      type: 'count',
      intervals: { minute: minute as { step: string } },
    })

  it.each([
    ['step', { step: '0m' }, 'intervals.minute.step'],
    ['step', { step: '2.5m' }, 'intervals.minute.step'],
    ['resolution', { step: '1h', resolution: '-1m' }, 'intervals.minute.resolution'],
    ['resolution', { step: '1h', resolution: '1 m' }, 'intervals.minute.resolution'],
  ] as const)('a bad %s names %s', (_what, minute, field) => {
    const error = configErrorOf(() => make(minute))
    expect(error.code).toBe('INVALID_CONFIG')
    expect(error.field).toBe(field)
    expect(error.message).toContain(field)
  })

  it('accepts every unit as a step', () => {
    for (const unit of Object.keys(UNIT_MS)) {
      expect(() => make({ step: `1${unit}` })).not.toThrow()
    }
  })
})
