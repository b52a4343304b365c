import { InvalidConfigError } from '@kairos/core'
import type { MongoClientOptions } from 'mongodb'

/** Options of a {@link MongoBackend}. */
export interface MongoBackendOptions {
  /**
   * The database, when the backend is given a `MongoClient` or a URL. Default: the client's
   * default database (the one in its URL; the driver falls back to `test`).
   */
  readonly database?: string
  /** The collection of cell documents. Default: `kairos`. */
  readonly collection?: string
  /** The collection of name documents. Default: the cell collection's name + `_names`. */
  readonly namesCollection?: string
  /**
   * The server-side time limit of each query, in milliseconds (`maxTimeMS`). Default: 30 000.
   * Writes and deletes are bounded by the client's `socketTimeoutMS` instead.
   */
  readonly maxTimeMS?: number
  /**
   * The most upserts in one bulk write. Default: 1000, or 16 on FerretDB v1, whose update
   * commands hang when they carry 100 statements or more in total at once.
   */
  readonly writeChunkSize?: number
}

/** Options of {@link MongoBackend.fromUrl}: the backend's, and the client's it creates. */
export interface MongoUrlOptions extends MongoBackendOptions {
  /**
   * Passed to the `MongoClient`; they win over settings in the URL, which win over the
   * backend's defaults ({@link CLIENT_DEFAULTS}).
   */
  readonly clientOptions?: MongoClientOptions
}

/** The options after defaults, as the backend uses them. */
export interface ResolvedOptions {
  readonly database: string | undefined
  readonly collection: string
  readonly namesCollection: string
  readonly maxTimeMS: number
  readonly writeChunkSize: number | undefined
}

/**
 * Timeouts of a client the backend creates itself, so that a stopped or unreachable server
 * makes calls fail instead of waiting forever: 10 s to find a server or open a connection,
 * 60 s for any one answer.
 */
export const CLIENT_DEFAULTS = {
  serverSelectionTimeoutMS: 10_000,
  connectTimeoutMS: 10_000,
  socketTimeoutMS: 60_000,
} as const satisfies MongoClientOptions

const DEFAULT_COLLECTION = 'kairos'
const DEFAULT_MAX_TIME_MS = 30_000

/**
 * Checks the options and fills in defaults.
 *
 * @throws InvalidConfigError naming the first bad option
 */
export function resolveOptions(options: MongoBackendOptions): ResolvedOptions {
  const collection = collectionName('collection', options.collection ?? DEFAULT_COLLECTION)
  const namesCollection = collectionName(
    'namesCollection',
    options.namesCollection ?? `${collection}_names`,
  )
  if (namesCollection === collection) {
    throw new InvalidConfigError('namesCollection', namesCollection, 'must differ from collection')
  }

  return {
    database: options.database,
    collection,
    namesCollection,
    maxTimeMS: positiveInteger('maxTimeMS', options.maxTimeMS ?? DEFAULT_MAX_TIME_MS),
    writeChunkSize:
      options.writeChunkSize === undefined
        ? undefined
        : positiveInteger('writeChunkSize', options.writeChunkSize),
  }
}

/**
 * The client options for a URL: the backend's defaults, except those the URL sets itself, under
 * the caller's options.
 */
export function clientOptionsFor(url: string, given: MongoClientOptions = {}): MongoClientOptions {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : ''
  const inUrl = new Set(
    query
      .split('&')
      .map((pair) => pair.split('=')[0]?.toLowerCase())
      .filter((key) => key !== undefined && key !== ''),
  )

  const defaults: MongoClientOptions = {}
  for (const [key, value] of Object.entries(CLIENT_DEFAULTS)) {
    if (!inUrl.has(key.toLowerCase())) Object.assign(defaults, { [key]: value })
  }
  return { ...defaults, ...given }
}

function collectionName(field: string, value: unknown): string {
  const valid =
    typeof value === 'string' &&
    value !== '' &&
    !value.startsWith('system.') &&
    !value.includes('$') &&
    !value.includes('\0')
  if (!valid) {
    throw new InvalidConfigError(field, value, 'must be a MongoDB collection name')
  }
  return value
}

function positiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidConfigError(field, value, 'must be a positive integer')
  }
  return value
}
