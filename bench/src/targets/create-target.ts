import type { BackendName, BenchOptions } from '../bench-options.js'
import type { BenchTarget } from './bench-target.js'
import { memoryTarget } from './memory-target.js'
import { mongoTarget } from './mongo-target.js'
import { redisClusterTarget, redisTarget } from './redis-target.js'
import type { ServerPool } from './server-pool.js'

/**
 * Builds kairos' backend for one store, starting its server through the pool when needed.
 *
 * @throws TargetUnavailableError when the store cannot be had in this run
 */
export function createTarget(
  name: BackendName,
  pool: ServerPool,
  options: BenchOptions,
): Promise<BenchTarget> {
  switch (name) {
    case 'memory':
      return Promise.resolve(memoryTarget())
    case 'redis':
      return redisTarget(pool)
    case 'redis-cluster':
      return redisClusterTarget(pool)
    case 'mongo':
      return mongoTarget(pool, options.ferretEvents)
  }
}
