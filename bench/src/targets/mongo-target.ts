import { type Db, MongoClient } from 'mongodb'
import type { BenchTarget, StoreMemory } from './bench-target.js'
import { loadBackendClass } from './load-backend-class.js'
import type { ServerPool } from './server-pool.js'

/** The database the kairos phases write into. */
export const BENCH_DATABASE = 'kairos_bench'

/** Fields of `dbStats` kept as the store's memory, when the server reports them. */
const DB_STATS_FIELDS = ['dataSize', 'storageSize', 'indexSize', 'totalSize'] as const

/**
 * Kairos on a MongoDB-wire server through `@kairos/mongo`, handed a `Db` of a plain
 * `MongoClient`. The store's memory is what `dbStats` reports for the database.
 *
 * @param ferretEvents - the event cap when the server turns out to be FerretDB
 */
export async function mongoTarget(pool: ServerPool, ferretEvents: number): Promise<BenchTarget> {
  const MongoBackend = await loadBackendClass<Db>('@kairos/mongo', 'MongoBackend')
  const server = await pool.mongo()
  const client = await MongoClient.connect(server.url)
  const db = client.db(BENCH_DATABASE)
  const backend = new MongoBackend(db)
  const ferret = isFerret(server.description)

  return {
    name: 'mongo',
    description: server.description,
    backend,
    eventCap: ferret ? ferretEvents : undefined,
    serverProcesses: 1,
    capReason: ferret ? FERRET_CAP_REASON : undefined,
    storeMemory: () => databaseStats(db),
    serverCpuSeconds: async () => undefined,
    serverCommandTime: async () => undefined,
    close: async () => {
      await backend.close()
      await client.close()
    },
  }
}

/** Why FerretDB gets fewer events, in the report. */
export const FERRET_CAP_REASON =
  'FerretDB on SQLite is slow at updates, so it gets at most --ferret-events flights'

/**
 * @param description - a server description from `@kairos/test-servers`
 * @returns whether the server is FerretDB rather than MongoDB
 */
export function isFerret(description: string): boolean {
  return description.includes('FerretDB')
}

/**
 * The numeric size fields of `dbStats` that the server reports; FerretDB fills them from
 * its SQLite files rather than from documents and may leave some out.
 *
 * @param db - the database
 * @returns field name → bytes
 */
export async function databaseStats(db: Db): Promise<StoreMemory> {
  const stats: Record<string, unknown> = await db.command({ dbStats: 1, scale: 1 })
  const memory: Record<string, number> = {}

  for (const field of DB_STATS_FIELDS) {
    const value = Number(stats[field])
    if (Number.isFinite(value)) memory[field] = value
  }
  return memory
}
