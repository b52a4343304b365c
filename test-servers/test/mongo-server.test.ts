import { existsSync } from 'node:fs'

import { MongoClient } from 'mongodb'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { type MongoServer, startMongo } from '../src/index.js'
import { isRunning } from './process-state.js'

const started: MongoServer[] = []

async function mongoOrFail(): Promise<MongoServer> {
  const server = await startMongo()
  if (server.skipped) {
    throw new Error(server.reason)
  }
  started.push(server)
  return server
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()))
}, 60_000)

describe('startMongo', { timeout: 60_000 }, () => {
  it('starts a server that stores and finds documents', async () => {
    const server = await mongoOrFail()
    const client = new MongoClient(server.url, { serverSelectionTimeoutMS: 5_000 })

    try {
      const points = client.db('kairos_test').collection('points')
      await points.insertMany([
        { series: 'cpu', at: new Date(0), value: 1.5 },
        { series: 'cpu', at: new Date(60_000), value: 2.5 },
        { series: 'disk', at: new Date(0), value: 9 },
      ])

      const found = await points.find({ series: 'cpu' }, { sort: { at: 1 } }).toArray()
      expect(found.map((doc) => doc.value)).toEqual([1.5, 2.5])
    } finally {
      await client.close()
    }

    expect(['mongod', 'ferretdb', 'docker']).toContain(server.kind)
    expect(server.url).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/)
    expect(server.version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('starts each server empty', async () => {
    const first = await mongoOrFail()
    const client = new MongoClient(first.url)
    try {
      await client.db('kairos_test').collection('left_over').insertOne({ a: 1 })
    } finally {
      await client.close()
    }
    await first.stop()

    const second = await mongoOrFail()
    const fresh = new MongoClient(second.url)
    try {
      expect(await fresh.db('kairos_test').collection('left_over').countDocuments()).toBe(0)
    } finally {
      await fresh.close()
    }
  })

  it('ends the process and removes its folder on stop', async () => {
    const server = await mongoOrFail()
    const { pid, dir } = server
    if (pid === undefined || dir === undefined) {
      throw new Error('a server started here as a process has a pid and a folder')
    }
    expect(isRunning(pid)).toBe(true)
    expect(existsSync(dir)).toBe(true)

    await server.stop()

    expect(isRunning(pid)).toBe(false)
    expect(existsSync(dir)).toBe(false)
  })

  it('kills the server with a signal for fault tests', async () => {
    const server = await mongoOrFail()
    const pid = server.pid ?? 0

    await server.kill?.('SIGKILL')

    expect(isRunning(pid)).toBe(false)
    const client = new MongoClient(server.url, { serverSelectionTimeoutMS: 300 })
    try {
      await expect(client.db('admin').command({ ping: 1 })).rejects.toThrow()
    } finally {
      await client.close()
    }
  })

  it('uses the server named by KAIROS_MONGO_URL and leaves it running on stop', async () => {
    const own = await mongoOrFail()
    vi.stubEnv('KAIROS_MONGO_URL', own.url)

    try {
      const external = await startMongo()
      if (external.skipped) {
        throw new Error(external.reason)
      }

      expect(external.kind).toBe('external')
      expect(external.url).toBe(own.url)
      expect(external.description).toMatch(/^external /)
      await external.stop()
      expect(isRunning(own.pid ?? 0)).toBe(true)
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
