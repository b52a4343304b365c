import { describe, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import { contractFixtures } from './contract-fixtures.js'
import type { Fixture } from './fixture.js'
import { parityFixtures } from './parity-fixtures.js'
import { randomParityFixtures } from './random-parity-fixtures.js'
import { runFixture } from './run-fixture.js'

const sets: [string, readonly Fixture[]][] = [
  ['recorded cases: kairos parity', parityFixtures],
  ['recorded cases: random kairos parity', randomParityFixtures],
  ['recorded cases: contract', contractFixtures],
]

/** Registers one test per recorded fixture, grouped by the set it comes from. */
export function fixtureTests(setup: ConformanceOptions): void {
  for (const [title, fixtures] of sets) {
    describe(title, () => {
      const kit = useBackend(setup)
      for (const fixture of fixtures) it(fixture.id, () => runFixture(kit, fixture))
    })
  }
}
