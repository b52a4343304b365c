import { randomBytes } from 'node:crypto'
import {
  KairosError,
  type StorageBackend,
  Timeseries,
  type TimeseriesConfig,
  type TransformSpec,
} from '@kairos/core'
import { differences, show } from './compare.js'
import type { Op, Scenario } from './scenario.js'
import { spanOf } from './scenario-span.js'
import { resolveBase } from './time-base.js'

/** What one step did on one backend: a value, or the code of the error it failed with. */
export type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: string; readonly message: string }

/** What a run exercised, to show that generated cases are not trivially empty. */
export interface RunStats {
  steps: number
  reads: number
  /** Reads whose answer held some data (not only empty buckets). */
  readsWithData: number
  /** Steps that failed on both sides with the same code (bad ranges, non-numeric transforms). */
  rejected: number
}

/** A fresh, zeroed {@link RunStats}. */
export function emptyStats(): RunStats {
  return { steps: 0, reads: 0, readsWithData: 0, rejected: 0 }
}

/** One backend's side of a run: its timeseries and the clock it reads. */
interface Side {
  readonly ts: Timeseries
  readonly clock: { now: number }
}

/**
 * Runs a scenario step by step on the reference backend and on the subject under one fresh
 * prefix each, and throws at the first step whose outcome differs, naming the step, both
 * outcomes and the differences. Both prefixes are emptied afterwards.
 *
 * @param reference - the backend whose answers are right (the memory backend)
 * @param subject - the backend under test
 * @param anchor - the future UTC midnight the scenario's base is counted from
 * @param stats - counters this run adds to
 */
export async function runDifferential(
  reference: StorageBackend,
  subject: StorageBackend,
  scenario: Scenario,
  anchor: number,
  stats: RunStats = emptyStats(),
): Promise<void> {
  // Every time of the run stays after the anchor, where no store's own expiry can reach.
  const earliest = anchor + 2 * spanOf(scenario.config)
  const base = resolveBase(scenario.base, scenario.config.timezone ?? 'UTC', earliest)
  const prefix = `rel-${randomBytes(6).toString('hex')}`
  const expected = open(reference, scenario, base, prefix)
  const actual = open(subject, scenario, base, prefix)
  const live = new Set<string>()

  try {
    for (const [index, op] of scenario.ops.entries()) {
      const want = await apply(expected, op, base)
      const got = await apply(actual, op, base)
      const found = compareOutcomes(op, got, want, subject.capabilities.nativeExpiry, live)
      if (found.length > 0) throw new Error(describeMismatch(index, op, got, want, found))
      track(op, want, live)
      count(op, want, stats)
    }
  } finally {
    await Promise.all([expected.ts.deleteAll(), actual.ts.deleteAll()])
  }
}

function open(backend: StorageBackend, scenario: Scenario, base: number, prefix: string): Side {
  const clock = { now: base + scenario.now }
  const config: TimeseriesConfig = { ...scenario.config, prefix, clock: () => clock.now }
  return { ts: new Timeseries(backend, config), clock }
}

async function apply(side: Side, op: Op, base: number): Promise<Outcome> {
  try {
    return { ok: true, value: await run(side, op, base) }
  } catch (error) {
    if (error instanceof KairosError) return { ok: false, code: error.code, message: error.message }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    return { ok: false, code: 'NOT_A_KAIROS_ERROR', message }
  }
}

