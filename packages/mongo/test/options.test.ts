import { InvalidConfigError } from '@kairos/core'
import { describe, expect, it } from 'vitest'
import { CLIENT_DEFAULTS, MongoBackend } from '../src/index.js'
import { clientOptionsFor, resolveOptions } from '../src/mongo-backend-options.js'

describe('options', () => {
  it('fills in collections and limits', () => {
    expect(resolveOptions({})).toEqual({
      database: undefined,
      collection: 'kairos',
      namesCollection: 'kairos_names',
      maxTimeMS: 30_000,
      writeChunkSize: undefined,
    })
    expect(resolveOptions({ collection: 'metrics' }).namesCollection).toBe('metrics_names')
  })

  it.each([
    [{ collection: '' }, 'collection'],
    [{ collection: 'system.x' }, 'collection'],
    [{ collection: 'a$b' }, 'collection'],
    [{ namesCollection: 'kairos' }, 'namesCollection'],
    [{ maxTimeMS: 0 }, 'maxTimeMS'],
    [{ writeChunkSize: 1.5 }, 'writeChunkSize'],
  ])('refuses %o', (options, field) => {
    const error = (() => {
      try {
        resolveOptions(options)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(InvalidConfigError)
    expect((error as InvalidConfigError).field).toBe(field)
  })

  it('gives created clients timeouts, unless the URL or the caller sets them', () => {
    expect(clientOptionsFor('mongodb://h/db')).toEqual(CLIENT_DEFAULTS)
    expect(clientOptionsFor('mongodb://h/db?socketTimeoutMS=5&appName=x')).toEqual({
      serverSelectionTimeoutMS: 10_000,
      connectTimeoutMS: 10_000,
    })
    expect(clientOptionsFor('mongodb://h/db', { connectTimeoutMS: 1 })).toMatchObject({
      connectTimeoutMS: 1,
      socketTimeoutMS: 60_000,
    })
  })

  it('refuses URLs of other schemes without echoing credentials', () => {
    expect(() => MongoBackend.fromUrl('redis://u:secret@h/0')).toThrow(InvalidConfigError)
    const error = (() => {
      try {
        MongoBackend.fromUrl('mongodb://u:secret@h:notaport/db')
      } catch (e) {
        return e as Error
      }
    })()
    expect(error).toBeInstanceOf(InvalidConfigError)
    expect(error?.message).not.toContain('secret')
  })
})
