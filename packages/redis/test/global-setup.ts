import { startRedis, startRedisCluster } from '@kairos/test-servers'
import type { TestProject } from 'vitest/node'

/** Where the live tests find their servers: an address, or why there is none. */
export type LiveServer = { url: string } | { skipped: string }
export type LiveCluster = { nodes: { host: string; port: number }[] } | { skipped: string }

declare module 'vitest' {
  export interface ProvidedContext {
    redis: LiveServer
    redisCluster: LiveCluster
  }
}

/**
 * Starts the shared servers once for all test files. Without a server this throws, failing
 * the run, unless KAIROS_SKIP_REDIS=1, when the live tests are skipped with the reason.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const single = await startRedis()
  const cluster = await startRedisCluster().catch(async (error: unknown) => {
    if (!single.skipped) await single.stop()
    throw error
  })

  project.provide('redis', single.skipped ? { skipped: single.reason } : { url: single.url })
  project.provide(
    'redisCluster',
    cluster.skipped ? { skipped: cluster.reason } : { nodes: cluster.nodes },
  )

  return async () => {
    await Promise.all([single.skipped || single.stop(), cluster.skipped || cluster.stop()])
  }
}
