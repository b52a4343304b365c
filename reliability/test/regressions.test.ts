import { MemoryBackend } from '@kairos/core'
import { describe, it } from 'vitest'
import type { BackendKind } from './kit/backend-targets.js'
import { runDifferential } from './kit/differential-run.js'
import { REGRESSION_CASES } from './kit/regression-cases.js'
import { futureAnchor } from './kit/time-base.js'
import { useTarget } from './kit/use-target.js'

const SUBJECTS: readonly BackendKind[] = ['redis', 'cluster', 'mongo']

describe.each(SUBJECTS)('%s: counterexamples found by the differential test', (kind) => {
  const live = useTarget(kind)

  it.each(REGRESSION_CASES)('$title', async ({ scenario }) => {
    await runDifferential(new MemoryBackend(), live.target.backend, scenario, futureAnchor())
  })
})
