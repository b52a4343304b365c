import { execFile } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

import { envValue } from './env-flag.js'
import { ServerStartError } from './errors.js'
import { findExecutable } from './find-executable.js'
import { withFreePort } from './free-port.js'
import { redisCommand } from './redis-command.js'
import { redisVersion, SKIP_REDIS_VARIABLE } from './redis-server.js'
import { makeScratchFolder, type ScratchFolder } from './scratch-folder.js'
import { type ServerProcess, spawnServer } from './server-process.js'
import { type SkippedServer, skipOrThrow } from './skipped-server.js'
import { READY_TIMEOUT_MS, waitUntil } from './wait-until.js'

const run = promisify(execFile)

const NODE_COUNT = 3

// Short enough that a restarted node is taken back within seconds (a master's failure flag is
// cleared after twice this), long enough that a busy test machine does not look like an outage.
const NODE_TIMEOUT_MS = 2_000

/** Where one cluster node listens; the shape ioredis' Cluster takes as its start-up nodes. */
export interface ClusterNode {
  host: string
  port: number
}

/** A Redis Cluster for tests. The node controls exist only for clusters this package started. */
export interface RedisClusterServer {
  readonly skipped: false
  readonly kind: 'redis-server' | 'external'
  /** The nodes, all masters, together holding every slot. */
  readonly nodes: ClusterNode[]
  /** What the first node reports as redis_version, or 'unknown'. */
  readonly version: string
  /** The folder holding one subfolder per node, removed by `stop()`. */
  readonly dir?: string
  /** Ends every node and removes the folder; does nothing for an external cluster. */
  stop(): Promise<void>
  /** @returns the process id of node `index` while it runs, otherwise undefined */
  nodePid?(index: number): number | undefined
  /** Ends node `index` with a signal (SIGKILL unless told) and waits until it is gone. */
  killNode?(index: number, signal?: NodeJS.Signals): Promise<void>
  /** Starts node `index` again on its port and waits until the cluster is whole again. */
  restartNode?(index: number): Promise<void>
  /** Freezes node `index`: its connections stay open but nothing is answered. */
  pauseNode?(index: number): Promise<void>
  /** Lets a frozen node go on. */
  resumeNode?(index: number): Promise<void>
}

/** Names the nodes of a running cluster to use instead of starting one: host:port,host:port. */
export const REDIS_CLUSTER_NODES_VARIABLE = 'KAIROS_REDIS_CLUSTER_NODES'

/**
 * Provides a Redis Cluster: the one named by KAIROS_REDIS_CLUSTER_NODES, else three fresh
 * `redis-server` masters on free 127.0.0.1 ports, joined with `redis-cli --cluster create`.
 * Resolves once every node reports cluster_state:ok and knows the others.
 *
 * @returns the cluster, or a skip marker when none can be had and KAIROS_SKIP_REDIS=1
 * @throws ServerUnavailableError when none can be had and skipping is not allowed
 * @throws ServerStartError when the nodes did not come up or did not form a cluster in time
 * @example
 * ```ts
 * const cluster = await startRedisCluster()
 * if (cluster.skipped) throw new Error(cluster.reason)
 * const client = new Cluster(cluster.nodes)
 * ```
 */
export async function startRedisCluster(): Promise<RedisClusterServer | SkippedServer> {
  const external = envValue(REDIS_CLUSTER_NODES_VARIABLE)
  if (external !== undefined) {
    return useExternalCluster(external)
  }

  const serverBinary = findExecutable('redis-server')
  const cliBinary = findExecutable('redis-cli')
  if (serverBinary !== undefined && cliBinary !== undefined) {
    return startClusterProcesses(serverBinary, cliBinary)
  }

  return skipOrThrow({
    service: 'Redis Cluster',
    skipVariable: SKIP_REDIS_VARIABLE,
    tried: [
      `${REDIS_CLUSTER_NODES_VARIABLE}: not set`,
      `redis-server on PATH: ${serverBinary === undefined ? 'not found' : 'found'}`,
      `redis-cli on PATH: ${cliBinary === undefined ? 'not found' : 'found'}`,
    ],
    remedies: [
      'install them (Debian, Ubuntu: apt-get install redis-server redis-tools)',
      `or set ${REDIS_CLUSTER_NODES_VARIABLE}=host:port,host:port,... to use a running cluster`,
    ],
  })
}

/**
 * Checks that every node says the cluster is ok and knows all the others.
 *
 * @param nodes - the nodes to ask
 * @returns true when healthy; false when a node disagrees or does not answer
 */
export async function clusterHealthy(nodes: readonly ClusterNode[]): Promise<boolean> {
  try {
    return await assertClusterHealthy(nodes)
  } catch {
    return false
  }
}

/** Resolves to true when the cluster is healthy, otherwise rejects saying which node is not. */
async function assertClusterHealthy(nodes: readonly ClusterNode[]): Promise<true> {
  const infos = await Promise.all(nodes.map((node) => redisCommand(node, ['CLUSTER', 'INFO'])))

  infos.forEach((info, index) => {
    const state = /^cluster_state:(\w+)/m.exec(info)?.[1]
    const known = Number(/^cluster_known_nodes:(\d+)/m.exec(info)?.[1])
    if (state !== 'ok' || known !== nodes.length) {
      const node = `${nodes[index]?.host}:${nodes[index]?.port}`
      throw new Error(`${node} says cluster_state:${state}, cluster_known_nodes:${known}`)
    }
  })
  return true
}

