import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import { show } from '../kit/compare.js'

const intervals = { minute: { step: '1m' }, hour: { step: '1h' } }

/**
 * Names that look like key separators, glob or regex patterns, operators, paths or
 * object keys, and names that are prefixes of one another.
 */
const neighbourhood = [
  'a',
  'ab',
  'a:b',
  'a:',
  ':a',
  'a:minute',
  'a:1',
  'a*',
  '*',
  'a?',
  '?',
  '[a]',
  '[ab]',
  '{a}',
  '{a,b}',
  'a.b',
  '.',
  '$a',
  'a$',
  '^a',
  'a|b',
  '(a)',
  'a+',
  'a\\',
  'a/b',
  '%',
  'a b',
  ' a',
  'a ',
  'a\r\n',
  'line\nbreak',
  'tab\there',
  'ä',
  'a\u0308',
  '日本語',
  '😀',
  '__proto__',
  'constructor',
  'hasOwnProperty',
]

/** Deleting one of the tricky names must leave each of the others whole. */
const targets = [
  'a',
  'a:b',
  'a*',
  '*',
  'a?',
  '[a]',
  '{a}',
  'a.b',
  '$a',
  'a b',
  'a\r\n',
  'ä',
  '__proto__',
]

/** Names with any characters: they round-trip and are deleted one at a time. */
export function nameTests(setup: ConformanceOptions): void {
  describe('names with any characters', () => {
    const kit = useBackend(setup)

    it('every name round-trips through list and reads', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      for (const [i, name] of neighbourhood.entries())
        await ts.insert(name, i + 1, { timestamp: kit.anchor })

      expect((await ts.list()).sort()).toEqual([...neighbourhood].sort())
      for (const [i, name] of neighbourhood.entries()) {
        const read = await ts.get(name, 'hour', { timestamp: kit.anchor })
        expect(read.get(kit.anchor), show(name)).toBe(i + 1)
      }
    })

    it.each(targets.map((name) => [show(name), name]))(
      'delete(%s) removes that name only',
      async (_, target) => {
        const { ts } = kit.open({ type: 'count', intervals })
        const t = kit.anchor
        for (const name of neighbourhood) await ts.insert(name, 1, { timestamp: t })
        await ts.delete(target)

        const rest = neighbourhood.filter((name) => name !== target)
        expect((await ts.list()).sort()).toEqual([...rest].sort())
        for (const name of rest) {
          for (const interval of Object.keys(intervals)) {
            const read = await ts.get(name, interval, { timestamp: t })
            expect(read.get(t), `${show(name)} in ${interval}`).toBe(1)
          }
        }
        expect([...(await ts.get(target, 'minute', { timestamp: t }))]).toEqual([[t, 0]])
      },
    )
  })
}
