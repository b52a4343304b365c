import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  type MongoServer,
  type RedisClusterServer,
  type RedisServer,
  startMongo,
  startRedis,
  startRedisCluster,
} from '@kairos/test-servers'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { type RespawnedServer, respawnMongo, respawnRedis } from './respawn-server.js'

const SCRATCH = fileURLToPath(new URL('../../../.cache/reliability/', import.meta.url))

/**
 * A server that a fault file owns, on one port for the whole file: the one the test-servers
 * package started, and after a `restart()` a fresh process on the same port.
 */
export interface OwnServer {
  readonly url: string
  readonly port: number
  /** Ends the current process with SIGKILL and waits until it is gone. */
  kill(): Promise<void>
  /** Freezes the current process (SIGSTOP); connections stay open, nothing is answered. */
  pause(): Promise<void>
  /** Lets it go on (SIGCONT). */
  resume(): Promise<void>
  /** Starts a process again on the same port, after `kill()`. */
  restart(): Promise<void>
  /** Resumes a frozen server or restarts a killed one, so a failed test leaves a working one. */
  heal(): Promise<void>
}

/** What a fault needs of a started server: its controls. */
type Controls = Pick<RespawnedServer, 'kill' | 'pause' | 'resume'>

/**
 * Starts a Redis server of the file's own in `beforeAll`. Without one, or with one the tests
 * cannot kill and restart (KAIROS_REDIS_URL, a container), the file's tests are skipped with
 * the reason when KAIROS_SKIP_REDIS allows it, and fail otherwise.
 */
export function useOwnRedis(): { readonly server: OwnServer } {
  return useOwn(async () => {
    const server = await startRedis()
    if (server.skipped) return server.reason
    if (server.kind !== 'redis-server') return unkillable(server, 'Redis')
    return ownSingle(server, controlsOf(server), (dir) => respawnRedis(server.port, dir))
  }, 'KAIROS_SKIP_REDIS')
}

/** As {@link useOwnRedis}, for the MongoDB-wire server (FerretDB or mongod). */
export function useOwnMongo(): { readonly server: OwnServer } {
  return useOwn(async () => {
    const server = await startMongo()
    if (server.skipped) return server.reason
    const port = Number(new URL(server.url).port)
    const program = server.kind
    if (program !== 'ferretdb' && program !== 'mongod') return unkillable(server, 'MongoDB')
    const dir = server.dir as string
    return ownSingle(server, controlsOf(server), () => respawnMongo(program, port, dir))
  }, 'KAIROS_SKIP_MONGO')
}

/** A three-master Redis Cluster of the file's own, with node controls. */
export function useOwnCluster(): { readonly server: RedisClusterServer } {
  return useOwn(async () => {
    const cluster = await startRedisCluster()
    if (cluster.skipped) return cluster.reason
    if (cluster.killNode === undefined) return unkillable(cluster, 'Redis Cluster')
    return { value: cluster, stop: () => cluster.stop() }
  }, 'KAIROS_SKIP_REDIS')
}

type Started<T> = string | { value: T; stop: () => Promise<void> }

function useOwn<T>(start: () => Promise<Started<T>>, skipVariable: string): { readonly server: T } {
  let started: { value: T; stop: () => Promise<void> } | undefined
  let skipped: string | undefined

  beforeAll(async () => {
    const result = await start()
    if (typeof result !== 'string') started = result
    else if (maySkip(skipVariable)) skipped = result
    else throw new Error(`${result}\nSet ${skipVariable}=1 to skip these fault tests.`)
  })

  beforeEach((context) => {
    if (skipped !== undefined) context.skip(skipped)
  })

  afterAll(async () => {
    await started?.stop()
  })

  return {
    get server() {
      if (started === undefined) throw new Error('the server exists only inside tests')
      return started.value
    },
  }
}

function maySkip(variable: string): boolean {
  const on = (name: string) => ['1', 'true', 'yes', 'on'].includes(process.env[name] ?? '')
  return on(variable) && !on('KAIROS_REQUIRE_SERVERS')
}

async function unkillable(server: { stop(): Promise<void> }, what: string): Promise<string> {
  await server.stop()
  return `the fault tests need a local ${what} server they start themselves, to kill and restart it`
}

function controlsOf(server: RedisServer | MongoServer): Controls {
  const { kill, pause, resume } = server
  if (kill === undefined || pause === undefined || resume === undefined) {
    throw new Error('a server started here offers kill, pause and resume')
  }
  return { kill: () => kill(), pause: () => pause(), resume: () => resume() }
}

function ownSingle(
  server: RedisServer | MongoServer,
  first: Controls,
  respawn: (dir: string) => Promise<RespawnedServer>,
): Started<OwnServer> {
  let current: Controls = first
  let state: 'running' | 'paused' | 'killed' = 'running'
  const respawned: RespawnedServer[] = []
  const port = Number(new URL(server.url).port)
  const scratch = join(SCRATCH, `server-${port}`)

  const own: OwnServer = {
    url: server.url,
    port,
    async kill() {
      state = 'killed'
      await current.kill()
    },
    async pause() {
      state = 'paused'
      await current.pause()
    },
    async resume() {
      await current.resume()
      state = 'running'
    },
    async restart() {
      const next = await respawn(scratch)
      respawned.push(next)
      current = next
      state = 'running'
    },
    async heal() {
      if (state === 'paused') await own.resume()
      if (state === 'killed') await own.restart()
    },
  }
  const stop = async () => {
    await Promise.all(respawned.map((process) => process.kill()))
    await rm(scratch, { recursive: true, force: true })
    await server.stop()
  }
  return { value: own, stop }
}
