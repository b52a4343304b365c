import { describe, expect, it } from 'vitest'
import { decodeValue, encodeValue, readMarker, subMarker } from '../src/cell-encoding.js'
import { decodeComponent, encodeComponent, hashTag, NameKeys, namesKey } from '../src/key-layout.js'

/** Names and prefixes chosen to break naive layouts: separators, patterns, braces, bytes. */
const TRICKY = [
  '',
  'a',
  'a:b',
  'a:',
  ':a',
  'a*',
  '*',
  'a?',
  '[a]',
  '{a}',
  '{',
  '}',
  '}{',
  'a b',
  'a\r\nb',
  '\n',
  'a\u0000b',
  '\u0000',
  'café',
  '日本語',
  '🙂',
  '\ud800',
  '\udc00x',
  '\uffff',
  '1:a',
  '2:ab',
  'u1:0061',
  '3:web4:hits',
  'web4:hits',
]

/** The slot-deciding part of a key, as Redis Cluster reads it. */
function slotPart(key: string): string {
  const open = key.indexOf('{')
  const close = key.indexOf('}', open + 1)
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key
}

describe('component encoding', () => {
  it('round-trips every tricky string', () => {
    for (const value of TRICKY) expect(decodeComponent(encodeComponent(value))).toBe(value)
  })

  it('is prefix-free, so concatenations never collide', () => {
    const seen = new Map<string, string>()
    for (const a of TRICKY) {
      for (const b of TRICKY) {
        const joined = encodeComponent(a) + encodeComponent(b)
        const pair = JSON.stringify([a, b])
        expect(seen.get(joined) ?? pair).toBe(pair)
        seen.set(joined, pair)
      }
    }
    expect(seen.size).toBe(TRICKY.length ** 2)
  })

  it('keeps lone surrogates apart from the replacement character', () => {
    expect(encodeComponent('\ud800')).not.toBe(encodeComponent('\ufffd'))
  })
})

describe('keys', () => {
  const everyKey = (prefix: string, name: string): string[] => {
    const keys = new NameKeys(prefix, name)
    const interval = encodeComponent('hour')
    return [
      keys.meta(),
      keys.buckets(interval),
      keys.data('count', interval, 0),
      keys.data('append', interval, 0),
      keys.data('increment', interval, -3_600_000),
    ]
  }

  it('never gives two (prefix, name) pairs a common key', () => {
    const owner = new Map<string, string>()
    for (const prefix of TRICKY) {
      owner.set(namesKey(prefix), `names of ${JSON.stringify(prefix)}`)
      for (const name of TRICKY) {
        for (const key of everyKey(prefix, name)) {
          const who = JSON.stringify([prefix, name])
          expect(owner.get(key) ?? who).toBe(who)
          owner.set(key, who)
        }
      }
    }
  })

  it('puts every key of a name in the slot of its hash tag', () => {
    for (const name of TRICKY) {
      const keys = everyKey('web{x}', name)
      const tags = new Set(keys.map(slotPart))
      expect(tags.size).toBe(1)
      expect([...tags][0]).toMatch(/^[0-9a-z]+$/)
    }
  })

  it('spreads names over many tags', () => {
    const tags = new Set<string>()
    for (let i = 0; i < 1000; i++) tags.add(slotPart(new NameKeys('p', `name-${i}`).meta()))
    expect(tags.size).toBeGreaterThan(990)
  })

  it('gives the names list a tag of its own, whatever the prefix holds', () => {
    for (const prefix of TRICKY) expect(slotPart(namesKey(prefix))).toMatch(/^[0-9a-z]+$/)
    expect(hashTag('x')).toBe(hashTag('x'))
  })

  it('writes the bucket start last, also when negative', () => {
    const keys = new NameKeys('web', 'hits')
    expect(keys.data('count', encodeComponent('day'), -86_400_000)).toMatch(/:-86400000$/)
  })
})

describe('cell encoding', () => {
  it('round-trips values and members exactly, behind any marker', () => {
    for (const value of [...TRICKY, ':', '::x', '5:x', '\uffff41']) {
      for (const sub of [null, 1_000, 3_600_000]) {
        const stored = subMarker(1_000_000, sub) + encodeValue(value)
        const { sub: readSub, rest } = readMarker(stored, 1_000_000)
        expect(readSub).toBe(sub === null ? null : sub)
        expect(decodeValue(stored, rest)).toBe(value)
      }
    }
  })

  it('stores ordinary values as they are', () => {
    expect(encodeValue('GET /index.html')).toBe('GET /index.html')
    expect(encodeValue('a b\r\n')).toBe('a b\r\n')
    expect(encodeValue('a\u0000b')).not.toContain('\u0000')
  })
})
