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
import { type Cluster, Redis } from 'ioredis'
import { backendFailure } from './backend-failure.js'
import {
  CLIENT_DEFAULTS,
  DEFAULT_MAX_BATCH_CELLS,
  DEFAULT_TIMEOUT_MS,
  type RedisBackendOptions,
  type RedisUrlOptions,
} from './client-options.js'
import { decodeComponent, encodeComponent, NameKeys, namesKey, scoreText } from './key-layout.js'
import { NameCleaner } from './name-cleaner.js'
import { type Outcome, PipelineRunner, type Queue } from './pipeline-runner.js'
import { decodeBucket, READ_COMMAND } from './read-cells.js'
import { defineScripts } from './scripts.js'
import { planWrites, type WritePlan } from './write-plan.js'

/** Keys per read command, names per ZADD and per prune: bounded, so each command stays small. */
const CHUNK = 1000

/**
 * Stores kairos cells in Redis or Redis Cluster, over an ioredis client: one hash, set or
 * list per bucket, with the bucket's sub-buckets inside it, native TTLs for retention, and
 * sorted-set indexes for bounds, deletes and listing. See the package README for the key
 * layout and its memory cost.
 *
 * @example
 * ```ts
 * import { Timeseries } from '@kairos/core'
 * import { RedisBackend } from '@kairos/redis'
 * import { Redis } from 'ioredis'
 *
 * const client = new Redis('redis://127.0.0.1:6379/0')
 * const ts = new Timeseries(new RedisBackend(client), {
 *   type: 'histogram',
 *   intervals: { hour: { step: '1h', steps: 48 } },
 * })
 * ```
 */
export class RedisBackend implements StorageBackend {
  readonly capabilities: BackendCapabilities

  private readonly client: Redis | Cluster
  private readonly failedNodes = new Map<string, number>()
  private readonly runner: PipelineRunner
  private readonly cleaner: NameCleaner
  private readonly owned: boolean
  private closed = false

  /**
   * @param client - an ioredis `Redis` or `Cluster`; the backend never closes it
   * @param options - timeouts and batch size
   */
  constructor(client: Redis | Cluster, options: RedisBackendOptions = {}) {
    const timeout = positive('timeout', options.timeout ?? DEFAULT_TIMEOUT_MS)
    const maxBatchCells = positive(
      'maxBatchCells',
      options.maxBatchCells ?? DEFAULT_MAX_BATCH_CELLS,
    )

    this.client = client
    this.owned = ownedClients.has(client)
    defineScripts(client)
    this.runner = new PipelineRunner(client, timeout)
    this.cleaner = new NameCleaner(this.runner)
    if (this.runner.isCluster) this.watchNodes(client as Cluster)
    this.capabilities = {
      contractVersion: STORAGE_CONTRACT_VERSION,
      nativeExpiry: true,
      maxBatchCells,
    }
  }

  /**
   * Makes a backend with a client of its own, configured with {@link CLIENT_DEFAULTS};
   * `close()` quits that client.
   *
   * @param url - `redis://[user:password@]host:port/db` or `rediss://…` for TLS
   * @param options - backend options, and ioredis options for the client
   * @returns the backend; the client connects on the first call
   * @throws InvalidConfigError when the URL is not a redis:// or rediss:// URL
   * @example
   * ```ts
   * const backend = RedisBackend.fromUrl('redis://127.0.0.1:6379/2')
   * ```
   */
  static fromUrl(url: string, options: RedisUrlOptions = {}): RedisBackend {
    if (!/^rediss?:\/\//i.test(url)) {
      throw new InvalidConfigError('url', url, 'expected a redis:// or rediss:// URL')
    }

    const client = new Redis(url, { ...CLIENT_DEFAULTS, db: databaseOf(url), ...options.client })
    // Failures reach the caller through the calls that meet them; without a listener
    // ioredis would print every reconnection error to the console.
    client.on('error', () => undefined)
    ownedClients.add(client)
    return new RedisBackend(client, options)
  }

