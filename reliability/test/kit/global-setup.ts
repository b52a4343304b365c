import { startMongo, startRedis, startRedisCluster } from '@kairos/test-servers'
import type { TestProject } from 'vitest/node'

/** An address of a shared server, or why there is none. */
export type Shared<T> = T | { skipped: string }

/** Where the shared servers listen. */
export interface SharedServers {
  readonly redis: Shared<{ url: string }>
  readonly cluster: Shared<{ nodes: { host: string; port: number }[] }>
  readonly mongo: Shared<{ url: string }>
}

declare module 'vitest' {
  export interface ProvidedContext {
    servers: SharedServers
  }
}

/**
 * Starts one Redis, one three-master Redis Cluster and one MongoDB-wire server for the
 * concurrency, differential and regression files (the fault files start their own). A
 * missing server fails the run unless KAIROS_SKIP_REDIS / KAIROS_SKIP_MONGO allow a skip.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const settled = await Promise.allSettled([startRedis(), startRedisCluster(), startMongo()])
  const stops = settled.flatMap((result) =>
    result.status === 'fulfilled' && !result.value.skipped ? [result.value.stop] : [],
  )
  const stopAll = async () => {
    await Promise.all(stops.map((stop) => stop()))
  }

  const failure = settled.find((result) => result.status === 'rejected')
  if (failure !== undefined) {
    await stopAll()
    throw failure.reason
  }

  const redis = settledValue(settled[0])
  const cluster = settledValue(settled[1])
  const mongo = settledValue(settled[2])
  project.provide('servers', {
    redis: redis.skipped ? { skipped: redis.reason } : { url: redis.url },
    cluster: cluster.skipped ? { skipped: cluster.reason } : { nodes: cluster.nodes },
    mongo: mongo.skipped ? { skipped: mongo.reason } : { url: mongo.url },
  })
  return stopAll
}

function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason
  return result.value
}
