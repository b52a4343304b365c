import {
  type BackendCapabilities,
  type BucketBounds,
  type CellQuery,
  type CellRead,
  type CellWrite,
  type IntervalCutoff,
  InvalidConfigError,
  STORAGE_CONTRACT_VERSION,
  type StorageBackend,
} from '@kairos/core'
import { type Collection, type Db, type Document, MongoClient } from 'mongodb'

import { type BatchProgress, backendFailure } from './backend-failure.js'
import { type CellDocument, cellFromDocument, cellUpsert, readProjection } from './cell-document.js'
import { ChunkedUpsertError, chunkedUpsert } from './chunked-upsert.js'
import {
  clientOptionsFor,
  type MongoBackendOptions,
  type MongoUrlOptions,
  type ResolvedOptions,
  resolveOptions,
} from './mongo-backend-options.js'
import { type NameDocument, nameId, nameUpserts } from './name-document.js'
import { prepareCollections, type ServerTraits } from './prepare-collections.js'

/** Cell writes per `write` call: enough to fold a large import well, small enough to retry. */
const MAX_BATCH_CELLS = 10_000

/**
 * Keeps kairos cells in MongoDB (or a server that speaks its protocol, such as FerretDB). One
 * document per cell, one per name; every query runs on an index. Histogram members and set
 * members of any content round-trip, and concurrent writers never lose an increment.
 *
 * The backend creates its indexes on first use. On a server with TTL indexes (MongoDB) expired
 * buckets disappear by themselves, and `capabilities.nativeExpiry` is true once the backend
 * has created them; elsewhere `expire` removes them.
 *
 * @example
 * ```ts
 * const client = new MongoClient('mongodb://127.0.0.1:27017/metrics')
 * const ts = new Timeseries(new MongoBackend(client), {
 *   type: 'histogram',
 *   intervals: { hour: { step: '1h', steps: 48 } },
 * })
 * ```
 */
export class MongoBackend implements StorageBackend {
  private readonly options: ResolvedOptions
  /** Set only by `fromUrl`: the client this backend created, and so closes. */
  private ownedClient: MongoClient | undefined
  private readonly cells: Collection<CellDocument>
  private readonly names: Collection<NameDocument>
  private readonly db: Db
  private traits: ServerTraits | undefined
  private preparing: Promise<ServerTraits> | undefined
  /** The last write in line, where the server needs writes one at a time. */
  private writing: Promise<void> = Promise.resolve()

  /**
   * @param target - a `MongoClient` or a `Db`; the backend never closes it
   * @param options - collections, database and time limits
   * @throws InvalidConfigError when an option is not valid
   */
  constructor(target: MongoClient | Db, options: MongoBackendOptions = {}) {
    this.options = resolveOptions(options)
    this.db = isClient(target) ? target.db(this.options.database) : target
    this.cells = this.db.collection<CellDocument>(this.options.collection)
    this.names = this.db.collection<NameDocument>(this.options.namesCollection)
  }

  /**
   * Creates a backend with a client of its own, which `close()` closes. The client connects on
   * first use, with the timeouts of {@link CLIENT_DEFAULTS} unless the URL or `clientOptions`
   * set them.
   *
   * @param url - `mongodb://…` or `mongodb+srv://…`; its path names the database
   * @param options - the backend's options, and `clientOptions` for the driver
   * @returns the backend
   * @throws InvalidConfigError when the URL or an option is not valid
   * @example
   * ```ts
   * const backend = MongoBackend.fromUrl('mongodb://127.0.0.1:27017/metrics')
   * ```
   */
  static fromUrl(url: string, options: MongoUrlOptions = {}): MongoBackend {
    const { clientOptions, ...backendOptions } = options
    resolveOptions(backendOptions)

    const client = createClient(url, clientOptions)
    const backend = new MongoBackend(client, backendOptions)
    backend.ownedClient = client
    return backend
  }

  /** `nativeExpiry` turns true once the backend has created its TTL indexes on a server. */
  get capabilities(): BackendCapabilities {
    return {
      contractVersion: STORAGE_CONTRACT_VERSION,
      nativeExpiry: this.traits?.nativeExpiry ?? false,
      maxBatchCells: MAX_BATCH_CELLS,
    }
  }

