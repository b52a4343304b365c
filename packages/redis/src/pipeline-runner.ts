import type { ChainableCommander, Cluster, Redis } from 'ioredis'
import type { ScriptCommands } from './scripts.js'

/** A pipeline with the backend's scripts defined on it. */
export type ScriptPipeline = ChainableCommander & ScriptCommands<ChainableCommander>

/** Queues one command on a pipeline. */
export type Queue = (pipeline: ScriptPipeline) => void

/** The reply to one command: its error, or `null` and its result. */
export type Outcome = readonly [Error | null, unknown]

/** Commands per pipeline on a single server: large enough to amortise, small enough to stream. */
const SINGLE_PIPELINE_COMMANDS = 1000

/** Where one queued command sits in the caller's groups. */
type Slot = readonly [group: number, command: number]

/** A reply that did not come in time. */
export class ReplyTimeoutError extends Error {
  override readonly name = 'ReplyTimeoutError'
}

/**
 * Sends groups of commands, each group keyed to one cluster slot, in as few round trips as
 * the client allows. On a single server the groups are packed into shared pipelines; on a
 * cluster each group is its own pipeline, because ioredis sends a pipeline to one node and
 * rejects one whose keys the cluster could split. All pipelines go out at once, so the whole
 * call costs one round trip per node.
 */
export class PipelineRunner {
  /**
   * @param client - the ioredis client or cluster
   * @param timeoutMs - how long to wait for a pipeline's replies before giving up on them
   */
  constructor(
    private readonly client: Redis | Cluster,
    private readonly timeoutMs: number,
  ) {}

  /** Whether the client is a cluster, which constrains what one pipeline may hold. */
  get isCluster(): boolean {
    return (this.client as { isCluster?: boolean }).isCluster === true
  }

  /**
   * Runs every command and reports each one's outcome; never rejects.
   *
   * @param groups - commands, grouped so that each group touches one slot
   * @returns the outcomes, in the shape of `groups`
   */
  async run(groups: readonly (readonly Queue[])[]): Promise<Outcome[][]> {
    const outcomes = groups.map((group) => new Array<Outcome>(group.length))
    const pipelines = this.isCluster ? onePerGroup(groups) : packed(groups)

    await Promise.all(pipelines.map((slots) => this.exec(groups, slots, outcomes)))
    return outcomes
  }

  /**
   * Runs commands that all touch one slot, and returns their results or throws the first
   * error.
   *
   * @param group - the commands
   */
  async runOne(group: readonly Queue[]): Promise<unknown[]> {
    const [outcomes = []] = await this.run([group])
    const failed = outcomes.find(([error]) => error !== null)
    if (failed !== undefined) throw failed[0]
    return outcomes.map(([, result]) => result)
  }

  private async exec(
    groups: readonly (readonly Queue[])[],
    slots: readonly Slot[],
    outcomes: Outcome[][],
  ): Promise<void> {
    const pipeline = this.client.pipeline() as ScriptPipeline
    for (const [group, command] of slots) groups[group]?.[command]?.(pipeline)

    let replies: readonly Outcome[]
    try {
      replies = (await this.bounded(pipeline.exec())) ?? []
    } catch (error) {
      replies = slots.map((): Outcome => [asError(error), undefined])
    }

    slots.forEach(([group, command], i) => {
      const row = outcomes[group]
      if (row !== undefined) row[command] = replies[i] ?? [new Error('no reply'), undefined]
    })
  }

  /**
   * Waits for a promise at most the runner's timeout.
   *
   * @param promise - a reply, or any other wait on the client
   * @throws ReplyTimeoutError when it takes longer
   */
  bounded<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new ReplyTimeoutError(`no reply from Redis within ${this.timeoutMs} ms`))
      }, this.timeoutMs)
    })
    // A late failure of the abandoned promise must not surface as an unhandled rejection.
    promise.catch(() => undefined)
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
  }
}

function onePerGroup(groups: readonly (readonly Queue[])[]): Slot[][] {
  return groups
    .map((group, g) => group.map((_, c): Slot => [g, c]))
    .filter((slots) => slots.length > 0)
}

function packed(groups: readonly (readonly Queue[])[]): Slot[][] {
  const pipelines: Slot[][] = []
  let current: Slot[] = []
  groups.forEach((group, g) => {
    group.forEach((_, c) => {
      current.push([g, c])
      if (current.length === SINGLE_PIPELINE_COMMANDS) {
        pipelines.push(current)
        current = []
      }
    })
  })
  if (current.length > 0) pipelines.push(current)
  return pipelines
}

/** Whatever was thrown, as an Error. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}
