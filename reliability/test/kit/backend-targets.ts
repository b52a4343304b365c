import { MemoryBackend, type StorageBackend } from '@kairos/core'
import { RedisBackend } from '@kairos/redis'
import { Cluster, Redis, type RedisOptions } from 'ioredis'
import type { Db, MongoClientOptions } from 'mongodb'
import type { SharedServers } from './global-setup.js'
import { MONGO_TEST_OPTIONS, openMongoBackend } from './mongo-target.js'

/** The four backends every reliability test runs against. */
export type BackendKind = 'memory' | 'redis' | 'cluster' | 'mongo'

/** Where another process can reach the same store: plain data, sent to writer processes. */
export type RemoteTarget =
  | { readonly kind: 'redis'; readonly url: string; readonly options: RedisOptions }
  | {
      readonly kind: 'cluster'
      readonly nodes: readonly { host: string; port: number }[]
      readonly options: RedisOptions
    }
  | {
      readonly kind: 'mongo'
      readonly url: string
      readonly db: string
      readonly options: MongoClientOptions
    }

/** A backend ready for a test, and how to let go of it and its client. */
export interface Target {
  readonly kind: BackendKind
  readonly backend: StorageBackend
  /** How a writer process reaches the same data; none for the in-process memory backend. */
  readonly remote?: RemoteTarget
  /** The database of a MongoDB target, for checks on the raw documents. */
  readonly db?: Db
  close(): Promise<void>
}

/**
 * ioredis settings for tests: every call bounded, nothing sent twice after a lost reply,
 * so a failure shows at once instead of as a hang or a double count.
 */
export const REDIS_TEST_OPTIONS: RedisOptions = {
  commandTimeout: 5_000,
  maxRetriesPerRequest: 1,
  autoResendUnfulfilledCommands: false,
}

/**
 * Opens a backend of `kind` on the shared servers.
 *
 * @returns the target, or the reason its server is missing (a permitted skip)
 */
export async function openTarget(
  kind: BackendKind,
  servers: SharedServers,
): Promise<Target | { skipped: string }> {
  switch (kind) {
    case 'memory': {
      const backend = new MemoryBackend()
      return { kind, backend, close: () => backend.close() }
    }
    case 'redis': {
      if ('skipped' in servers.redis) return servers.redis
      const { url } = servers.redis
      const client = new Redis(url, REDIS_TEST_OPTIONS)
      return redisTarget(client, { kind, url, options: REDIS_TEST_OPTIONS })
    }
    case 'cluster': {
      if ('skipped' in servers.cluster) return servers.cluster
      const { nodes } = servers.cluster
      const client = new Cluster(nodes, { redisOptions: REDIS_TEST_OPTIONS })
      return redisTarget(client, { kind, nodes, options: REDIS_TEST_OPTIONS })
    }
    case 'mongo': {
      if ('skipped' in servers.mongo) return servers.mongo
      const { url } = servers.mongo
      const opened = await openMongoBackend(url)
      const remote = { kind, url, db: opened.db.databaseName, options: MONGO_TEST_OPTIONS }
      return { kind, backend: opened.backend, remote, db: opened.db, close: opened.close }
    }
  }
}

function redisTarget(client: Redis | Cluster, remote: RemoteTarget): Target {
  // Failures reach the calls that meet them; without a listener ioredis prints each one.
  client.on('error', () => undefined)
  return {
    kind: remote.kind,
    remote,
    backend: new RedisBackend(client),
    close: async () => {
      await client.quit()
    },
  }
}
