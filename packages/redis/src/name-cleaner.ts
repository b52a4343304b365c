import type { IntervalCutoff, MergeOp } from '@kairos/core'
import {
  decodeComponent,
  encodeComponent,
  LETTER_OP,
  NameKeys,
  namesKey,
  scoreText,
} from './key-layout.js'
import type { PipelineRunner } from './pipeline-runner.js'

/** Buckets, or names, handled per round trip: bounded, so no command blocks the server. */
const CHUNK = 500

/** Names deleted at the same time by `deletePrefix`. */
const PARALLEL_NAMES = 16

/**
 * Deletes and expires through the indexes, never with KEYS: a name's meta set says which
 * intervals and operations it holds, each interval's sorted set says which buckets, and a
 * prefix's names sorted set says which names. Work goes in chunks with UNLINK, so a name or
 * prefix of any size is removed without blocking the server. Data goes before the index
 * entries that point to it, so an interrupted delete can simply be run again.
 */
export class NameCleaner {
  /** @param runner - sends the commands */
  constructor(private readonly runner: PipelineRunner) {}

  /**
   * Removes every key of one name.
   *
   * @param prefix - the timeseries prefix
   * @param name - the name
   */
  async deleteName(prefix: string, name: string): Promise<void> {
    const keys = new NameKeys(prefix, name)
    const intervals = await this.intervalsOf(keys)

    for (const [interval, ops] of intervals) {
      await this.dropBuckets(keys, interval, ops, '+inf')
    }
    const indexKeys = [keys.meta(), ...[...intervals.keys()].map((i) => keys.buckets(i))]
    await this.runner.runOne([(p) => p.unlink(...indexKeys)])
    await this.runner.runOne([(p) => p.zrem(namesKey(prefix), keys.member)])
  }

  /**
   * Removes every name listed under a prefix, then the list itself.
   *
   * @param prefix - the timeseries prefix
   */
  async deletePrefix(prefix: string): Promise<void> {
    const key = namesKey(prefix)
    await this.scanNames(key, undefined, async (members) => {
      for (let from = 0; from < members.length; from += PARALLEL_NAMES) {
        const some = members.slice(from, from + PARALLEL_NAMES)
        await Promise.all(some.map((member) => this.deleteName(prefix, decodeComponent(member))))
      }
    })
    await this.runner.runOne([(p) => p.unlink(key)])
  }

  /**
   * Removes the buckets of one name that start before each interval's `liveFrom`, and the
   * name from its prefix's list once it holds nothing.
   *
   * @param prefix - the timeseries prefix
   * @param name - the name
   * @param cutoffs - the first live bucket of each interval
   */
  async expire(prefix: string, name: string, cutoffs: readonly IntervalCutoff[]): Promise<void> {
    const keys = new NameKeys(prefix, name)
    const intervals = await this.intervalsOf(keys)
    let remaining: unknown

    for (const { interval, liveFrom } of cutoffs) {
      const encoded = encodeComponent(interval)
      const ops = intervals.get(encoded)
      if (ops === undefined || liveFrom === Number.NEGATIVE_INFINITY) continue

      await this.dropBuckets(keys, encoded, ops, `(${scoreText(liveFrom)}`)
      const members = ops.map((op) => op.letter + encoded)
      const bucketsKey = keys.buckets(encoded)
      ;[remaining] = await this.runner.runOne([
        (p) => p.kairosTidy(keys.meta(), bucketsKey, ...members),
      ])
    }
    if (remaining === 0) await this.runner.runOne([(p) => p.zrem(namesKey(prefix), keys.member)])
  }

  /**
   * Walks a names sorted set with ZSCAN, a bounded chunk per round trip.
   *
   * @param key - the names sorted set
   * @param each - called with every member and its score (the name's expiry)
   * @param chunk - called with the members of each chunk, after `each`
   */
  async scanNames(
    key: string,
    each?: (member: string, score: number) => void,
    chunk?: (members: string[]) => Promise<void>,
  ): Promise<void> {
    let cursor = '0'
    do {
      const [reply] = await this.runner.runOne([(p) => p.zscan(key, cursor, 'COUNT', CHUNK)])
      const [next, flat] = reply as [string, string[]]
      const members: string[] = []
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const member = flat[i] as string
        members.push(member)
        each?.(member, parseScore(flat[i + 1] as string))
      }
      await chunk?.(members)
      cursor = next
    } while (cursor !== '0')
  }

  /** The name's intervals (encoded), each with the operations it holds data for. */
  private async intervalsOf(keys: NameKeys): Promise<Map<string, IndexedOp[]>> {
    const [reply] = await this.runner.runOne([(p) => p.smembers(keys.meta())])
    const intervals = new Map<string, IndexedOp[]>()
    for (const member of reply as string[]) {
      const op = LETTER_OP.get(member.charAt(0))
      if (op === undefined) continue
      const interval = member.slice(1)
      const ops = intervals.get(interval) ?? []
      ops.push({ op, letter: member.charAt(0) })
      intervals.set(interval, ops)
    }
    return intervals
  }

  /** Unlinks the data of the interval's buckets below `below` and their index entries. */
  private async dropBuckets(
    keys: NameKeys,
    interval: string,
    ops: readonly IndexedOp[],
    below: string,
  ): Promise<void> {
    const bucketsKey = keys.buckets(interval)
    for (;;) {
      const [reply] = await this.runner.runOne([
        (p) => p.zrangebyscore(bucketsKey, '-inf', below, 'LIMIT', 0, CHUNK),
      ])
      const buckets = reply as string[]
      if (buckets.length === 0) return

      const dataKeys = buckets.flatMap((b) => ops.map(({ op }) => keys.data(op, interval, b)))
      await this.runner.runOne([
        (p) => p.unlink(...dataKeys),
        (p) => p.zrem(bucketsKey, ...buckets),
      ])
      if (buckets.length < CHUNK) return
    }
  }
}

interface IndexedOp {
  readonly op: MergeOp
  readonly letter: string
}

function parseScore(text: string): number {
  if (text === 'inf' || text === '+inf') return Number.POSITIVE_INFINITY
  if (text === '-inf') return Number.NEGATIVE_INFINITY
  return Number(text)
}