  async write(prefix: string, writes: readonly CellWrite[]): Promise<void> {
    const { maxBatchCells } = this.capabilities
    let applied = 0

    for (let from = 0; from < writes.length; from += maxBatchCells) {
      const slice =
        from === 0 && writes.length <= maxBatchCells
          ? writes
          : writes.slice(from, from + maxBatchCells)
      const result = await this.writeSlice(prefix, slice)
      applied += result.stored
      if (result.error !== undefined) {
        const batch = { total: writes.length, applied }
        throw backendFailure('write', result.error, batch, this.unreachableNodes())
      }
    }
  }

  async read(prefix: string, query: CellQuery): Promise<CellRead[]> {
    const keys = new NameKeys(prefix, query.name)
    const interval = encodeComponent(query.interval)
    const chunks = chunked(query.buckets, CHUNK)
    const fetches = chunks.map((buckets): Queue => {
      const bucketKeys = buckets.map((bucket) => keys.data(query.op, interval, bucket))
      return (p) => p.kairosFetch(bucketKeys.length, ...bucketKeys, ...READ_COMMAND[query.op])
    })
    const replies = await this.one('read', fetches)

    const cells: CellRead[] = []
    chunks.forEach((buckets, c) => {
      const stored = replies[c] as string[]
      buckets.forEach((bucket, i) => {
        for (const cell of decodeBucket(query.op, bucket, stored[i] ?? '')) cells.push(cell)
      })
    })
    return cells
  }

  async list(prefix: string): Promise<string[]> {
    const key = namesKey(prefix)
    let now = 0
    for (let removed = CHUNK; removed === CHUNK; ) {
      const [pruned] = await this.one('list names', [(p) => p.kairosPrune(key, CHUNK)])
      ;[removed, now] = pruned as [number, number]
    }

    const names = new Set<string>()
    await this.cleaner.scanNames(key, (member, score) => {
      if (score > now) names.add(decodeComponent(member))
    })
    return [...names]
  }

  async bounds(
    prefix: string,
    name: string,
    cutoffs: readonly IntervalCutoff[],
  ): Promise<Map<string, BucketBounds>> {
    const keys = new NameKeys(prefix, name)
    const replies = await this.one(
      'read bounds',
      cutoffs.flatMap(({ interval, liveFrom }): Queue[] => {
        const key = keys.buckets(encodeComponent(interval))
        const from = scoreText(liveFrom)
        return [
          (p) => p.zrangebyscore(key, from, '+inf', 'LIMIT', 0, 1),
          (p) => p.zrevrangebyscore(key, '+inf', from, 'LIMIT', 0, 1),
        ]
      }),
    )

    const result = new Map<string, BucketBounds>()
    cutoffs.forEach(({ interval }, i) => {
      const [first] = replies[2 * i] as string[]
      const [last] = replies[2 * i + 1] as string[]
      if (first !== undefined && last !== undefined) {
        result.set(interval, { first: Number(first), last: Number(last) })
      }
    })
    return result
  }

  async delete(prefix: string, name: string): Promise<void> {
    await this.guard('delete a name', this.cleaner.deleteName(prefix, name))
  }

  async deleteAll(prefix: string): Promise<void> {
    await this.guard('delete a prefix', this.cleaner.deletePrefix(prefix))
  }

  async expire(prefix: string, name: string, cutoffs: readonly IntervalCutoff[]): Promise<void> {
    await this.guard('expire buckets', this.cleaner.expire(prefix, name, cutoffs))
  }

  async close(): Promise<void> {
    if (!this.owned || this.closed) return
    this.closed = true

    try {
      await this.runner.bounded(this.client.quit())
    } catch {
      // A client that cannot say goodbye (the server is gone) is dropped instead.
      this.client.disconnect()
    }
  }

