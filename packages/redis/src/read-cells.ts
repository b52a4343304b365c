import type { CellRead, MergeOp } from '@kairos/core'
import { decodeValue, readMarker } from './cell-encoding.js'

/**
 * Turns the stored form of one bucket key back into cells: one per sub-bucket (or a single
 * one without a resolution), in the shape of the key's merge operation.
 */

const COLON = 58

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
  const reply = joined === '' ? [] : joined.split('\u0000')
  switch (op) {
    case 'count':
      return decodeCounts(bucket, reply)
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

function decodeCounts(bucket: number, reply: readonly string[]): CellRead[] {
  const cells = new Map<number | null, Map<string, number>>()
  let counts: Map<string, number> | undefined
  let countsSub: number | null | undefined
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const field = reply[i] as string
    const { sub, rest } = field.charCodeAt(0) === COLON ? NO_SUB : readMarker(field, bucket)
    // Fields of one sub-bucket usually come together: skip the lookup while they do.
    if (counts === undefined || sub !== countsSub) {
      counts = cells.get(sub)
      if (counts === undefined) {
        counts = new Map()
        cells.set(sub, counts)
      }
      countsSub = sub
    }
    counts.set(decodeValue(field, rest), Number(reply[i + 1]))
  }
  return [...cells].map(([sub, counts]) => ({ bucket, sub, op: 'count', counts }))
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
