import { MemoryBackend, type StorageBackend, Timeseries, type TypeName } from '@kairos/core'
import { differences, matches, show } from './compare.js'
import {
  CONFIG,
  lastTimeOffset,
  NAMES,
  type PlanShape,
  TYPES,
  WRITERS,
  type WriteStep,
  writerOf,
  writerPlan,
} from './concurrency-plan.js'

/** Opens the timeseries of one type under the run's prefix, on whichever backend is read. */
export type Open = (type: TypeName) => Timeseries

/** A cell's data keyed by `bucket/sub` (or `bucket`), for every interval and name. */
type Cells = Map<string, unknown>

/** Every writer's plan, by writer number. */
export function allPlans(anchor: number, shape: PlanShape): WriteStep[][] {
  return Array.from({ length: WRITERS }, (_, writer) => writerPlan(writer, anchor, shape))
}

/** Runs one step on the timeseries of its type, as the writer processes do. */
export async function runStep(open: Open, step: WriteStep): Promise<void> {
  const ts = open(step.type)
  if (step.op === 'bulk') {
    await ts.bulkInsert(step.points)
    return
  }
  const [point] = step.points
  if (point !== undefined) await ts.insert(point.name, point.value, { timestamp: point.timestamp })
}

/**
 * Opens, once per type, a timeseries configured as the writers configure theirs.
 *
 * @param backend - where it reads and writes
 * @param prefix - the run's prefix; each type works under `prefix:type`
 */
export function typeOpener(backend: StorageBackend, prefix: string): Open {
  const cache = new Map<TypeName, Timeseries>()
  return (type) => {
    let ts = cache.get(type)
    if (ts === undefined) {
      ts = new Timeseries(backend, { ...CONFIG, type, prefix: `${prefix}:${type}` })
      cache.set(type, ts)
    }
    return ts
  }
}

/** What a check of concurrent writes found. */
export interface ConcurrencyOutcome {
  /** Cells compared. */
  readonly cells: number
  /** Count amounts, histogram counts, set members and series values that are missing. */
  readonly lost: number
  /** Count amounts, histogram counts and series values stored once more than written. */
  readonly repeated: number
  /** Every broken promise, one line each; empty when all held. */
  readonly problems: readonly string[]
}

/**
 * Checks what concurrent writers left against what each of them wrote: counts, histograms
 * and sets equal the plans applied one after the other (their numbers are whole or halves, so
 * any lost or repeated update shows); every series cell holds every value, each writer's values
 * in that writer's order; every gauge cell holds the last value one of its writers put there.
 *
 * On a server that applies concurrent updates of one document without isolation and reports
 * some applied upserts as duplicate-key failures (`racy`: FerretDB 1), writes from separate
 * processes can be lost or, once sent again, applied twice, and no client can tell which.
 * There the check asks what still holds: nothing stored that was never written, every
 * writer's series values in its order, every gauge one of the last values; and it counts
 * what was lost and what was repeated.
 *
 * @param open - the timeseries of the backend under test
 * @param anchor - the anchor the plans were made with
 * @param shape - the shape the plans were made with
 * @param racy - whether the server may lose concurrent updates
 */
export async function checkConcurrentWrites(
  open: Open,
  anchor: number,
  shape: PlanShape,
  racy = false,
): Promise<ConcurrencyOutcome> {
  const plans = allPlans(anchor, shape)
  const end = anchor + lastTimeOffset(shape) + WRITERS * 100
  const together = await applied(plans, 'all')
  const writers = await Promise.all(plans.map((plan, writer) => applied([plan], `w${writer}`)))

  const found = { cells: 0, lost: 0, repeated: 0, problems: [] as string[] }
  for (const type of TYPES) {
    const actual = await readCells(open, type, anchor, end)
    const expected = await readCells(together, type, anchor, end)
    const keys = differences([...actual.keys()].sort(), [...expected.keys()].sort())
    found.problems.push(...keys.map((line) => `${type} cells: ${line}`))
    found.cells += actual.size

    if (type === 'series' || type === 'gauge') {
      const own = await Promise.all(writers.map((opener) => readCells(opener, type, anchor, end)))
      for (const [key, data] of actual) {
        if (type === 'series') checkSeriesCell(key, data as number[], own, racy, found)
        else checkGaugeCell(key, data as number, own, found)
      }
    } else {
      for (const [key, data] of actual) {
        if (racy) checkAtMost(type, key, data, expected.get(key), found)
        else found.problems.push(...differences(data, expected.get(key), `${type} ${key}`))
      }
    }
  }
  return found
}

