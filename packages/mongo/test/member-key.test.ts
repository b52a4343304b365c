import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { memberFromKey, memberKey } from '../src/index.js'

/** Members that are operators, paths, empty, long, or outside ASCII. */
const TRICKY = [
  '',
  '.',
  '..',
  'a.b',
  '$',
  '$inc',
  '$where',
  'x$y',
  '%',
  '%25',
  '%u0041',
  'm',
  '\u0000',
  'a\u0000b',
  '😀',
  'café 日本',
  '\ud800',
  'a\udfffb',
  '\udbff\udfff',
  '_id',
  '__proto__',
  ' ',
  'a ',
  ' a',
  'line\r\n',
  'tab\t',
  'nbsp\u00a0',
  'ideographic\u3000',
  'nel\u0085',
  'x'.repeat(10_000),
]

/** What MongoDB and FerretDB accept as one segment of an update path. */
function isSafeFieldName(key: string): boolean {
  const trimmed = key.trim() === key && !key.endsWith('\u0085')
  return key !== '' && !key.startsWith('$') && !/[.\0]/.test(key) && key.isWellFormed() && trimmed
}

describe('histogram member keys', () => {
  it.each(TRICKY.map((member) => [JSON.stringify(member).slice(0, 40), member]))(
    'round-trips %s',
    (_, member) => {
      const key = memberKey(member)
      expect(isSafeFieldName(key)).toBe(true)
      expect(memberFromKey(key)).toBe(member)
    },
  )

  it('round-trips any string, to a safe and distinct key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const key = memberKey(a)
        expect(isSafeFieldName(key)).toBe(true)
        expect(memberFromKey(key)).toBe(a)
        if (a !== b) expect(memberKey(b)).not.toBe(key)
      }),
      { numRuns: 2_000 },
    )
  })

  it('keeps ordinary members readable', () => {
    expect(memberKey('-12')).toBe('m-12')
    expect(memberKey('GET /index.html')).toBe('mGET /index%2Ehtml')
    expect(memberKey('😀')).toBe('m😀')
    expect(memberKey('a b ')).toBe('ma b%20')
    expect(memberKey('a.\u3000')).toBe('ma%2E%u3000')
  })

  it('refuses keys it did not write', () => {
    expect(() => memberFromKey('x1')).toThrow(/not a kairos histogram member key/)
    expect(() => memberFromKey('m%4')).toThrow()
    expect(() => memberFromKey('m%zz')).toThrow()
    expect(() => memberFromKey('m%u12')).toThrow()
  })
})
