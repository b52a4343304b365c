import type { PendingChange, TypeSemantics } from './type-semantics.js'

/** `series`: every value, in arrival order. */
export const seriesType: TypeSemantics<unknown[]> = {
  name: 'series',
  op: 'append',
  start: (name, interval, bucket, sub, expiresAt, point) => ({
    name,
    interval,
    bucket,
    sub,
    expiresAt,
    op: 'append',
    values: [point as string],
  }),
  fold(change: PendingChange, point) {
    if (change.op === 'append') change.values.push(point as string)
  },
  empty: () => [],
  fromCell: (cell, decode) => (cell.op === 'append' ? cell.values.map(decode) : []),
  decode: (data, decode) => data.map((value) => decode(value as string)),
  merge(earlier, later) {
    for (const value of later) earlier.push(value)
    return earlier
  },
}
