import { existsSync } from 'node:fs'

import { Redis } from 'ioredis'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { type RedisServer, startRedis } from '../src/index.js'
import { isRunning, processState } from './process-state.js'

const started: RedisServer[] = []

async function redisOrFail(): Promise<RedisServer> {
  const server = await startRedis()
  if (server.skipped) {
    throw new Error(server.reason)
  }
  started.push(server)
  return server
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()))
}, 60_000)

describe('startRedis', { timeout: 60_000 }, () => {
  it('starts a fresh redis-server that answers PING', async () => {
    const server = await redisOrFail()
    const client = new Redis(server.url, { maxRetriesPerRequest: 0 })

    try {
      expect(await client.ping()).toBe('PONG')
      expect(await client.config('GET', 'save')).toEqual(['save', ''])
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no'])
    } finally {
      client.disconnect()
    }

    expect(server.kind).toBe('redis-server')
    expect(server.host).toBe('127.0.0.1')
    expect(server.version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('ends the process and removes its folder on stop', async () => {
    const server = await redisOrFail()
    const { pid, dir } = server
    if (pid === undefined || dir === undefined) {
      throw new Error('a redis-server started here has a pid and a folder')
    }
    expect(isRunning(pid)).toBe(true)
    expect(existsSync(dir)).toBe(true)

    await server.stop()

    expect(isRunning(pid)).toBe(false)
    expect(existsSync(dir)).toBe(false)
    await server.stop()
  })

  it('gives each server its own port', async () => {
    const [first, second] = await Promise.all([redisOrFail(), redisOrFail()])

    expect(first.port).not.toBe(second.port)
    expect(first.dir).not.toBe(second.dir)
  })

  it('pauses and resumes the server for fault tests', async () => {
    const server = await redisOrFail()
    const client = new Redis(server.url, { commandTimeout: 300, maxRetriesPerRequest: 0 })

    try {
      await server.pause?.()
      expect(processState(server.pid ?? 0)).toBe('T')
      await expect(client.ping()).rejects.toThrow(/timed out/i)

      await server.resume?.()
      await vi.waitFor(async () => expect(await client.ping()).toBe('PONG'), { timeout: 5_000 })
    } finally {
      client.disconnect()
    }
  })

  it('kills the server with a signal and still cleans up on stop', async () => {
    const server = await redisOrFail()
    const pid = server.pid ?? 0

    await server.kill?.('SIGKILL')
    expect(isRunning(pid)).toBe(false)
    expect(existsSync(server.dir ?? '')).toBe(true)

    await server.stop()
    expect(existsSync(server.dir ?? '')).toBe(false)
  })

  it('stops a paused server', async () => {
    const server = await redisOrFail()
    const pid = server.pid ?? 0

    await server.pause?.()
    await server.stop()

    expect(isRunning(pid)).toBe(false)
  })

  it('uses the server named by KAIROS_REDIS_URL and leaves it running on stop', async () => {
    const own = await redisOrFail()
    vi.stubEnv('KAIROS_REDIS_URL', own.url)

    try {
      const external = await startRedis()
      if (external.skipped) {
        throw new Error(external.reason)
      }

      expect(external.kind).toBe('external')
      expect(external.port).toBe(own.port)
      expect(external.pid).toBeUndefined()
      expect(external.kill).toBeUndefined()

      await external.stop()
      expect(isRunning(own.pid ?? 0)).toBe(true)
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
