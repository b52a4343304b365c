import { dockerUnavailableReason, startContainer } from './docker-container.js'
import { envValue } from './env-flag.js'
import { ServerStartError } from './errors.js'
import { findExecutable } from './find-executable.js'
import { withFreePort } from './free-port.js'
import { type RedisAddress, redisCommand } from './redis-command.js'
import { makeScratchFolder, type ScratchFolder } from './scratch-folder.js'
import type { ServerControls } from './server-controls.js'
import { spawnServer } from './server-process.js'
import { type SkippedServer, skipOrThrow } from './skipped-server.js'
import { waitUntil } from './wait-until.js'

/** Where the Redis server came from. */
export type RedisServerKind = 'redis-server' | 'docker' | 'external'

/** A Redis server for tests. The fault controls exist only for servers this package started. */
export interface RedisServer extends ServerControls {
  readonly skipped: false
  readonly kind: RedisServerKind
  /** A redis:// URL that ioredis and node-redis accept. */
  readonly url: string
  readonly host: string
  readonly port: number
  /** What the server reports as redis_version, or 'unknown'. */
  readonly version: string
}

/** Names the Redis server to use instead of starting one, such as redis://127.0.0.1:6379. */
export const REDIS_URL_VARIABLE = 'KAIROS_REDIS_URL'

/** Set to 1 to get a skip marker instead of an error when no Redis can be had. */
export const SKIP_REDIS_VARIABLE = 'KAIROS_SKIP_REDIS'

/**
 * Provides a Redis server: the one named by KAIROS_REDIS_URL, else a fresh `redis-server` from
 * PATH on a free 127.0.0.1 port with persistence off, else a `redis:7` container when Docker
 * answers.
 *
 * @returns the server, or a skip marker when none exists and KAIROS_SKIP_REDIS=1
 * @throws ServerUnavailableError when none exists and skipping is not allowed
 * @throws ServerStartError when a server was found but did not come up
 * @example
 * ```ts
 * const redis = await startRedis()
 * if (redis.skipped) throw new Error(redis.reason)
 * const client = new Redis(redis.url)
 * // ...
 * await client.quit()
 * await redis.stop()
 * ```
 */
export async function startRedis(): Promise<RedisServer | SkippedServer> {
  const external = envValue(REDIS_URL_VARIABLE)
  if (external !== undefined) {
    return useExternalRedis(external)
  }

  const binary = findExecutable('redis-server')
  if (binary !== undefined) {
    return startRedisProcess(binary)
  }

  const dockerProblem = await dockerUnavailableReason()
  if (dockerProblem === undefined) {
    return startRedisContainer()
  }

  return skipOrThrow({
    service: 'Redis',
    skipVariable: SKIP_REDIS_VARIABLE,
    tried: [
      `${REDIS_URL_VARIABLE}: not set`,
      'redis-server on PATH: not found',
      `Docker: ${dockerProblem}`,
    ],
    remedies: [
      'install redis-server (Debian and Ubuntu: apt-get install redis-server redis-tools)',
      `or set ${REDIS_URL_VARIABLE}=redis://host:port to use a running server`,
      'or start Docker, and a redis:7 container is used',
    ],
  })
}

/**
 * Reads a Redis URL into an address.
 *
 * @param url - such as redis://user:secret@127.0.0.1:6380/0
 * @returns host, port and credentials
 */
export function parseRedisUrl(url: string): RedisAddress {
  const parsed = new URL(url)
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
  const port = parsed.port === '' ? 6379 : Number(parsed.port)
  const username = decodeURIComponent(parsed.username)
  const password = decodeURIComponent(parsed.password)

  return {
    host,
    port,
    ...(username === '' ? {} : { username }),
    ...(password === '' ? {} : { password }),
  }
}

/**
 * Asks a Redis server for its version; fails when it does not answer.
 *
 * @param address - the server
 * @returns the redis_version it reports
 */
export async function redisVersion(address: RedisAddress): Promise<string> {
  const info = await redisCommand(address, ['INFO', 'server'])
  return /^redis_version:(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown'
}

async function useExternalRedis(url: string): Promise<RedisServer> {
  const address = parseRedisUrl(url)

  // TLS is beyond the small health check here; the tests' own client will speak it.
  const version = url.startsWith('rediss:') ? 'unknown' : await checkExternal(url, address)

  return {
    skipped: false,
    kind: 'external',
    url,
    host: address.host,
    port: address.port,
    version,
    stop: async () => undefined,
  }
}

async function checkExternal(url: string, address: RedisAddress): Promise<string> {
  try {
    return await redisVersion(address)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    const shown = url.replace(/\/\/[^@/]*@/, '//***@')
    throw new ServerStartError(`${REDIS_URL_VARIABLE}=${shown} does not answer: ${reason}`)
  }
}

async function startRedisProcess(binary: string): Promise<RedisServer> {
  const folder = await makeScratchFolder('redis')

  try {
    return await withFreePort((port) => runRedis(binary, folder, port))
  } catch (error) {
    await folder.remove()
    throw error
  }
}

async function runRedis(binary: string, folder: ScratchFolder, port: number): Promise<RedisServer> {
  const server = await spawnServer({
    name: 'redis-server',
    command: binary,
    args: [
      ...['--port', String(port), '--bind', '127.0.0.1'],
      ...['--save', '', '--appendonly', 'no', '--dir', folder.path],
    ],
  })
  const address = { host: '127.0.0.1', port }

  try {
    const version = await waitUntil(() => redisVersion(address), {
      what: 'answering commands',
      server,
    })

    return {
      skipped: false,
      kind: 'redis-server',
      url: `redis://127.0.0.1:${port}`,
      ...address,
      version,
      pid: server.pid,
      dir: folder.path,
      async stop() {
        await server.stop()
        await folder.remove()
      },
      kill: (signal = 'SIGKILL') => server.kill(signal),
      pause: () => server.pause(),
      resume: () => server.resume(),
    }
  } catch (error) {
    await server.stop()
    throw error
  }
}

async function startRedisContainer(): Promise<RedisServer> {
  const container = await startContainer('redis:7', 6379)
  const address = { host: container.host, port: container.port }

  try {
    const version = await waitUntil(() => redisVersion(address), {
      what: 'answering commands',
      name: `redis:7 container ${container.id.slice(0, 12)}`,
    })

    return {
      skipped: false,
      kind: 'docker',
      url: `redis://${container.host}:${container.port}`,
      ...address,
      version,
      stop: () => container.stop(),
      kill: (signal = 'SIGKILL') => container.kill(signal),
      pause: () => container.pause(),
      resume: () => container.resume(),
    }
  } catch (error) {
    await container.stop()
    throw error
  }
}
