import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { codecFor } from '../src/codec.js'
import {
  InvalidValueError,
  type JsonValue,
  KairosError,
  MemoryBackend,
  Timeseries,
} from '../src/index.js'

const T = Date.parse('2024-06-01T12:00:00Z')

function invalidValue(run: () => unknown): InvalidValueError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidValueError)
    expect((error as KairosError).code).toBe('INVALID_VALUE')
    return error as InvalidValueError
  }
  throw new Error('expected an INVALID_VALUE error, but nothing was thrown')
}

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(KairosError)
  expect((error as KairosError).code).toBe(code)
}

const minute = { minute: { step: '1m' } }

function numberSet() {
  return new Timeseries(new MemoryBackend(), { type: 'set', intervals: minute })
}

function stringSet() {
  return new Timeseries(new MemoryBackend(), { type: 'set', values: 'string', intervals: minute })
}

function jsonSet() {
  return new Timeseries(new MemoryBackend(), { type: 'set', values: 'json', intervals: minute })
}

describe('number codec', () => {
  const codec = codecFor('number')

  it('encodes every finite number canonically and decodes it back', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const decoded = codec.decode(codec.encode(x))
        expect(decoded).toBe(Object.is(x, -0) ? 0 : x)
        expect(Object.is(decoded, -0)).toBe(false)
      }),
    )
  })

  it('two numbers share an encoding exactly when they are equal', () => {
    const number = fc.double({ noNaN: true, noDefaultInfinity: true })
    fc.assert(
      fc.property(number, number, (a, b) => {
        expect(codec.encode(a) === codec.encode(b)).toBe(a === b)
      }),
    )
  })

  it('1 and 1.0 are the same member; -0 reads as 0', async () => {
    const ts = numberSet()
    await ts.insert('x', [1, 1.0, -0, 0, 0.1 + 0.2], { timestamp: T })

    const members = [...((await ts.get('x', 'minute', { timestamp: T })).get(T) ?? [])]
    expect(members).toHaveLength(3)
    expect(members).toContain(1)
    expect(members).toContain(0.1 + 0.2)
    expect(members.some((m) => Object.is(m, -0))).toBe(false)
  })

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['a numeric string', '1'],
    ['a boolean', true],
    ['a bigint', 1n],
    ['null', null],
    ['an object', { valueOf: () => 1 }],
  ])('rejects %s with INVALID_VALUE', (_label, value) => {
    invalidValue(() => codec.encode(value))
  })
})

describe('string codec', () => {
  const codec = codecFor('string')

  it('stores every well-formed string exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(codec.decode(codec.encode(s))).toBe(s)
      }),
    )
  })

  it('accepts a string exactly when it is well-formed UTF-16', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        if (s.isWellFormed()) expect(codec.decode(codec.encode(s))).toBe(s)
        else invalidValue(() => codec.encode(s))
      }),
    )
  })

  it("'1' and '1.0' are different members; NUL, CR/LF and emoji survive", async () => {
    const ts = stringSet()
    const values = ['1', '1.0', 'a\u0000b', 'line\r\nbreak', '\n', '👩‍👩‍👧 🇫🇷', '', ' ']
    await ts.insert('x', values, { timestamp: T })

    const members = (await ts.get('x', 'minute', { timestamp: T })).get(T)
    expect(members).toEqual(new Set(values))
  })

  it.each([
    ['a lone high surrogate', '\uD800'],
    ['a lone low surrogate', 'a\uDC00b'],
    ['reversed surrogates', '\uDE00\uD83D'],
  ])('rejects %s', (_label, value) => {
    invalidValue(() => codec.encode(value))
  })

  it.each([
    ['a number', 1],
    ['null', null],
    ['an array', ['a']],
  ])('rejects %s in a string series', (_label, value) => {
    invalidValue(() => codec.encode(value))
  })

  it('a lone surrogate rejects the insert and writes nothing', async () => {
    const ts = stringSet()
    await rejectsWithCode(ts.insert('x', ['fine', '\uD800'], { timestamp: T }), 'INVALID_VALUE')
    expect(await ts.list()).toEqual([])
  })
})

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('json codec', () => {
  const codec = codecFor('json')

  it('round-trips JSON values (with -0 stored as 0)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(codec.decode(codec.encode(value))).toEqual(JSON.parse(JSON.stringify(value)))
      }),
    )
  })

  it('sorts object keys, at every depth, so key order never matters', () => {
    expect(codec.encode({ b: 1, a: { d: [2, { z: 0, y: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":1,"z":0}]},"b":1}',
    )
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse())
        expect(codec.encode(reversed)).toBe(codec.encode(record))
      }),
    )
  })

  it('equal values meet as one member: key order, 1 vs 1.0 and -0 do not split them', async () => {
    const ts = jsonSet()
    await ts.insert('x', [{ a: 1, b: [1, 2] }, { b: [1.0, 2], a: 1 }, { a: -0 }, { a: 0 }], {
      timestamp: T,
    })
    await ts.insert('x', [[2, 1]], { timestamp: T })

    const members = (await ts.get('x', 'minute', { timestamp: T })).get(T)
    expect(members).toEqual(new Set([{ a: 1, b: [1, 2] }, { a: 0 }, [2, 1]]))
  })

  it('accepts objects without a prototype and shared (not circular) references', () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1 })
    const shared = { n: 1 }
    expect(codec.encode(bare)).toBe('{"a":1}')
    expect(codec.encode([shared, { again: shared }])).toBe('[{"n":1},{"again":{"n":1}}]')
  })

  const cyclic: Record<string, unknown> = { a: 1 }
  cyclic.self = cyclic
  const cyclicArray: unknown[] = [1]
  cyclicArray.push([cyclicArray])

  it.each([
    ['NaN', Number.NaN],
    ['Infinity inside an array', [1, Number.POSITIVE_INFINITY]],
    ['-Infinity inside an object', { a: { b: Number.NEGATIVE_INFINITY } }],
    ['undefined', undefined],
    ['an undefined property', { a: undefined }],
    ['undefined in an array', [1, undefined]],
    ['a function', () => 1],
    ['a function property', { f() {} }],
    ['a symbol', Symbol('s')],
    ['a bigint', 1n],
    ['a cycle', cyclic],
    ['a cycle through arrays', cyclicArray],
    ['a Date', new Date(0)],
    ['a Map', new Map([['a', 1]])],
    ['a Set', new Set([1])],
    ['a class instance', new Point(1, 2)],
    ['a class instance inside an array', [{ p: new Point(1, 2) }]],
    ['a boxed string', Object('s')],
    ['a lone surrogate', { s: '\uD800' }],
  ])('rejects %s with INVALID_VALUE', (_label, value) => {
    invalidValue(() => codec.encode(value))
  })

  it('names the path of the bad part', () => {
    expect(invalidValue(() => codec.encode({ a: [1, { b: Number.NaN }] })).field).toBe(
      'value.a[1].b',
    )
  })

  it('a bad value in a json series rejects the insert and writes nothing', async () => {
    const ts = jsonSet()
    const points = [{ ok: 1 }, new Point(0, 0)] as unknown as JsonValue[]
    await rejectsWithCode(ts.insert('x', points, { timestamp: T }), 'INVALID_VALUE')
    expect(await ts.list()).toEqual([])
  })
})

describe('the values option', () => {
  it.each(['text', 'Number', '', 1, null])('rejects %s with INVALID_CONFIG', (values) => {
    expect(
      () =>
        new Timeseries(new MemoryBackend(), {
          type: 'set',
          values: values as 'json',
          intervals: { minute: { step: '1m' } },
        }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'values' }))
  })
})
