import type { Collection, Db, Document } from 'mongodb'

import type { CellDocument } from './cell-document.js'
import type { NameDocument } from './name-document.js'

/** What the backend learned about the server while creating its indexes. */
export interface ServerTraits {
  /** The server removes expired documents itself (it accepted the TTL indexes). */
  readonly nativeExpiry: boolean
  /** The most upserts to send in one bulk write. */
  readonly chunkSize: number
  /**
   * The server applies an update as read, modify, write without isolation (FerretDB v1), so
   * two concurrent updates of one document can lose one of them. The backend then sends its
   * own writes one at a time; writers in other processes can still collide.
   */
  readonly racyUpdates: boolean
}

/** The index names this backend creates; stable, so that a second process finds them. */
export const IndexName = {
  cell: 'kairos_cell',
  name: 'kairos_name',
  expiry: 'kairos_expiry',
} as const

/** MongoDB's code for a feature a server does not have, as FerretDB v1 answers TTL indexes. */
const NOT_IMPLEMENTED = 238

/** Bulk writes of up to this many upserts suit MongoDB: few round trips, small messages. */
const MONGODB_CHUNK = 1000

/**
 * FerretDB v1 keeps a pooled SQLite connection per update statement until the whole command
 * ends, out of a pool of 100 per database; an update command of 100 statements, or a few
 * concurrent ones that add up to that, waits forever. Small chunks keep several writers well
 * under the limit, and cost little there, since that server applies statements one by one.
 */
const FERRETDB_V1_CHUNK = 16

/**
 * Creates the indexes every query relies on (idempotent: existing ones are kept) and finds out
 * whether the server has TTL indexes.
 *
 * @param db - the database holding both collections
 * @param cells - the cell collection
 * @param names - the name collection
 * @returns what the server can do
 */
export async function prepareCollections(
  db: Db,
  cells: Collection<CellDocument>,
  names: Collection<NameDocument>,
): Promise<ServerTraits> {
  // Uniqueness comes from `_id`; these serve the range queries and deletions.
  await cells.createIndex({ p: 1, n: 1, i: 1, b: 1, s: 1 }, { name: IndexName.cell })
  await names.createIndex({ p: 1, n: 1 }, { name: IndexName.name })

  const nativeExpiry = (await createExpiryIndex(cells)) && (await createExpiryIndex(names))
  const ferretDbV1 = await isFerretDbV1(db)
  return {
    nativeExpiry,
    chunkSize: ferretDbV1 ? FERRETDB_V1_CHUNK : MONGODB_CHUNK,
    racyUpdates: ferretDbV1,
  }
}

/** @returns false when the server has no TTL indexes; any other failure is thrown */
async function createExpiryIndex<T extends Document>(collection: Collection<T>): Promise<boolean> {
  try {
    await collection.createIndex({ e: 1 }, { name: IndexName.expiry, expireAfterSeconds: 0 })
    return true
  } catch (error) {
    if ((error as { code?: unknown }).code === NOT_IMPLEMENTED) return false
    throw error
  }
}

async function isFerretDbV1(db: Db): Promise<boolean> {
  const info = await db.command({ buildInfo: 1 })
  const version: unknown = info.ferretdbVersion
  return typeof version === 'string' && /^v?1\./.test(version)
}