/** The plans applied one call after the other to a memory backend. */
async function applied(plans: readonly WriteStep[][], prefix: string): Promise<Open> {
  const open = typeOpener(new MemoryBackend(), prefix)
  for (const plan of plans) for (const step of plan) await runStep(open, step)
  return open
}

type Found = { lost: number; repeated: number; problems: string[] }

function checkSeriesCell(
  key: string,
  data: readonly number[],
  own: readonly Cells[],
  racy: boolean,
  found: Found,
): void {
  let total = 0
  own.forEach((cells, writer) => {
    const wrote = (cells.get(key) as number[] | undefined) ?? []
    const kept = data.filter((value) => writerOf(value) === writer)
    const inOrder = racy ? isSubsequence(withoutRepeats(kept), wrote) : matches(kept, wrote)
    if (!inOrder)
      found.problems.push(`series ${key}: writer ${writer} wrote ${show(wrote)}, got ${show(kept)}`)
    total += wrote.length
  })

  const distinct = new Set(data).size
  found.repeated += data.length - distinct
  found.lost += total - distinct
  if (racy) return

  if (distinct !== data.length)
    found.problems.push(`series ${key} holds a value twice: ${show(data)}`)
  if (data.length !== total) found.problems.push(`series ${key} holds ${data.length} of ${total}`)
}

/** Each value at its first place only: a repeated append dropped. */
function withoutRepeats(values: readonly number[]): number[] {
  return values.filter((value, i) => values.indexOf(value) === i)
}

function isSubsequence(part: readonly number[], whole: readonly number[]): boolean {
  let at = 0
  for (const value of whole) if (value === part[at]) at++
  return at === part.length
}

function checkGaugeCell(key: string, data: number, own: readonly Cells[], found: Found): void {
  const lasts = own.flatMap((cells) => (cells.has(key) ? [cells.get(key) as number] : []))
  if (!lasts.includes(data)) {
    found.problems.push(`gauge ${key} holds ${data}, not one of the last values ${show(lasts)}`)
  }
}

/** Checks that a count, histogram or set cell holds nothing never written, and tallies. */
function checkAtMost(
  type: TypeName,
  key: string,
  actual: unknown,
  expected: unknown,
  found: Found,
): void {
  const tally = (got: number, wrote: number) => {
    found.lost += Math.max(wrote - got, 0)
    found.repeated += Math.max(got - wrote, 0)
  }

  if (type === 'count') {
    tally(actual as number, expected as number)
    return
  }

  if (type === 'histogram') {
    const wrote = expected as Map<number, number>
    const got = actual as Map<number, number>
    const foreign = [...got.keys()].filter((member) => !wrote.has(member))
    if (foreign.length > 0)
      found.problems.push(`histogram ${key} holds ${show(foreign)}, never written`)
    for (const [member, n] of wrote) tally(got.get(member) ?? 0, n)
    return
  }

  const wrote = expected as Set<number>
  const got = actual as Set<number>
  const foreign = [...got].filter((member) => !wrote.has(member))
  if (foreign.length > 0) found.problems.push(`set ${key} holds ${show(foreign)}, never written`)
  found.lost += wrote.size - got.size + foreign.length
}

/** Every non-empty cell of every name and interval of one type, flattened. */
async function readCells(open: Open, type: TypeName, start: number, end: number): Promise<Cells> {
  const ts = open(type)
  const cells: Cells = new Map()

  for (const name of NAMES) {
    for (const [interval, spec] of Object.entries(CONFIG.intervals)) {
      const read = await ts.series(name, interval, { start, end })
      for (const [bucket, data] of read) {
        const subs = 'resolution' in spec && data instanceof Map ? data : new Map([[-1, data]])
        for (const [sub, cell] of subs) {
          if (!isEmpty(cell)) cells.set(`${name} ${interval} ${bucket}/${sub}`, cell)
        }
      }
    }
  }
  return cells
}

function isEmpty(data: unknown): boolean {
  if (data === null || data === 0) return true
  if (Array.isArray(data)) return data.length === 0
  if (data instanceof Map || data instanceof Set) return data.size === 0
  return false
}
