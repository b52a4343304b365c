import { randomBytes } from 'node:crypto'
import type { CellChange, CellQuery, CellRead, CellWrite } from '@kairos/core'
import { type Db, MongoClient, type MongoClientOptions } from 'mongodb'
import { afterAll, beforeAll, beforeEach, inject } from 'vitest'
import { MongoBackend, type MongoBackendOptions } from '../src/index.js'

/** Client settings for tests: quick to give up, so a failure shows instead of a hang. */
export const TEST_CLIENT: MongoClientOptions = {
  serverSelectionTimeoutMS: 5_000,
  connectTimeoutMS: 5_000,
  socketTimeoutMS: 30_000,
}

/** What a group of live tests works with. */
export interface Live {
  readonly client: MongoClient
  readonly db: Db
  readonly backend: MongoBackend
  /** What serves the protocol: 'ferretdb', 'mongod', 'docker' or 'external'. */
  readonly kind: string
}

/**
 * Connects to the shared server for the enclosing describe, in a database of its own, and
 * skips its tests with the reason when the run was allowed to go without MongoDB.
 */
export function useLive(options: MongoBackendOptions = {}): Live {
  let live: Live | undefined
  let skipped: string | undefined

  beforeAll(async () => {
    const server = inject('mongo')
    if ('skipped' in server) {
      skipped = server.skipped
      return
    }
    const client = new MongoClient(server.url, TEST_CLIENT)
    const db = client.db(`kairos_test_${randomBytes(4).toString('hex')}`)
    const backend = await new MongoBackend(db, options).ready()
    live = { client, db, backend, kind: server.kind }
  })

  beforeEach((context) => {
    if (skipped !== undefined) context.skip(skipped)
  })

  afterAll(async () => {
    await live?.db.dropDatabase().catch(() => undefined)
    await live?.client.close()
  })

  return {
    get client() {
      return current().client
    },
    get db() {
      return current().db
    },
    get backend() {
      return current().backend
    },
    get kind() {
      return current().kind
    },
  }

  function current(): Live {
    if (live === undefined) throw new Error('the live backend exists only inside tests')
    return live
  }
}

/** The shared server's URL, or the reason there is none. */
export function serverUrl(): { url: string; kind: string } | { skipped: string } {
  return inject('mongo')
}

/** A fresh prefix, so tests never see each other's data. */
export function newPrefix(): string {
  return `t-${randomBytes(6).toString('hex')}`
}

/** A day ahead: far enough that native expiry never interferes with a test. */
export const LATER = Date.now() + 86_400_000

/** A cell write with defaults for the address fields a test does not care about. */
export function cell(
  change: CellChange,
  at: { name?: string; interval?: string; bucket?: number; sub?: number | null } = {},
  expiresAt: number | null = LATER,
): CellWrite {
  return {
    name: at.name ?? 'n',
    interval: at.interval ?? 'hour',
    bucket: at.bucket ?? 0,
    sub: at.sub ?? null,
    expiresAt,
    ...change,
  }
}

/** A read query with defaults for the fields a test does not care about. */
export function query(op: CellQuery['op'], buckets: number[], at: Partial<CellQuery> = {}) {
  return { name: 'n', interval: 'hour', ...at, op, buckets } satisfies CellQuery
}

/** Read results in a stable order, for comparison. */
export function sorted(cells: readonly CellRead[]): CellRead[] {
  return [...cells].sort((a, b) => a.bucket - b.bucket || (a.sub ?? -1) - (b.sub ?? -1))
}
