import type { PendingChange, TypeSemantics } from './type-semantics.js'

/** `set`: the distinct values. */
export const setType: TypeSemantics<Set<unknown>> = {
  name: 'set',
  op: 'add',
  start: (name, interval, bucket, sub, expiresAt, point) => ({
    name,
    interval,
    bucket,
    sub,
    expiresAt,
    op: 'add',
    members: new Set<string>().add(point as string),
  }),
  fold(change: PendingChange, point) {
    if (change.op === 'add') change.members.add(point as string)
  },
  empty: () => new Set(),
  fromCell(cell, decode) {
    const result = new Set<unknown>()
    if (cell.op === 'add') for (const member of cell.members) result.add(decode(member))
    return result
  },
  decode(data, decode) {
    const result = new Set<unknown>()
    for (const member of data) result.add(decode(member as string))
    return result
  },
  merge(earlier, later) {
    for (const member of later) earlier.add(member)
    return earlier
  },
}
