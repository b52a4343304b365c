import type { TypeName } from '@kairos/core'
import { MINUTE } from './time-base.js'

/** How many writer processes run at once. */
export const WRITERS = 8

/** How many rounds each writer writes, and how many rounds share a minute bucket. */
export interface PlanShape {
  readonly rounds: number
  readonly roundsPerMinute: number
}

/**
 * Thirty rounds, a new minute bucket every three. The MongoDB-wire test server (FerretDB on
 * SQLite) takes tens of milliseconds per write once eight writers contend, so it gets four
 * rounds, each in a minute bucket of its own: fewer writes, as many races to create cells.
 */
export const DEFAULT_SHAPE: PlanShape = { rounds: 30, roundsPerMinute: 3 }
export const SMALL_SHAPE: PlanShape = { rounds: 4, roundsPerMinute: 1 }

/** Every type is written, each under a prefix of its own, into the same three names. */
export const TYPES: readonly TypeName[] = ['count', 'histogram', 'set', 'series', 'gauge']
export const NAMES = ['n0', 'n1', 'n2'] as const

/**
 * Minutes get a new bucket every three rounds, so the writers keep racing to create cells;
 * hours and (New York) days are a few cells that every writer updates.
 */
export const CONFIG = {
  timezone: 'America/New_York',
  intervals: {
    minute: { step: '1m' },
    hour: { step: '1h', resolution: '10m' },
    day: { step: 'daily', resolution: '1h' },
  },
} as const

/** One point as the writer sends it. */
export interface PlannedPoint {
  readonly name: string
  readonly value: number
  readonly timestamp: number
}

/** One call a writer makes: an `insert` of one point or a `bulkInsert` of several. */
export interface WriteStep {
  readonly type: TypeName
  readonly op: 'insert' | 'bulk'
  readonly points: readonly PlannedPoint[]
}

/**
 * The calls of one writer, in order. Values say who wrote them and when (writer × 10 000 +
 * round × 10 + position) for sets, series and gauges; histograms draw from seven members;
 * counts add whole numbers and halves, so every total is exact in floating point.
 *
 * @param writer - 0 to WRITERS − 1
 * @param anchor - a future UTC midnight; round r writes at anchor + r minutes / roundsPerMinute
 * @param shape - rounds and rounds per minute
 */
export function writerPlan(writer: number, anchor: number, shape: PlanShape): WriteStep[] {
  const steps: WriteStep[] = []
  for (let round = 0; round < shape.rounds; round++) {
    const timestamp = anchor + lastTimeOffset(shape, round) + writer * 100
    for (const type of TYPES) {
      const points = NAMES.map((name, k) => ({
        name,
        value: pointValue(type, writer, round, k),
        timestamp,
      }))
      // A third of the rounds go as one bulk insert that also writes n0 twice in one cell.
      if ((round + writer) % 3 === 0) {
        const again = { name: 'n0', value: pointValue(type, writer, round, 3), timestamp }
        steps.push({ type, op: 'bulk', points: [...points, again] })
      } else {
        for (const point of points) steps.push({ type, op: 'insert', points: [point] })
      }
    }
  }
  return steps
}

function pointValue(type: TypeName, writer: number, round: number, position: number): number {
  if (type === 'count') return ((writer + round + position) % 4) + 1 + (round % 2) / 2
  if (type === 'histogram') return (writer + round + position) % 7
  return writer * 10_000 + round * 10 + position
}

/** When round `round` writes, after the anchor, before the writer's own 100 ms offset. */
export function lastTimeOffset(shape: PlanShape, round = shape.rounds - 1): number {
  return Math.floor((round * MINUTE) / shape.roundsPerMinute)
}

/** Who wrote a set, series or gauge value. */
export function writerOf(value: number): number {
  return Math.floor(value / 10_000)
}
