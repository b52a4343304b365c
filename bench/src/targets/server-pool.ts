import {
  type MongoServer,
  type RedisClusterServer,
  type RedisServer,
  type SkippedServer,
  startMongo,
  startRedis,
  startRedisCluster,
} from '@kairos/test-servers'
import { TargetUnavailableError } from './bench-target.js'

interface Stoppable {
  readonly skipped: false
  stop(): Promise<void>
}

/**
 * Starts each kind of server once, on first demand, and stops them all at the end: the
 * kairos phases and the limits phase of one store share its server.
 */
export class ServerPool {
  private readonly started = new Map<string, Promise<Stoppable>>()

  /** A single Redis. */
  redis(): Promise<RedisServer> {
    return this.once('redis', startRedis)
  }

  /** A three-master Redis Cluster. */
  redisCluster(): Promise<RedisClusterServer> {
    return this.once('redis-cluster', startRedisCluster)
  }

  /** A MongoDB-wire server: mongod, FerretDB or a container, whichever is found first. */
  mongo(): Promise<MongoServer> {
    return this.once('mongo', startMongo)
  }

  /** Stops every server this pool started, even when some fail to stop. */
  async stopAll(): Promise<void> {
    const servers = await Promise.allSettled(this.started.values())
    this.started.clear()
    await Promise.allSettled(
      servers.map((server) => (server.status === 'fulfilled' ? server.value.stop() : undefined)),
    )
  }

  private once<S extends Stoppable>(
    kind: string,
    start: () => Promise<S | SkippedServer>,
  ): Promise<S> {
    const running = this.started.get(kind)
    if (running !== undefined) return running as Promise<S>

    const server = start().then((started): S => {
      if (started.skipped) throw new TargetUnavailableError(started.reason)
      return started
    })
    this.started.set(kind, server)
    return server
  }
}
