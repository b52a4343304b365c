import type { PendingChange, TypeSemantics } from './type-semantics.js'

/** `count`: a running total; each point adds its amount. */
export const countType: TypeSemantics<number> = {
  name: 'count',
  op: 'increment',
  start: (name, interval, bucket, sub, expiresAt, point) => ({
    name,
    interval,
    bucket,
    sub,
    expiresAt,
    op: 'increment',
    amount: point as number,
  }),
  fold(change: PendingChange, point) {
    if (change.op === 'increment') change.amount += point as number
  },
  empty: () => 0,
  fromCell: (cell) => (cell.op === 'increment' ? cell.amount : 0),
  decode: (data) => data,
  merge: (earlier, later) => earlier + later,
}
