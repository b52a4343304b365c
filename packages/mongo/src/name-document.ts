import type { CellWrite } from '@kairos/core'
import type { AnyBulkWriteOperation, Document } from 'mongodb'

/**
 * The fields of a name document: one per (prefix, name) that has data, so that `list()` reads
 * a small index range instead of the cells. `_id` is the pair as a JSON array, for the same
 * reasons as a cell's.
 *
 * - `e` is the latest expiry of any cell written under the name (a far-future date for cells
 *   kept forever), so that a TTL index drops the name together with its last cell.
 * - `w` counts the writes that touched the name; `expire` removes the name only if no write
 *   came in between its check for remaining cells and the removal.
 */
export const NameField = {
  prefix: 'p',
  name: 'n',
  expiresAt: 'e',
  writes: 'w',
} as const

/** The document shape, for the driver's typed collections. */
export interface NameDocument extends Document {
  _id: string
  p: string
  n: string
  e: Date
  w: number
}

/** Stands in for "never" where an expiry date is needed: the last second of year 9999. */
export const NEVER = new Date(Date.UTC(9999, 11, 31, 23, 59, 59))

/** The `_id` of a name document. */
export function nameId(prefix: string, name: string): string {
  return JSON.stringify([prefix, name])
}

/**
 * One upsert per name written in a batch, after its cells.
 *
 * @param prefix - the timeseries prefix
 * @param writes - the cell writes of the batch
 * @returns the upserts, one per distinct name
 */
export function nameUpserts(
  prefix: string,
  writes: readonly CellWrite[],
): AnyBulkWriteOperation<NameDocument>[] {
  const latest = new Map<string, number>()
  for (const write of writes) {
    const expiresAt = write.expiresAt ?? NEVER.getTime()
    const known = latest.get(write.name)
    if (known === undefined || expiresAt > known) latest.set(write.name, expiresAt)
  }

  return [...latest].map(([name, expiresAt]) => ({
    updateOne: {
      filter: { _id: nameId(prefix, name) },
      update: {
        $setOnInsert: { p: prefix, n: name },
        $max: { e: new Date(expiresAt) },
        $inc: { w: 1 },
      },
      upsert: true,
    },
  }))
}
