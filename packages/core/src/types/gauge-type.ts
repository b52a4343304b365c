import type { PendingChange, TypeSemantics } from './type-semantics.js'

/** `gauge`: the last value written; merging keeps the later non-null value. */
export const gaugeType: TypeSemantics<unknown> = {
  name: 'gauge',
  op: 'replace',
  start: (name, interval, bucket, sub, expiresAt, point) => ({
    name,
    interval,
    bucket,
    sub,
    expiresAt,
    op: 'replace',
    value: point as string,
  }),
  fold(change: PendingChange, point) {
    if (change.op === 'replace') change.value = point as string
  },
  empty: () => null,
  fromCell: (cell, decode) => (cell.op === 'replace' ? decode(cell.value) : null),
  decode: (data, decode) => (data === null ? null : decode(data as string)),
  merge: (earlier, later) => (later === null ? earlier : later),
}
