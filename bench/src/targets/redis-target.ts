import { Cluster, Redis } from 'ioredis'
import type { BenchTarget } from './bench-target.js'
import { loadBackendClass } from './load-backend-class.js'
import { parseRedisInfo } from './redis-info.js'
import type { ServerPool } from './server-pool.js'

/**
 * Kairos on a single Redis, through `@kairos/redis` over a plain ioredis client, as a user
 * would build it. The store's memory is `used_memory` from `INFO memory`.
 */
export async function redisTarget(pool: ServerPool): Promise<BenchTarget> {
  const RedisBackend = await loadBackendClass<Redis | Cluster>('@kairos/redis', 'RedisBackend')
  const server = await pool.redis()
  const client = new Redis(server.url)
  const backend = new RedisBackend(client)

  return {
    name: 'redis',
    description: `Redis ${server.version} (${server.kind}) on ${server.host}:${server.port}`,
    backend,
    eventCap: undefined,
    capReason: undefined,
    storeMemory: async () => ({ usedMemory: usedMemory(await client.info('memory')) }),
    close: async () => {
      await backend.close()
      await client.quit()
    },
  }
}

/**
 * Kairos on a three-master Redis Cluster over an ioredis `Cluster`. The store's memory is the
 * sum of `used_memory` over the masters.
 */
export async function redisClusterTarget(pool: ServerPool): Promise<BenchTarget> {
  const RedisBackend = await loadBackendClass<Redis | Cluster>('@kairos/redis', 'RedisBackend')
  const server = await pool.redisCluster()
  const client = new Cluster(server.nodes)
  const backend = new RedisBackend(client)
  const ports = server.nodes.map((node) => node.port).join(', ')

  return {
    name: 'redis-cluster',
    description: `Redis Cluster ${server.version}, ${server.nodes.length} masters, ports ${ports}`,
    backend,
    eventCap: undefined,
    capReason: undefined,
    storeMemory: async () => {
      const replies = await Promise.all(client.nodes('master').map((node) => node.info('memory')))
      return { usedMemory: replies.reduce((sum, reply) => sum + usedMemory(reply), 0) }
    },
    close: async () => {
      await backend.close()
      await client.quit()
    },
  }
}

function usedMemory(reply: string): number {
  const used = parseRedisInfo(reply).get('used_memory')
  if (used === undefined) throw new Error('INFO memory has no used_memory')
  return used
}
