import { KairosError } from '@kairos/core'
import { expect } from 'vitest'
import type { BackendKit } from '../kit/backend-kit.js'
import { differences, show } from '../kit/compare.js'
import { construct, type LooseTimeseries, type Options } from '../kit/loose-timeseries.js'
import { ManualClock } from '../kit/manual-clock.js'
import { DAY } from '../kit/time.js'
import { decodeExpected } from './decode-expected.js'
import type { Fixture, FixturePoint, FixtureStep, ReadStep } from './fixture.js'

const SHIFTED_OPTIONS = ['timestamp', 'start', 'end'] as const

/** The state of one running fixture. */
interface Run {
  readonly kit: BackendKit
  readonly fixture: Fixture
  readonly offset: number
  readonly clock: ManualClock
  readonly config: Options
  readonly first: LooseTimeseries
  second?: LooseTimeseries
}

/**
 * Runs one fixture against the kit's backend. Checks are soft, so that one run reports
 * every mismatch of the fixture rather than the first.
 */
export async function runFixture(kit: BackendKit, fixture: Fixture): Promise<void> {
  const wall = Date.now()
  const offset =
    fixture.time === 'absolute'
      ? 0
      : fixture.time === 'wall'
        ? wall
        : Math.floor(wall / DAY) * DAY + DAY
  const { now, ...config } = fixture.config
  const clock = new ManualClock(typeof now === 'number' ? now + offset : wall)
  const first = kit.open(config, { clock }).ts
  const run: Run = { kit, fixture, offset, clock, config, first }

  for (const [index, step] of fixture.steps.entries()) {
    const label = `${fixture.id} step ${index}: ${show(step)}`
    await runStep(run, step, label)
  }
}

async function runStep(run: Run, step: FixtureStep, label: string): Promise<void> {
  if ('setNow' in step) {
    run.clock.set(step.setNow + run.offset)
    return
  }

  const ts = 'second' in step && step.second === true ? secondOf(run) : run.first
  let result: unknown
  try {
    result = await perform(run, ts, step)
  } catch (error) {
    if ('fails' in step && step.fails !== undefined)
      expect.soft(refusal(error, step.fails), label).toBe('')
    else throw new Error(`${label} failed: ${String(error)}`, { cause: error })
    return
  }

  if ('fails' in step && step.fails !== undefined) {
    expect
      .soft(`succeeded with ${show(result)}`, `${label} should fail with ${step.fails}`)
      .toBe('')
    return
  }
  const problems = compare(run, step, result)
  expect.soft(problems, `${label}\n  got ${show(result)}`).toEqual([])
}

/** Empty when `error` is a library error with the wanted code, else what is wrong. */
function refusal(error: unknown, code: string): string {
  if (!(error instanceof KairosError)) return `expected a KairosError ${code}, got ${String(error)}`
  if (code !== '*' && error.code !== code)
    return `expected code ${code}, got ${error.code}: ${error.message}`
  return ''
}

function secondOf(run: Run): LooseTimeseries {
  run.second ??= run.kit.open(run.config, { clock: run.clock }).ts
  return run.second
}

async function perform(run: Run, ts: LooseTimeseries, step: FixtureStep): Promise<unknown> {
  if ('insert' in step) {
    const options = {
      ...at(run, step.at),
      ...(step.intervals === undefined ? {} : { intervals: step.intervals }),
    }
    return ts.insert(step.insert, decodeValue(step.value, step.nonFinite), options)
  }
  if ('bulkInsert' in step) {
    const points = step.bulkInsert.map((point) => pointOf(run, point))
    return ts.bulkInsert(points, step.intervals === undefined ? {} : { intervals: step.intervals })
  }
  if ('read' in step) return read(run, ts, step)
  if ('list' in step) return ts.list()
  if ('properties' in step) return ts.properties(step.properties)
  if ('delete' in step) return ts.delete(step.delete)
  if ('deleteAll' in step) return ts.deleteAll()
  if ('construct' in step)
    return construct(run.kit.backend, { ...step.construct, prefix: run.kit.newPrefix() })
  throw new Error(`unknown fixture step ${show(step)}`)
}

async function read(run: Run, ts: LooseTimeseries, step: ReadStep): Promise<unknown> {
  const options: Record<string, unknown> = { ...step.options }
  for (const key of SHIFTED_OPTIONS) {
    const value = options[key]
    if (typeof value === 'number') options[key] = value + run.offset
  }

  let result: Map<number, unknown>
  if (step.read === 'iterate') {
    result = new Map()
    for await (const [bucket, data] of ts.iterate(step.name, step.interval, options))
      result.set(bucket, data)
  } else {
    result = await ts[step.read](step.name, step.interval, options)
  }
  return step.valuesOnly === true && result instanceof Map ? [...result.values()] : result
}

function compare(run: Run, step: FixtureStep, result: unknown): string[] {
  if ('read' in step) {
    return step.expect === undefined
      ? []
      : differences(result, decodeExpected(step.expect, run.offset), step.exact)
  }
  if ('list' in step)
    return differences([...(result as string[])].sort(), [...step.expect].sort(), true)
  if ('properties' in step)
    return differences(result, shiftProperties(step.expect, run.offset), true)
  if ('bulkInsert' in step && step.summary !== undefined) {
    const summary = result as Record<string, unknown>
    return Object.entries(step.summary).flatMap(([key, value]) =>
      differences(summary[key], value, true, key),
    )
  }
  return []
}

function shiftProperties(
  expected: Readonly<Record<string, unknown>>,
  offset: number,
): Record<string, unknown> {
  const entries = Object.entries(expected).map(([interval, bounds]) => {
    const { first, last } = bounds as { first: number; last: number }
    return [interval, { first: first + offset, last: last + offset }]
  })
  return Object.fromEntries(entries)
}

function at(run: Run, timestamp: unknown): Options {
  if (timestamp === undefined) return {}
  return { timestamp: typeof timestamp === 'number' ? timestamp + run.offset : timestamp }
}

function pointOf(run: Run, point: FixturePoint): Options {
  const value = decodeValue(point.value, point.nonFinite)
  return { name: point.name, ...(point.value === undefined ? {} : { value }), ...at(run, point.at) }
}

function decodeValue(value: unknown, nonFinite: true | undefined): unknown {
  if (nonFinite !== true || typeof value !== 'string') return value
  return Number(value)
}
