import { randomBytes } from 'node:crypto'
import type { StorageBackend } from '@kairos/core'
import { MongoBackend } from '@kairos/mongo'
import { type Db, MongoClient, type MongoClientOptions } from 'mongodb'

/** Driver settings for tests: a lost or frozen server fails calls within seconds. */
export const MONGO_TEST_OPTIONS: MongoClientOptions = {
  serverSelectionTimeoutMS: 5_000,
  socketTimeoutMS: 10_000,
}

/** A MongoDB backend on a database of its own, with the client under it. */
export interface OpenedMongo {
  readonly client: MongoClient
  readonly db: Db
  readonly backend: StorageBackend
  /** Drops the database and closes the client. */
  close(): Promise<void>
}

/**
 * Connects to `url` and opens a backend on a fresh database, so that files and runs never
 * see each other's documents.
 */
export async function openMongoBackend(
  url: string,
  options: MongoClientOptions = MONGO_TEST_OPTIONS,
): Promise<OpenedMongo> {
  const client = new MongoClient(url, options)
  await client.connect()
  const db = client.db(`rel_${randomBytes(4).toString('hex')}`)
  const backend = new MongoBackend(db)

  return {
    client,
    db,
    backend,
    close: async () => {
      await db.dropDatabase().catch(() => undefined)
      await client.close()
    },
  }
}

/**
 * Whether the server applies an update as read, modify, write without isolation, as FerretDB 1
 * does: concurrent updates of one document from separate clients can then overwrite each other.
 */
export async function losesConcurrentUpdates(db: Db): Promise<boolean> {
  const info = await db.command({ buildInfo: 1 })
  const version: unknown = info.ferretdbVersion
  return typeof version === 'string' && /^v?1\./.test(version)
}