  /**
   * Connects, creates the indexes and learns what the server can do. Every other method does
   * this on first use; call it to fail early and to read final `capabilities`.
   *
   * @returns this backend
   * @throws BackendFailureError when the server cannot be reached or refuses the indexes
   */
  async ready(): Promise<this> {
    await this.preparedFor(undefined)
    return this
  }

  async write(prefix: string, writes: readonly CellWrite[]): Promise<void> {
    const total = writes.length
    if (total === 0) return

    const traits = await this.preparedFor({ total, applied: 0 })
    const chunkSize = this.options.writeChunkSize ?? traits.chunkSize
    if (!traits.racyUpdates) return this.upsert(prefix, writes, chunkSize)

    const turn = this.writing.then(() => this.upsert(prefix, writes, chunkSize))
    this.writing = turn.catch(() => undefined)
    return turn
  }

  async read(prefix: string, query: CellQuery): Promise<CellRead[]> {
    if (query.buckets.length === 0) return []

    const filter = {
      p: prefix,
      n: query.name,
      i: query.interval,
      b: { $in: [...query.buckets] },
    }
    const docs = await this.query('reading cells', () =>
      this.cells.find(filter, this.findOptions(readProjection(query.op))).toArray(),
    )

    const rows: CellRead[] = []
    for (const doc of docs) {
      const row = this.decode(doc, query)
      if (row !== undefined) rows.push(row)
    }
    return rows
  }

  async list(prefix: string): Promise<string[]> {
    const docs = await this.query('listing names', () =>
      this.names.find({ p: prefix }, this.findOptions({ _id: 0, n: 1 })).toArray(),
    )
    return docs.map((doc) => doc.n)
  }

  async bounds(
    prefix: string,
    name: string,
    cutoffs: readonly IntervalCutoff[],
  ): Promise<Map<string, BucketBounds>> {
    const found = await this.query('reading bounds', () =>
      Promise.all(cutoffs.map((cutoff) => this.intervalBounds(prefix, name, cutoff))),
    )

    const result = new Map<string, BucketBounds>()
    cutoffs.forEach((cutoff, at) => {
      const bounds = found[at]
      if (bounds !== undefined) result.set(cutoff.interval, bounds)
    })
    return result
  }

  async delete(prefix: string, name: string): Promise<void> {
    // Cells go first: a failure in between leaves a listed name without data, never the reverse.
    await this.query('deleting a name', async () => {
      await this.cells.deleteMany({ p: prefix, n: name })
      await this.names.deleteOne({ _id: nameId(prefix, name) })
    })
  }

  async deleteAll(prefix: string): Promise<void> {
    await this.query('deleting a prefix', async () => {
      await this.cells.deleteMany({ p: prefix })
      await this.names.deleteMany({ p: prefix })
    })
  }

  async expire(prefix: string, name: string, cutoffs: readonly IntervalCutoff[]): Promise<void> {
    await this.query('expiring buckets', async () => {
      for (const { interval, liveFrom } of cutoffs) {
        if (liveFrom === Number.NEGATIVE_INFINITY) continue
        await this.cells.deleteMany({ p: prefix, n: name, i: interval, b: { $lt: liveFrom } })
      }
      await this.forgetIfEmpty(prefix, name)
    })
  }

  async close(): Promise<void> {
    if (this.ownedClient === undefined) return
    try {
      await this.ownedClient.close()
    } catch (error) {
      throw backendFailure(error, 'closing the client')
    }
  }

  /** Upserts the cells, then their names. */
  private async upsert(prefix: string, writes: readonly CellWrite[], chunkSize: number) {
    const total = writes.length
    const upserts = writes.map((write) => cellUpsert(prefix, write))
    try {
      await chunkedUpsert(this.cells, upserts, chunkSize)
    } catch (error) {
      const applied = error instanceof ChunkedUpsertError ? error.applied : 0
      throw backendFailure(causeOf(error), 'writing cells', { total, applied })
    }

    // Names are recorded after their cells, so that a listed name always has had data.
    try {
      await chunkedUpsert(this.names, nameUpserts(prefix, writes), chunkSize)
    } catch (error) {
      throw backendFailure(causeOf(error), 'recording names', { total, applied: total })
    }
  }

