import type { CellRead, MergeOp } from '@kairos/core'
import { decodeValue, readMarker } from './cell-encoding.js'

/**
 * Turns the stored form of one bucket key back into cells: one per sub-bucket (or a single
 * one without a resolution), in the shape of the key's merge operation.
 */

const COLON = 58
const MINUS = 45
const ZERO = 48
const NUL = '\u0000'

/** Below this, one more decimal digit cannot leave the range where doubles are exact. */
const MAX_EXACT_PREFIX = (Number.MAX_SAFE_INTEGER - 9) / 10

/** The marker of a cell without a resolution, shared to spare an allocation per field. */
const NO_SUB = { sub: null, rest: 1 } as const

/** The read command (after the key) that returns a whole bucket key of each operation. */
export const READ_COMMAND: Readonly<Record<MergeOp, readonly string[]>> = {
  count: ['HGETALL'],
  increment: ['HGETALL'],
  replace: ['HGETALL'],
  add: ['SMEMBERS'],
  append: ['LRANGE', '0', '-1'],
}

/**
 * Decodes the reply for one bucket key.
 *
 * @param op - the merge operation the key was written with
 * @param bucket - the bucket start
 * @param joined - HGETALL's flat field/value list, or the members or elements, joined by NUL
 */
export function decodeBucket(op: MergeOp, bucket: number, joined: string): CellRead[] {
  // Every stored item is non-empty (it starts with a marker), so '' is an empty key.
  if (op === 'count') return joined === '' ? [] : decodeCounts(bucket, joined)

  const reply = joined === '' ? [] : joined.split(NUL)
  switch (op) {
    case 'increment':
      return decodePairs(reply, bucket, (sub, text) => ({ bucket, sub, op, amount: Number(text) }))
    case 'replace':
      return decodePairs(reply, bucket, (sub, text) => ({
        bucket,
        sub,
        op,
        value: decodeValue(text, 0),
      }))
    case 'add':
      return [...grouped(bucket, reply)].map(([sub, values]) => ({
        bucket,
        sub,
        op,
        members: new Set(values),
      }))
    case 'append':
      return [...grouped(bucket, reply)].map(([sub, values]) => ({ bucket, sub, op, values }))
  }
}

/**
 * Histogram fields and counts, read straight out of the joined reply: the bulk of a
 * histogram read, so it cuts one string per member rather than three.
 */
function decodeCounts(bucket: number, joined: string): CellRead[] {
  const cells = new Map<number | null, Map<string, number>>()
  let counts: Map<string, number> | undefined
  let countsSub: number | null | undefined

  for (let from = 0; from < joined.length; ) {
    const fieldEnd = joined.indexOf(NUL, from)
    const countEnd = nextNul(joined, fieldEnd + 1)
    const { sub, rest } =
      joined.charCodeAt(from) === COLON ? NO_SUB : readMarker(joined.slice(from, fieldEnd), bucket)
    // Fields of one sub-bucket usually come together: skip the lookup while they do.
    if (counts === undefined || sub !== countsSub) {
      counts = cells.get(sub)
      if (counts === undefined) {
        counts = new Map()
        cells.set(sub, counts)
      }
      countsSub = sub
    }

    const member = decodeValue(joined.slice(from + rest, fieldEnd), 0)
    counts.set(member, countAt(joined, fieldEnd + 1, countEnd))
    from = countEnd + 1
  }
  return [...cells].map(([sub, counts]) => ({ bucket, sub, op: 'count', counts }))
}

function nextNul(joined: string, from: number): number {
  const at = joined.indexOf(NUL, from)
  return at === -1 ? joined.length : at
}

/** A count as Redis wrote it: digits for integers, parsed without a string of their own. */
function countAt(joined: string, from: number, end: number): number {
  let negative = false
  let i = from
  if (joined.charCodeAt(i) === MINUS) {
    negative = true
    i++
  }
  let n = 0
  for (; i < end; i++) {
    const digit = joined.charCodeAt(i) - ZERO
    if (digit < 0 || digit > 9 || n > MAX_EXACT_PREFIX) return Number(joined.slice(from, end))
    n = n * 10 + digit
  }
  if (i === from || (negative && i === from + 1)) return Number(joined.slice(from, end))
  return negative ? -n : n
}

/** One cell per field: the field is the marker alone, the value is the cell's data. */
function decodePairs(
  reply: readonly string[],
  bucket: number,
  cell: (sub: number | null, text: string) => CellRead,
): CellRead[] {
  const cells: CellRead[] = []
  for (let i = 0; i + 1 < reply.length; i += 2) {
    cells.push(cell(readMarker(reply[i] as string, bucket).sub, reply[i + 1] as string))
  }
  return cells
}

/** Members or elements by sub-bucket, keeping their order. */
function grouped(bucket: number, reply: readonly string[]): Map<number | null, string[]> {
  const cells = new Map<number | null, string[]>()
  for (const stored of reply) {
    const { sub, rest } = readMarker(stored, bucket)
    let values = cells.get(sub)
    if (values === undefined) {
      values = []
      cells.set(sub, values)
    }
    values.push(decodeValue(stored, rest))
  }
  return cells
}
