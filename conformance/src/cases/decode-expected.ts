import { ordered } from '../kit/compare.js'
import type { Expected } from './fixture.js'

/**
 * Turns an encoded expectation into the value a read should equal: `buckets` become
 * ordered maps with their keys shifted by `offset`, `counts` maps, `members` sets and
 * `record` plain objects.
 */
export function decodeExpected(encoded: Expected, offset: number): unknown {
  if (Array.isArray(encoded)) return encoded.map((item: Expected) => decodeExpected(item, offset))
  if (typeof encoded !== 'object' || encoded === null) return encoded

  if ('buckets' in encoded) {
    return ordered(
      new Map(
        encoded.buckets.map(([start, data]) => [start + offset, decodeExpected(data, offset)]),
      ),
    )
  }
  if ('counts' in encoded) {
    return new Map(encoded.counts.map(([value, count]) => [value, decodeExpected(count, offset)]))
  }
  if ('members' in encoded)
    return new Set(encoded.members.map((member) => decodeExpected(member, offset)))
  if ('record' in encoded) {
    return Object.fromEntries(
      Object.entries(encoded.record).map(([k, v]) => [k, decodeExpected(v, offset)]),
    )
  }
  throw new Error(`an expectation holds an untagged object: ${JSON.stringify(encoded)}`)
}