async function useExternalCluster(list: string): Promise<RedisClusterServer> {
  const nodes = list
    .split(',')
    .filter((entry) => entry.trim() !== '')
    .map((entry) => parseNode(entry.trim()))
  const first = nodes[0]
  if (first === undefined) {
    throw new ServerStartError(`${REDIS_CLUSTER_NODES_VARIABLE} names no node`)
  }

  const infos = await Promise.all(
    nodes.map((node) => redisCommand(node, ['CLUSTER', 'INFO']).catch((error: Error) => error)),
  )

  const broken = infos.flatMap((info, index) =>
    typeof info === 'string' && /^cluster_state:ok\r?$/m.test(info)
      ? []
      : [`${nodes[index]?.host}:${nodes[index]?.port}: ${problemOf(info)}`],
  )
  if (broken.length > 0) {
    const message = `${REDIS_CLUSTER_NODES_VARIABLE} names nodes that are not in a healthy cluster`
    throw new ServerStartError(`${message}:\n${broken.join('\n')}`)
  }

  return {
    skipped: false,
    kind: 'external',
    nodes,
    version: await redisVersion(first),
    stop: async () => undefined,
  }
}

function parseNode(entry: string): ClusterNode {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(entry)
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new ServerStartError(`${REDIS_CLUSTER_NODES_VARIABLE}: '${entry}' is not host:port`)
  }
  return { host: match[1], port: Number(match[2]) }
}

function problemOf(info: string | Error): string {
  return typeof info === 'string' ? (/^cluster_state:.*$/m.exec(info)?.[0] ?? info) : info.message
}

/** One node this package runs. */
interface NodeSlot {
  readonly port: number
  readonly busPort: number
  readonly dir: string
  process: ServerProcess
}

async function startClusterProcesses(
  serverBinary: string,
  cliBinary: string,
): Promise<RedisClusterServer> {
  const folder = await makeScratchFolder('redis-cluster')
  const slots: NodeSlot[] = []
  const stopAll = async (): Promise<void> => {
    await Promise.all(slots.map((slot) => slot.process.stop()))
    await folder.remove()
  }

  try {
    for (let index = 0; index < NODE_COUNT; index++) {
      slots.push(await startNode(serverBinary, folder, index))
    }
    await createCluster(cliBinary, slots)
    await waitForHealth(slots)

    const version = await redisVersion({ host: '127.0.0.1', port: slots[0]?.port ?? 0 })
    return clusterControls({ serverBinary, slots, folder, version, stopAll })
  } catch (error) {
    await stopAll()
    throw error
  }
}

/** What the controls of a started cluster work on. */
interface StartedCluster {
  readonly serverBinary: string
  readonly slots: NodeSlot[]
  readonly folder: ScratchFolder
  readonly version: string
  readonly stopAll: () => Promise<void>
}

function clusterControls(cluster: StartedCluster): RedisClusterServer {
  const { serverBinary, slots, folder, stopAll } = cluster
  const slot = (index: number): NodeSlot => {
    const found = slots[index]
    if (found === undefined) {
      throw new RangeError(`no cluster node ${index}; there are ${slots.length}`)
    }
    return found
  }

  return {
    skipped: false,
    kind: 'redis-server',
    nodes: slots.map((each) => ({ host: '127.0.0.1', port: each.port })),
    version: cluster.version,
    dir: folder.path,
    stop: stopAll,
    nodePid: (index) => (slot(index).process.hasEnded() ? undefined : slot(index).process.pid),
    killNode: (index, signal = 'SIGKILL') => slot(index).process.kill(signal),
    async restartNode(index) {
      const node = slot(index)
      await node.process.kill('SIGKILL')
      node.process = await spawnNode(serverBinary, node.port, node.busPort, node.dir)
      await waitForHealth(slots)
    },
    pauseNode: (index) => slot(index).process.pause(),
    resumeNode: (index) => slot(index).process.resume(),
  }
}

async function startNode(binary: string, folder: ScratchFolder, index: number): Promise<NodeSlot> {
  const dir = join(folder.path, `node-${index}`)
  await mkdir(dir)

  return withFreePort((port) =>
    withFreePort(async (busPort) => {
      const server = await spawnNode(binary, port, busPort, dir)
      return { port, busPort, dir, process: server }
    }),
  )
}

async function spawnNode(
  binary: string,
  port: number,
  busPort: number,
  dir: string,
): Promise<ServerProcess> {
  const server = await spawnServer({
    name: `redis-server cluster node :${port}`,
    command: binary,
    args: [
      ...['--port', String(port), '--bind', '127.0.0.1', '--cluster-port', String(busPort)],
      ...['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf')],
      ...['--cluster-node-timeout', String(NODE_TIMEOUT_MS)],
      ...['--save', '', '--appendonly', 'no', '--dir', dir],
    ],
  })

  try {
    const address = { host: '127.0.0.1', port }
    await waitUntil(() => redisCommand(address, ['PING']), { what: 'answering PING', server })
    return server
  } catch (error) {
    await server.stop()
    throw error
  }
}

async function createCluster(cliBinary: string, slots: readonly NodeSlot[]): Promise<void> {
  const addresses = slots.map((slot) => `127.0.0.1:${slot.port}`)
  const args = ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes']

  try {
    await run(cliBinary, args, { timeout: READY_TIMEOUT_MS, killSignal: 'SIGKILL' })
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string }
    const output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`
    throw new ServerStartError(`redis-cli --cluster create failed: ${failed.message}`, output, {
      cause: error,
    })
  }
}

async function waitForHealth(slots: readonly NodeSlot[]): Promise<void> {
  const nodes = slots.map((slot) => ({ host: '127.0.0.1', port: slot.port }))
  const ports = nodes.map((node) => node.port).join(', ')

  await waitUntil(() => assertClusterHealthy(nodes), {
    what: 'all reporting cluster_state:ok',
    name: `cluster nodes ${ports}`,
  })
}
