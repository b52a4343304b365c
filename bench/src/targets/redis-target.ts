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
    serverProcesses: 1,
    capReason: undefined,
    storeMemory: async () => ({ usedMemory: await settledUsedMemory(client) }),
    serverCpuSeconds: () => redisCpuSeconds(client),
    serverCommandTime: () => redisCommandTime(client),
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
    serverProcesses: server.nodes.length,
    capReason: undefined,
    storeMemory: async () => {
      const used = await Promise.all(client.nodes('master').map(settledUsedMemory))
      return { usedMemory: used.reduce((sum, bytes) => sum + bytes, 0) }
    },
    serverCpuSeconds: async () => {
      const seconds = await Promise.all(client.nodes('master').map(redisCpuSeconds))
      return seconds.reduce((sum, s) => sum + s, 0)
    },
    serverCommandTime: async () => {
      const masters = await Promise.all(client.nodes('master').map(redisCommandTime))
      const total = new Map<string, number>()
      for (const times of masters) {
        for (const [command, usec] of times) total.set(command, (total.get(command) ?? 0) + usec)
      }
      return total
    },
    close: async () => {
      await backend.close()
      await client.quit()
    },
  }
}

/** How often, and how many times, to ask whether Redis is still freeing deleted keys. */
const SETTLE_POLL_MS = 100
const SETTLE_POLLS = 100

/**
 * `used_memory` once Redis has finished freeing deleted keys: a prefix removed just before
 * is freed in the background, and would otherwise show as a shrink during the next ingest.
 */
async function settledUsedMemory(client: Redis): Promise<number> {
  for (let poll = 0; ; poll++) {
    const fields = parseRedisInfo(await client.info('memory'))
    const used = fields.get('used_memory')
    if (used === undefined) throw new Error('INFO memory has no used_memory')

    const pending = fields.get('lazyfree_pending_objects') ?? 0
    if (pending === 0 || poll >= SETTLE_POLLS) return used
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS))
  }
}

/**
 * CPU seconds, user and system, of the thread that runs commands: the one that bounds how
 * much a Redis server can do. Servers before 6.2 only report the whole process.
 */
async function redisCpuSeconds(client: Redis): Promise<number> {
  const fields = parseRedisInfo(await client.info('cpu'))
  const user = fields.get('used_cpu_user_main_thread') ?? fields.get('used_cpu_user')
  const system = fields.get('used_cpu_sys_main_thread') ?? fields.get('used_cpu_sys')
  if (user === undefined || system === undefined) throw new Error('INFO cpu has no used_cpu_user')
  return user + system
}

/** Microseconds spent per command, from the `usec=` of each `cmdstat_<command>` line. */
async function redisCommandTime(client: Redis): Promise<Map<string, number>> {
  const times = new Map<string, number>()
  for (const line of (await client.info('commandstats')).split(/\r?\n/)) {
    const match = /^cmdstat_([^:]+):.*\busec=(\d+)/.exec(line)
    if (match !== null) times.set(match[1] as string, Number(match[2]))
  }
  return times
}
