import type { CellAddress, CellWrite } from '@kairos/core'
import { Double } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { cellFromDocument, cellId, cellUpsert } from '../src/cell-document.js'
import { NEVER, nameUpserts } from '../src/name-document.js'
import { cell } from './live-backend.js'

const AT = Date.UTC(2001, 0, 1)

function updateOf(write: CellWrite) {
  const op = cellUpsert('web', write)
  if (!('updateOne' in op)) throw new Error('expected an updateOne')
  return op.updateOne
}

/** Every field name and path an update document uses, at any depth of its operators. */
function pathsOf(update: object): string[] {
  return Object.values(update).flatMap((fields: object) => Object.keys(fields))
}

describe('cell documents', () => {
  it('finds a cell by its address as _id, and keeps the address in indexed fields', () => {
    const update = updateOf(cell({ op: 'increment', amount: 1 }, { name: '$where', sub: 5 }))
    expect(update.filter).toEqual({ _id: '["web","$where","hour",0,5]' })
    expect(update.update).toMatchObject({
      $setOnInsert: { p: 'web', n: '$where', i: 'hour', b: 0, s: 5 },
    })
    expect(update.upsert).toBe(true)
  })

  it('gives every address its own _id', () => {
    const ids = new Set(
      [
        ['a', 'b', 0, null],
        ['a","b', '', 0, null],
        ['a', 'b', 0, 0],
        ['a', 'b', -0, 0],
        ['a\u0000', 'b', 1e21, 0.5],
      ].map(([name, interval, bucket, sub]) =>
        cellId('web', { name, interval, bucket, sub } as CellAddress),
      ),
    )
    expect(ids.size).toBe(4)
  })

  it('puts values into arrays and members into escaped keys, never into paths', () => {
    const tricky = ['$inc', 'a.b', '', '\u0000']
    const paths = [
      updateOf(cell({ op: 'append', values: tricky })),
      updateOf(cell({ op: 'add', members: new Set(tricky) })),
      updateOf(cell({ op: 'replace', value: '$set' })),
      updateOf(cell({ op: 'count', counts: new Map(tricky.map((m) => [m, 1])) })),
    ].flatMap((update) => pathsOf(update.update as object))

    for (const path of paths) {
      const segments = path.split('.')
      expect(segments.every((s) => s !== '' && !s.startsWith('$') && !s.includes('\0'))).toBe(true)
    }
    expect(paths).toContain('h.m%24inc')
    expect(paths).toContain('h.ma%2Eb')
    expect(paths).toContain('h.m')
  })

  it('sends counts as doubles, so that $inc never overflows an int32', () => {
    const update = updateOf(cell({ op: 'count', counts: new Map([['x', 2 ** 31 - 1]]) }))
    expect(update.update).toMatchObject({ $inc: { 'h.mx': new Double(2 ** 31 - 1) } })
    const increment = updateOf(cell({ op: 'increment', amount: 3 }))
    expect(increment.update).toMatchObject({ $inc: { c: new Double(3) } })
  })

  it('leaves a cell behind for an empty write', () => {
    const count = updateOf(cell({ op: 'count', counts: new Map() }))
    expect(count.update).toMatchObject({ $setOnInsert: { h: {} } })
    const add = updateOf(cell({ op: 'add', members: new Set() }))
    expect(add.update).toMatchObject({ $setOnInsert: { m: [] } })
    const append = updateOf(cell({ op: 'append', values: [] }))
    expect(append.update).toMatchObject({ $setOnInsert: { a: [] } })
  })

  it('sets the expiry date, or removes it for cells kept forever', () => {
    const expiring = updateOf(cell({ op: 'replace', value: 'v' }, {}, AT))
    expect(expiring.update).toMatchObject({ $set: { g: 'v', e: new Date(AT) } })
    const forever = updateOf(cell({ op: 'replace', value: 'v' }, {}, null))
    expect(forever.update).toMatchObject({ $set: { g: 'v' }, $unset: { e: '' } })
  })

  it('reads back each operation from its own field and ignores the others', () => {
    const doc = { b: AT, s: null, h: { 'm%24x': 2, my: 0.5 }, c: 4, g: 'v', a: ['a'], m: ['b'] }
    expect(cellFromDocument(doc, 'count')).toEqual({
      bucket: AT,
      sub: null,
      op: 'count',
      counts: new Map([
        ['$x', 2],
        ['y', 0.5],
      ]),
    })
    expect(cellFromDocument(doc, 'increment')).toMatchObject({ amount: 4 })
    expect(cellFromDocument(doc, 'replace')).toMatchObject({ value: 'v' })
    expect(cellFromDocument(doc, 'append')).toMatchObject({ values: ['a'] })
    expect(cellFromDocument(doc, 'add')).toMatchObject({ members: new Set(['b']) })
    expect(cellFromDocument({ b: AT, s: 7 }, 'count')).toBeUndefined()
  })

  it('refuses documents it did not write', () => {
    expect(() => cellFromDocument({ b: 'x', s: null, c: 1 }, 'increment')).toThrow()
    expect(() => cellFromDocument({ b: 0, s: null, c: '1' }, 'increment')).toThrow()
    expect(() => cellFromDocument({ b: 0, s: null, a: [1] }, 'append')).toThrow()
    expect(() => cellFromDocument({ b: 0, s: null, h: { x: 1 } }, 'count')).toThrow()
  })
})

describe('name documents', () => {
  it('records each name once, with the latest expiry of its cells', () => {
    const upserts = nameUpserts('web', [
      cell({ op: 'increment', amount: 1 }, { name: 'a' }, AT),
      cell({ op: 'increment', amount: 1 }, { name: 'a', interval: 'day' }, AT + 5),
      cell({ op: 'increment', amount: 1 }, { name: 'b' }, null),
    ])
    expect(upserts).toEqual([
      {
        updateOne: {
          filter: { _id: '["web","a"]' },
          update: {
            $setOnInsert: { p: 'web', n: 'a' },
            $max: { e: new Date(AT + 5) },
            $inc: { w: 1 },
          },
          upsert: true,
        },
      },
      {
        updateOne: {
          filter: { _id: '["web","b"]' },
          update: { $setOnInsert: { p: 'web', n: 'b' }, $max: { e: NEVER }, $inc: { w: 1 } },
          upsert: true,
        },
      },
    ])
  })
})