async function run(side: Side, op: Op, base: number): Promise<unknown> {
  const ts = side.ts
  switch (op.op) {
    case 'insert':
      return ts.insert(op.name, op.value as never, {
        timestamp: base + op.at,
        ...(op.intervals === undefined ? {} : { intervals: op.intervals }),
      })
    case 'bulk': {
      const points = op.points.map((p) => ({
        name: p.name,
        value: p.value,
        timestamp: base + p.at,
      }))
      const extra = op.intervals === undefined ? {} : { intervals: op.intervals }
      return ts.bulkInsert(points as never, extra)
    }
    case 'delete':
      return ts.delete(op.name)
    case 'expire':
      return ts.expire(op.name)
    case 'advance':
      side.clock.now += op.ms
      return undefined
    case 'get':
      return ts.get(nameArgument(op.names), op.interval, {
        ...(op.at === undefined ? {} : { timestamp: base + op.at }),
        ...readOptions(op),
      })
    case 'series':
      return ts.series(nameArgument(op.names), op.interval, {
        ...(op.start === undefined ? {} : { start: base + op.start }),
        ...(op.end === undefined ? {} : { end: base + op.end }),
        ...(op.steps === undefined ? {} : { steps: op.steps }),
        ...(op.collapse === undefined ? {} : { collapse: op.collapse }),
        ...readOptions(op),
      })
    case 'iterate': {
      const pairs: [number, unknown][] = []
      for await (const pair of ts.iterate(op.name, op.interval)) pairs.push(pair)
      return pairs
    }
    case 'list':
      return (await ts.list()).sort()
    case 'properties':
      return ts.properties(op.name)
  }
}

function nameArgument(names: readonly string[]): string | readonly string[] {
  return names.length === 1 ? (names[0] as string) : names
}

function readOptions(op: { condense?: boolean | undefined; transform?: unknown }) {
  return {
    ...(op.condense === undefined ? {} : { condense: op.condense }),
    ...(op.transform === undefined ? {} : { transform: op.transform as TransformSpec }),
  }
}

/**
 * The differences between the subject's outcome and the reference's. Errors match by code.
 * Bucket maps must also list their buckets in the same order. `list` on a store with native
 * expiry may keep names whose data the injected clock calls expired (its own expiry runs on
 * real time), so there it must hold every name the reference lists and nothing never
 * written or since deleted.
 */
function compareOutcomes(
  op: Op,
  got: Outcome,
  want: Outcome,
  nativeExpiry: boolean,
  live: ReadonlySet<string>,
): string[] {
  if (!want.ok || !got.ok) {
    if (!want.ok && !got.ok && got.code === want.code) return []
    return ['the outcomes differ']
  }

  if (op.op === 'list' && nativeExpiry) {
    const names = got.value as string[]
    const missing = (want.value as string[]).filter((name) => !names.includes(name))
    const extra = names.filter((name) => !live.has(name))
    return [
      ...missing.map((name) => `list: ${show(name)} is missing`),
      ...extra.map((name) => `list: ${show(name)} was never written or was deleted`),
    ]
  }

  const found = differences(got.value, want.value)
  if (want.value instanceof Map && got.value instanceof Map) {
    const order = differences([...got.value.keys()], [...want.value.keys()], '$.keys()')
    found.push(...order)
  }
  return found
}

/** Keeps the set of names that may be listed: written since their last deletion. */
function track(op: Op, outcome: Outcome, live: Set<string>): void {
  if (!outcome.ok) return
  if (op.op === 'insert') live.add(op.name)
  if (op.op === 'bulk') for (const point of op.points) live.add(point.name)
  if (op.op === 'delete') live.delete(op.name)
}

function count(op: Op, outcome: Outcome, stats: RunStats): void {
  stats.steps++
  if (!outcome.ok) stats.rejected++
  if (!['get', 'series', 'iterate', 'properties', 'list'].includes(op.op)) return
  stats.reads++
  if (outcome.ok && hasData(outcome.value)) stats.readsWithData++
}

/** Whether a read's answer holds anything beyond empty buckets, zero counts and nulls. */
function hasData(value: unknown): boolean {
  if (value instanceof Map) return [...value.values()].some(hasData)
  if (value instanceof Set) return value.size > 0
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'number') return value !== 0
  if (value === null || value === undefined) return false
  if (typeof value === 'object') return Object.values(value).some(hasData)
  return true
}

function describeMismatch(
  index: number,
  op: Op,
  got: Outcome,
  want: Outcome,
  found: readonly string[],
): string {
  const render = (outcome: Outcome) =>
    outcome.ok ? show(outcome.value) : `${outcome.code} (${outcome.message})`
  return [
    `step ${index} ${JSON.stringify(op)} differs from the memory backend:`,
    `  memory:  ${render(want)}`,
    `  backend: ${render(got)}`,
    ...found.slice(0, 10).map((line) => `  ${line}`),
  ].join('\n')
}