  private async writeSlice(
    prefix: string,
    writes: readonly CellWrite[],
  ): Promise<{ stored: number; error?: Error }> {
    const plan = planWrites(prefix, writes)
    const namesGroup = namesCommands(prefix, plan.names)
    const nameGroups = plan.perName.map((commands) =>
      commands.map(
        (command): Queue =>
          (p) =>
            p.kairosWrite(...command.args),
      ),
    )

    // The name is listed before its data is written, so a failure never leaves data that
    // `deleteAll` cannot find. A cluster keeps the list on another node: wait for it.
    let outcomes: Outcome[][]
    if (this.runner.isCluster) {
      const [listed = []] = await this.runner.run([namesGroup])
      const failed = firstError([listed])
      if (failed !== undefined) return { stored: 0, error: failed }
      outcomes = [listed, ...(await this.runner.run(nameGroups))]
    } else {
      outcomes = await this.runner.run([namesGroup, ...nameGroups])
    }

    const stored = plan.emptyCells + storedCells(plan, outcomes.slice(1))
    const error = firstError(outcomes)
    return error === undefined ? { stored } : { stored, error }
  }

  /** Runs commands of one slot; a failure becomes a BackendFailureError. */
  private async one(action: string, group: readonly Queue[]): Promise<unknown[]> {
    return this.guard(action, this.runner.runOne(group))
  }

  private async guard<T>(action: string, work: Promise<T>): Promise<T> {
    try {
      return await work
    } catch (error) {
      throw backendFailure(action, error, undefined, this.unreachableNodes())
    }
  }

  /**
   * Remembers cluster nodes that fail or drop out, so that an error can name them: the
   * driver's own error for a dead node says only that a connection closed.
   */
  private watchNodes(cluster: Cluster): void {
    const remember = (address: string) => {
      this.failedNodes.set(address, Date.now())
    }
    cluster.on('node error', (_error: unknown, address: unknown) => remember(String(address)))
    cluster.on('-node', (node: Redis) => remember(addressOf(node)))
  }

  /** The cluster nodes that are down or failed in the last minute, to name the failed part. */
  private unreachableNodes(): string[] {
    if (!this.runner.isCluster) return []
    const recent = Date.now() - 60_000
    const down = (this.client as Cluster)
      .nodes('all')
      .filter((node) => node.status !== 'ready')
      .map(addressOf)
    const failed = [...this.failedNodes]
      .filter(([, at]) => at >= recent)
      .map(([address]) => address)
    return [...new Set([...down, ...failed])]
  }
}

function positive(field: string, value: number): number {
  if (Number.isInteger(value) && value > 0) return value
  throw new InvalidConfigError(field, value, 'expected a positive integer')
}

/** Clients made by {@link RedisBackend.fromUrl}, which the backend closes itself. */
const ownedClients = new WeakSet<Redis | Cluster>()

function namesCommands(prefix: string, pairs: readonly string[]): Queue[] {
  const key = namesKey(prefix)
  return chunked(pairs, 2 * CHUNK).map(
    (chunk): Queue =>
      (p) =>
        p.zadd(key, 'GT', ...chunk),
  )
}

/** Counts the cell writes whose every command succeeded. */
function storedCells(plan: WritePlan, outcomes: readonly Outcome[][]): number {
  const failedKeys = new Set<number>()
  plan.perName.forEach((commands, n) => {
    commands.forEach((command, c) => {
      if (outcomes[n]?.[c]?.[0] !== null) for (const id of command.keyIds) failedKeys.add(id)
    })
  })

  let stored = 0
  for (const commands of plan.perName) {
    for (const command of commands) {
      for (const [id, cells] of command.completes) if (!failedKeys.has(id)) stored += cells
    }
  }
  return stored
}

function firstError(outcomes: readonly (readonly Outcome[])[]): Error | undefined {
  for (const group of outcomes) {
    for (const [error] of group) if (error !== null) return error
  }
  return undefined
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let from = 0; from < items.length; from += size) chunks.push(items.slice(from, from + size))
  return chunks
}

/**
 * The database number of a Redis URL, checked here because ioredis would send a bad one
 * to SELECT after connecting, where the failure is lost and writes land in database 0.
 */
function databaseOf(url: string): number {
  const path = new URL(url).pathname.replace(/^\//, '')
  if (path === '') return 0
  if (!/^\d{1,5}$/.test(path)) {
    throw new InvalidConfigError(
      'url',
      url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@'),
      `the database must be a number, not ${JSON.stringify(path)}`,
    )
  }
  return Number(path)
}

function addressOf(node: Redis): string {
  return `${node.options.host ?? '?'}:${node.options.port ?? '?'}`
}
