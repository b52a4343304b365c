import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'

import { Cluster } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { clusterHealthy, type RedisClusterServer, startRedisCluster } from '../src/index.js'
import { isRunning } from './process-state.js'

const run = promisify(execFile)

let cluster: RedisClusterServer

beforeAll(async () => {
  const started = await startRedisCluster()
  if (started.skipped) {
    throw new Error(started.reason)
  }
  cluster = started
}, 60_000)

afterAll(async () => {
  await cluster?.stop()
}, 60_000)

async function clusterInfo(port: number): Promise<string> {
  const { stdout } = await run('redis-cli', [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    'cluster',
    'info',
  ])
  return stdout
}

describe('startRedisCluster', { timeout: 60_000 }, () => {
  it('starts three nodes that all report cluster_state:ok', async () => {
    expect(cluster.kind).toBe('redis-server')
    expect(cluster.nodes).toHaveLength(3)

    for (const node of cluster.nodes) {
      const info = await clusterInfo(node.port)
      expect(info).toMatch(/^cluster_state:ok\r?$/m)
      expect(info).toMatch(/^cluster_slots_assigned:16384\r?$/m)
      expect(info).toMatch(/^cluster_known_nodes:3\r?$/m)
    }
  })

  it('serves keys in every slot range through an ioredis Cluster client', async () => {
    const client = new Cluster(cluster.nodes)

    try {
      // Keys spread over all three masters' slot ranges.
      const keys = Array.from({ length: 30 }, (_, index) => `kairos:test-servers:${index}`)
      for (const key of keys) {
        await client.set(key, key.toUpperCase())
      }
      for (const key of keys) {
        expect(await client.get(key)).toBe(key.toUpperCase())
      }

      const masters = client.nodes('master')
      expect(masters).toHaveLength(3)
      const sizes = await Promise.all(masters.map((node) => node.dbsize()))
      expect(sizes.every((size) => size > 0)).toBe(true)
    } finally {
      client.disconnect()
    }
  })

  it('kills a node and restarts it into a whole cluster', async () => {
    const pid = cluster.nodePid?.(1)
    expect(pid).toBeGreaterThan(0)

    await cluster.killNode?.(1)
    expect(isRunning(pid ?? 0)).toBe(false)
    expect(cluster.nodePid?.(1)).toBeUndefined()
    await expect(clusterInfo(cluster.nodes[1]?.port ?? 0)).rejects.toThrow()
    expect(await clusterHealthy(cluster.nodes)).toBe(false)

    await cluster.restartNode?.(1)
    expect(cluster.nodePid?.(1)).not.toBe(pid)
    expect(await clusterHealthy(cluster.nodes)).toBe(true)
    for (const node of cluster.nodes) {
      expect(await clusterInfo(node.port)).toMatch(/^cluster_state:ok\r?$/m)
    }
  })

  it('uses the nodes named by KAIROS_REDIS_CLUSTER_NODES and leaves them running', async () => {
    const list = cluster.nodes.map((node) => `${node.host}:${node.port}`).join(',')
    vi.stubEnv('KAIROS_REDIS_CLUSTER_NODES', list)

    try {
      const external = await startRedisCluster()
      if (external.skipped) {
        throw new Error(external.reason)
      }

      expect(external.kind).toBe('external')
      expect(external.nodes).toEqual(cluster.nodes)
      expect(external.killNode).toBeUndefined()
      await external.stop()
      expect(isRunning(cluster.nodePid?.(0) ?? 0)).toBe(true)
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('ends every node and removes the folder on stop', async () => {
    const pids = [0, 1, 2].map((index) => cluster.nodePid?.(index) ?? 0)
    const dir = cluster.dir ?? ''
    expect(existsSync(dir)).toBe(true)

    await cluster.stop()

    expect(pids.map(isRunning)).toEqual([false, false, false])
    expect(existsSync(dir)).toBe(false)
  })
})
