import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { StartOrderedMap } from '../src/start-ordered-map.js'

/** Starts from a small set, so that sequences revisit, overwrite and go back in time. */
const start = fc.oneof(
  fc.integer({ min: -20, max: 20 }).map((n) => n * 3_600_000),
  fc.constantFrom(-0, 0.5, -8.64e15, 8.64e15, 1_700_000_000_123),
)

type Operation = { kind: 'set'; start: number; value: number } | { kind: 'cut'; start: number }

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('set'), start, value: fc.integer() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut'), start }) },
) as fc.Arbitrary<Operation>

/** Applies the operations to the map under test and to a plain Map, the model. */
function replay(operations: readonly Operation[]): [StartOrderedMap<number>, Map<number, number>] {
  const map = new StartOrderedMap<number>()
  const model = new Map<number, number>()

  for (const op of operations) {
    if (op.kind === 'set') {
      map.set(op.start, op.value)
      model.set(op.start, op.value)
    } else {
      map.deleteBefore(op.start)
      for (const key of model.keys()) if (key < op.start) model.delete(key)
    }
  }
  return [map, model]
}

function sorted<T>(entries: Iterable<[number, T]>): [number, T][] {
  return [...entries].sort((a, b) => a[0] - b[0])
}

describe('StartOrderedMap', () => {
  it('holds what a Map holds, whatever the order of writes and cuts', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const [map, model] = replay(operations)

        expect(map.size).toBe(model.size)
        expect(sorted(map.entries())).toEqual(sorted(model.entries()))
        expect([...map.keys()].sort((a, b) => a - b)).toEqual(
          [...model.keys()].sort((a, b) => a - b),
        )
      }),
    )
  })

  it('answers every lookup as a Map does', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), start, (operations, probe) => {
        const [map, model] = replay(operations)

        expect(map.get(probe)).toBe(model.get(probe))
      }),
    )
  })

  it('keeps a start written out of order apart from the ones that arrived in order', () => {
    const map = new StartOrderedMap<string>()
    map.set(2_000, 'second')
    map.set(3_000, 'third')
    map.set(1_000, 'first')
    map.set(2_000, 'second again')

    expect(sorted(map.entries())).toEqual([
      [1_000, 'first'],
      [2_000, 'second again'],
      [3_000, 'third'],
    ])
  })

  it('treats -0 and 0 as one start, as a Map does', () => {
    const map = new StartOrderedMap<string>()
    map.set(-0, 'a')
    map.set(0, 'b')

    expect([...map.entries()]).toEqual([[0, 'b']])
    expect(Object.is([...map.keys()][0], 0)).toBe(true)
  })
})