  private async intervalBounds(
    prefix: string,
    name: string,
    { interval, liveFrom }: IntervalCutoff,
  ): Promise<BucketBounds | undefined> {
    const filter: Document = { p: prefix, n: name, i: interval }
    if (liveFrom !== Number.NEGATIVE_INFINITY) filter.b = { $gte: liveFrom }

    const edge = (direction: 1 | -1) =>
      this.cells.findOne(filter, { ...this.findOptions({ _id: 0, b: 1 }), sort: { b: direction } })
    const [first, last] = await Promise.all([edge(1), edge(-1)])
    if (first === null || last === null) return undefined
    return { first: first.b, last: last.b }
  }

  /**
   * Drops the name document once no cell of the name is left, unless a write touched the name
   * since it was read: writes record the name after their cells, so either the check below
   * sees the new cells or the removal misses the bumped write count.
   */
  private async forgetIfEmpty(prefix: string, name: string): Promise<void> {
    const id = nameId(prefix, name)
    const entry = await this.names.findOne({ _id: id }, this.findOptions({ w: 1 }))
    if (entry === null) return

    const left = await this.cells.findOne({ p: prefix, n: name }, this.findOptions({ _id: 1 }))
    if (left !== null) return

    await this.names.deleteOne({ _id: id, w: entry.w })
  }

  private decode(doc: Document, query: CellQuery): CellRead | undefined {
    try {
      return cellFromDocument(doc, query.op)
    } catch (error) {
      throw backendFailure(error, 'decoding a cell')
    }
  }

  private findOptions(projection: Document) {
    return { projection, maxTimeMS: this.options.maxTimeMS }
  }

  /** Runs a read or delete after setup, turning any failure into a backend failure. */
  private async query<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      await this.prepared()
      return await run()
    } catch (error) {
      throw backendFailure(error, action)
    }
  }

  private async preparedFor(batch: BatchProgress | undefined): Promise<ServerTraits> {
    try {
      return await this.prepared()
    } catch (error) {
      throw backendFailure(error, 'preparing the collections', batch)
    }
  }

  private async setUp(): Promise<ServerTraits> {
    // A closed client (after a failed first connection) connects only when told to.
    await this.ownedClient?.connect()
    return prepareCollections(this.db, this.cells, this.names)
  }

  /**
   * Sets up once; a failed setup is tried again by the next call, so a restart heals. A driver
   * client whose first connection failed stays closed for good, so the backend's own client is
   * reset then, to connect afresh next time.
   */
  private prepared(): Promise<ServerTraits> {
    if (this.preparing === undefined) {
      this.preparing = this.setUp().then(
        (traits) => {
          this.traits = traits
          return traits
        },
        async (error: unknown) => {
          this.preparing = undefined
          await this.ownedClient?.close().catch(() => undefined)
          throw error
        },
      )
    }
    return this.preparing
  }
}

function isClient(target: MongoClient | Db): target is MongoClient {
  return typeof (target as Partial<MongoClient>).db === 'function'
}

function createClient(url: string, clientOptions: MongoUrlOptions['clientOptions']): MongoClient {
  const scheme = /^(mongodb|mongodb\+srv):\/\//.exec(url)?.[0]
  if (scheme === undefined) {
    throw new InvalidConfigError(
      'url',
      url.split(':')[0],
      'must start with mongodb:// or mongodb+srv://',
    )
  }

  try {
    return new MongoClient(url, clientOptionsFor(url, clientOptions))
  } catch (error) {
    // The URL may hold credentials: name only its scheme.
    const reason = error instanceof Error ? error.message : String(error)
    throw new InvalidConfigError('url', `${scheme}…`, reason)
  }
}

function causeOf(error: unknown): unknown {
  return error instanceof ChunkedUpsertError ? error.cause : error
}
