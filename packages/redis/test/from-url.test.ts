import { BackendFailureError, InvalidConfigError } from '@kairos/core'
import { Redis } from 'ioredis'
import { describe, expect, inject, it } from 'vitest'
import { backendFromUrl, CLIENT_DEFAULTS, RedisBackend } from '../src/index.js'
import { cell, newPrefix } from './live-backend.js'

describe('RedisBackend.fromUrl', () => {
  it('refuses URLs of other stores and bad options', () => {
    expect(() => RedisBackend.fromUrl('mongodb://127.0.0.1/db')).toThrow(InvalidConfigError)
    expect(() => RedisBackend.fromUrl('redis://127.0.0.1:1', { timeout: 0 })).toThrow(/timeout/)
    const client = new Redis({ lazyConnect: true })
    expect(() => new RedisBackend(client, { maxBatchCells: 1.5 })).toThrow(/maxBatchCells/)
    client.disconnect()
  })

  it('makes a client with bounded waits, uses the database of the URL and quits it on close', async (context) => {
    const server = inject('redis')
    if ('skipped' in server) return context.skip(server.skipped)

    const backend = RedisBackend.fromUrl(`${server.url}/3`, { maxBatchCells: 500 })
    const probe = new Redis(`${server.url}/3`)
    const prefix = newPrefix()
    try {
      expect(backend.capabilities).toMatchObject({ nativeExpiry: true, maxBatchCells: 500 })
      await backend.write(prefix, [cell({ op: 'increment', amount: 1 }, { name: 'in-db-3' })])
      expect(await backend.list(prefix)).toEqual(['in-db-3'])
      expect(await probe.dbsize()).toBeGreaterThan(0)

      await backend.close()
      await backend.close()
      await expect(backend.list(prefix)).rejects.toBeInstanceOf(BackendFailureError)
    } finally {
      await probe.flushdb()
      await probe.quit()
    }
    expect(CLIENT_DEFAULTS.autoResendUnfulfilledCommands).toBe(false)
  })

  it('is what fromUrl in core loads for redis:// URLs', async (context) => {
    const server = inject('redis')
    if ('skipped' in server) return context.skip(server.skipped)

    const backend = await backendFromUrl(server.url)
    const prefix = newPrefix()
    await backend.write(prefix, [cell({ op: 'increment', amount: 2 })])
    expect(
      await backend.read(prefix, { name: 'n', interval: 'hour', op: 'increment', buckets: [0] }),
    ).toEqual([{ bucket: 0, sub: null, op: 'increment', amount: 2 }])
    await backend.deleteAll(prefix)
    await backend.close()
  })
})
