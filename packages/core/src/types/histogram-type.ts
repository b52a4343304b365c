import type { PendingChange, TypeSemantics } from './type-semantics.js'

/** `histogram`: value → number of occurrences. */
export const histogramType: TypeSemantics<Map<unknown, number>> = {
  name: 'histogram',
  op: 'count',
  start: (name, interval, bucket, sub, expiresAt, point) => ({
    name,
    interval,
    bucket,
    sub,
    expiresAt,
    op: 'count',
    counts: new Map<string, number>().set(point as string, 1),
  }),
  fold(change: PendingChange, point) {
    if (change.op !== 'count') return
    const member = point as string
    change.counts.set(member, (change.counts.get(member) ?? 0) + 1)
  },
  empty: () => new Map(),
  fromCell(cell, decode) {
    const result = new Map<unknown, number>()
    if (cell.op !== 'count') return result
    for (const [member, n] of cell.counts) {
      const key = decode(member)
      result.set(key, (result.get(key) ?? 0) + n)
    }
    return result
  },
  decode(data, decode) {
    const result = new Map<unknown, number>()
    for (const [member, n] of data) {
      const key = decode(member as string)
      result.set(key, (result.get(key) ?? 0) + n)
    }
    return result
  },
  merge(earlier, later) {
    for (const [key, n] of later) earlier.set(key, (earlier.get(key) ?? 0) + n)
    return earlier
  },
}
