import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { BackendKind } from './kit/backend-targets.js'
import {
  allPlans,
  checkConcurrentWrites,
  type Open,
  runStep,
  typeOpener,
} from './kit/concurrency-check.js'
import {
  CONFIG,
  DEFAULT_SHAPE,
  type PlanShape,
  SMALL_SHAPE,
  TYPES,
  WRITERS,
} from './kit/concurrency-plan.js'
import { checkNoDuplicates } from './kit/mongo-duplicates.js'
import { losesConcurrentUpdates } from './kit/mongo-target.js'
import { futureAnchor } from './kit/time-base.js'
import { useTarget } from './kit/use-target.js'
import { runWriters } from './kit/writer-pool.js'

/** Empties the run's prefixes: the shared servers serve the whole test run. */
async function cleanUp(open: Open): Promise<void> {
  for (const type of TYPES) await open(type).deleteAll()
}

const SHAPES: Readonly<Record<BackendKind, PlanShape>> = {
  memory: DEFAULT_SHAPE,
  redis: DEFAULT_SHAPE,
  cluster: DEFAULT_SHAPE,
  mongo: SMALL_SHAPE,
}

describe.each(Object.entries(SHAPES) as [BackendKind, PlanShape][])(
  '%s: 8 concurrent writers sharing one backend in one process',
  (kind, shape) => {
    const live = useTarget(kind)

    it('keeps every count, histogram, set, series and gauge exact', async (context) => {
      const anchor = futureAnchor()
      const open = typeOpener(live.target.backend, `one-${randomBytes(4).toString('hex')}`)

      await Promise.all(
        allPlans(anchor, shape).map(async (plan) => {
          for (const step of plan) await runStep(open, step)
        }),
      )

      const outcome = await checkConcurrentWrites(open, anchor, shape)
      await cleanUp(open)
      await context.annotate(`${kind}: ${outcome.cells} cells checked`)
      expect(outcome.problems).toEqual([])
    })
  },
)

const PROCESS_KINDS: readonly BackendKind[] = ['redis', 'cluster', 'mongo']

describe.each(PROCESS_KINDS)('%s: 8 writer processes on the same names', (kind) => {
  const live = useTarget(kind)
  const shape = SHAPES[kind]

  it('keeps every count, histogram, set, series and gauge exact', async (context) => {
    const anchor = futureAnchor()
    const prefix = `con-${randomBytes(4).toString('hex')}`
    const open = typeOpener(live.target.backend, prefix)

    const remote = live.target.remote
    if (remote === undefined) throw new Error(`${kind} cannot be reached from another process`)

    const elapsed = await runWriters(
      { target: remote, prefix, types: TYPES, config: CONFIG },
      allPlans(anchor, shape),
    )

    const { db } = live.target
    const duplicates = db === undefined ? '' : await checkNoDuplicates(db, prefix)
    const racy = db !== undefined && (await losesConcurrentUpdates(db))
    const outcome = await checkConcurrentWrites(open, anchor, shape, racy)
    await cleanUp(open)
    await context.annotate(
      `${kind}: ${WRITERS} writers, slowest ${Math.round(Math.max(...elapsed))} ms, ` +
        `${outcome.cells} cells checked${duplicates}` +
        (racy ? `; no isolation: ${outcome.lost} lost, ${outcome.repeated} repeated` : ''),
    )
    expect(outcome.problems).toEqual([])
  })
})
