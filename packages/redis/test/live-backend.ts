import { randomBytes } from 'node:crypto'
import type { CellChange, CellRead, CellWrite } from '@kairos/core'
import { Cluster, Redis, type RedisOptions } from 'ioredis'
import { afterAll, beforeAll, beforeEach, inject } from 'vitest'
import { RedisBackend } from '../src/index.js'

/** The two deployments every live test runs against. */
export type Kind = 'single' | 'cluster'
export const KINDS: readonly Kind[] = ['single', 'cluster']

/** Client settings for tests: quick to give up, so a failure shows instead of a hang. */
export const TEST_CLIENT: RedisOptions = {
  commandTimeout: 5_000,
  maxRetriesPerRequest: 1,
  autoResendUnfulfilledCommands: false,
}

/** What a group of live tests works with. */
export interface Live {
  readonly client: Redis | Cluster
  readonly backend: RedisBackend
}

/**
 * Connects to the shared server (or cluster) of `kind` for the enclosing describe, and skips
 * its tests with the reason when the run was allowed to go without Redis.
 */
export function useLive(kind: Kind): Live {
  let live: Live | undefined
  let skipped: string | undefined

  beforeAll(async () => {
    const client = connect(kind)
    if (typeof client === 'string') {
      skipped = client
      return
    }
    client.on('error', () => undefined)
    live = { client, backend: new RedisBackend(client) }
  })

  beforeEach((context) => {
    if (skipped !== undefined) context.skip(skipped)
  })

  afterAll(async () => {
    await live?.client.quit()
  })

  return {
    get client() {
      return current().client
    },
    get backend() {
      return current().backend
    },
  }

  function current(): Live {
    if (live === undefined) throw new Error('the live backend exists only inside tests')
    return live
  }
}

/** A client for the shared server of `kind`, or the reason there is none. */
export function connect(kind: Kind, options: RedisOptions = TEST_CLIENT): Redis | Cluster | string {
  if (kind === 'single') {
    const server = inject('redis')
    return 'skipped' in server ? server.skipped : new Redis(server.url, options)
  }
  const cluster = inject('redisCluster')
  if ('skipped' in cluster) return cluster.skipped
  return new Cluster(cluster.nodes, { redisOptions: options, enableOfflineQueue: true })
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

/** Read results in a stable order, for comparison. */
export function sorted(cells: readonly CellRead[]): CellRead[] {
  return [...cells].sort((a, b) => a.bucket - b.bucket || (a.sub ?? -1) - (b.sub ?? -1))
}
