import type { CellAddress, CellRead, CellWrite, MergeOp } from '@kairos/core'
import { type AnyBulkWriteOperation, type Document, Double } from 'mongodb'

import { memberFromKey, memberKey } from './member-key.js'

/**
 * The fields of a cell document: one document per (prefix, name, interval, bucket, sub-bucket).
 * `_id` is that address as a JSON array, so an upsert finds its document by `_id` alone (the
 * one lookup FerretDB v1 hands to its storage instead of decoding every document) and two
 * writers racing to create a cell collide on the `_id` index. The address is also kept in
 * plain fields, indexed for the range queries. Each merge operation keeps its aggregate in a
 * field of its own, so a read names exactly the field of its operation and two operations can
 * never trip over each other's shape.
 */
export const CellField = {
  prefix: 'p',
  name: 'n',
  interval: 'i',
  bucket: 'b',
  sub: 's',
  expiresAt: 'e',
  append: 'a',
  count: 'h',
  increment: 'c',
  replace: 'g',
  add: 'm',
} as const

/** The document shape, for the driver's typed collections. */
export interface CellDocument extends Document {
  _id: string
  p: string
  n: string
  i: string
  b: number
  s: number | null
  e?: Date
  a?: string[]
  h?: Record<string, number>
  c?: number
  g?: string
  m?: string[]
}

/**
 * The `_id` of a cell: its address as JSON, which is injective (every string, every number
 * and null have one spelling) and the same in every process.
 */
export function cellId(prefix: string, cell: CellAddress): string {
  return JSON.stringify([prefix, cell.name, cell.interval, cell.bucket, cell.sub])
}

function addressFields(prefix: string, cell: CellAddress): Document {
  return { p: prefix, n: cell.name, i: cell.interval, b: cell.bucket, s: cell.sub }
}

/**
 * The upsert that merges one folded write into its cell. Numbers are sent as doubles so that
 * `$inc` never meets an int32 overflow and reads never meet an int64: counts behave exactly as
 * JavaScript numbers do.
 */
export function cellUpsert(prefix: string, write: CellWrite): AnyBulkWriteOperation<CellDocument> {
  const update = mergeUpdate(write)
  update.$setOnInsert = { ...update.$setOnInsert, ...addressFields(prefix, write) }

  if (write.expiresAt === null) update.$unset = { [CellField.expiresAt]: '' }
  else update.$set = { ...update.$set, [CellField.expiresAt]: new Date(write.expiresAt) }

  return { updateOne: { filter: { _id: cellId(prefix, write) }, update, upsert: true } }
}

function mergeUpdate(write: CellWrite): Document {
  switch (write.op) {
    case 'append':
      return listUpdate('$push', CellField.append, write.values)
    case 'count':
      return countUpdate(write.counts)
    case 'increment':
      return { $inc: { [CellField.increment]: new Double(write.amount) } }
    case 'replace':
      return { $set: { [CellField.replace]: write.value } }
    case 'add':
      return listUpdate('$addToSet', CellField.add, [...write.members])
  }
}

function listUpdate(operator: '$push' | '$addToSet', field: string, items: readonly string[]) {
  // FerretDB v1 creates no field for an empty `$each`; an empty write still leaves its cell.
  if (items.length === 0) return { $setOnInsert: { [field]: [] } }
  return { [operator]: { [field]: { $each: [...items] } } }
}

function countUpdate(counts: ReadonlyMap<string, number>): Document {
  // `$inc` may not be empty; an empty histogram write still leaves its cell.
  if (counts.size === 0) return { $setOnInsert: { [CellField.count]: {} } }

  const inc: Record<string, Double> = {}
  for (const [member, n] of counts) inc[`${CellField.count}.${memberKey(member)}`] = new Double(n)
  return { $inc: inc }
}

/** The fields a read of `op` needs back. */
export function readProjection(op: MergeOp): Document {
  return { _id: 0, [CellField.bucket]: 1, [CellField.sub]: 1, [CellField[op]]: 1 }
}

/**
 * Turns a stored document into the cell a read returns.
 *
 * @returns the cell, or undefined when the document holds no data of `op`
 * @throws Error when the document was not written by this backend
 */
export function cellFromDocument(doc: Document, op: MergeOp): CellRead | undefined {
  const data: unknown = doc[CellField[op]]
  if (data === undefined) return undefined

  const bucket = numberOf(doc[CellField.bucket], 'bucket')
  // FerretDB v1 drops null values from `$setOnInsert`, so a missing sub-bucket means none.
  const stored: unknown = doc[CellField.sub]
  const sub = stored === null || stored === undefined ? null : numberOf(stored, 'sub')

  switch (op) {
    case 'append':
      return { bucket, sub, op, values: stringsOf(data, op) }
    case 'count':
      return { bucket, sub, op, counts: countsOf(data) }
    case 'increment':
      return { bucket, sub, op, amount: numberOf(data, op) }
    case 'replace':
      return { bucket, sub, op, value: stringOf(data, op) }
    case 'add':
      return { bucket, sub, op, members: new Set(stringsOf(data, op)) }
  }
}

function countsOf(data: unknown): Map<string, number> {
  if (typeof data !== 'object' || data === null) throw unexpected('count')

  const counts = new Map<string, number>()
  for (const [key, n] of Object.entries(data)) counts.set(memberFromKey(key), numberOf(n, 'count'))
  return counts
}

function numberOf(value: unknown, field: string): number {
  // An int64 written by another tool comes back as a Long (or bigint); both convert.
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'object' && value !== null && 'toNumber' in value) {
    return (value as { toNumber(): number }).toNumber()
  }
  throw unexpected(field)
}

function stringOf(value: unknown, field: string): string {
  if (typeof value !== 'string') throw unexpected(field)
  return value
}

function stringsOf(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw unexpected(field)
  return value.map((item: unknown) => stringOf(item, field))
}

function unexpected(field: string): Error {
  return new Error(`a cell document holds a ${field} field of an unexpected type`)
}
