import { describe, expect, it } from 'vitest'
import { encodeValue } from '../src/cell-encoding.js'
import { decodeBucket } from '../src/read-cells.js'

/** A bucket key's HGETALL reply as the fetch script joins it. */
const joined = (...items: string[]) => items.join('\u0000')

describe('decodeBucket for histogram keys', () => {
  it('reads counts in every form Redis writes them', () => {
    const counts = [
      '7',
      '-3',
      '0',
      '-0',
      '2.75',
      '1e+21',
      '12345678901234567890',
      '9007199254740993',
    ]
    const reply = joined(...counts.flatMap((count, i) => [`:m${i}`, count]))

    const [cell] = decodeBucket('count', 0, reply)

    expect(cell).toEqual({
      bucket: 0,
      sub: null,
      op: 'count',
      counts: new Map(counts.map((count, i) => [`m${i}`, Number(count)])),
    })
  })

  it('keeps sub-buckets apart and restores escaped members', () => {
    const awkward = '\uffffodd\u0000member'
    const reply = joined(':a', '1', `60000:${encodeValue(awkward)}`, '2', '60000:b', '3', ':c', '4')

    const cells = decodeBucket('count', 1_000, reply)

    expect(cells).toEqual([
      {
        bucket: 1_000,
        sub: null,
        op: 'count',
        counts: new Map([
          ['a', 1],
          ['c', 4],
        ]),
      },
      {
        bucket: 1_000,
        sub: 61_000,
        op: 'count',
        counts: new Map([
          [awkward, 2],
          ['b', 3],
        ]),
      },
    ])
  })

  it('reads an empty key as no cells', () => {
    expect(decodeBucket('count', 0, '')).toEqual([])
  })
})
