import type { StorageBackend } from '@kairos/core'
import { describe } from 'vitest'
import { fixtureTests } from './cases/fixture-tests.js'
import type { ConformanceOptions } from './conformance-options.js'
import { badConfigTests } from './groups/bad-config-tests.js'
import { badReadTests } from './groups/bad-read-tests.js'
import { badWriteTests } from './groups/bad-write-tests.js'
import { bulkInsertTests } from './groups/bulk-insert-tests.js'
import { calendarSpanTests } from './groups/calendar-span-tests.js'
import { calendarZoneTests } from './groups/calendar-zone-tests.js'
import { insertIntervalTests } from './groups/insert-interval-tests.js'
import { iterateTests } from './groups/iterate-tests.js'
import { joinTests } from './groups/join-tests.js'
import { metadataTests } from './groups/metadata-tests.js'
import { nameTests } from './groups/name-tests.js'
import { prefixIsolationTests } from './groups/prefix-isolation-tests.js'
import { readHookTests } from './groups/read-hook-tests.js'
import { resolutionTests } from './groups/resolution-tests.js'
import { retentionTests } from './groups/retention-tests.js'
import { seriesRangeTests } from './groups/series-range-tests.js'
import { transformTests } from './groups/transform-tests.js'
import { typeReadTests } from './groups/type-read-tests.js'
import { valueCodecTests } from './groups/value-codec-tests.js'

/** The capability groups, in the order they are registered. */
const groups = [
  typeReadTests,
  seriesRangeTests,
  resolutionTests,
  joinTests,
  insertIntervalTests,
  bulkInsertTests,
  transformTests,
  readHookTests,
  valueCodecTests,
  iterateTests,
  calendarZoneTests,
  calendarSpanTests,
  metadataTests,
  nameTests,
  retentionTests,
  prefixIsolationTests,
  badConfigTests,
  badWriteTests,
  badReadTests,
  fixtureTests,
]

/**
 * Registers the kairos conformance suite for one backend as vitest tests: every type,
 * interval kind, read option, metadata call, retention rule and bad input of the
 * contract, plus the recorded parity cases. Call it at the top level of a test file.
 *
 * Each group of tests creates its own backend through `create` and hands it to
 * `destroy` afterwards; each test works under a fresh random prefix and empties it when
 * done, so the store may hold other data. Time comes from an injected clock: no test
 * sleeps or retries.
 *
 * @param name - shown in the name of every test
 * @param options - how to build and release the backend under test
 *
 * @example
 * ```ts
 * import { describeConformance } from '@kairos/conformance'
 * import { MemoryBackend } from '@kairos/core'
 *
 * describeConformance('memory', { create: () => new MemoryBackend() })
 * ```
 */
export function describeConformance<B extends StorageBackend>(
  name: string,
  options: ConformanceOptions<B>,
): void {
  const setup = options as unknown as ConformanceOptions
  describe(`kairos conformance: ${name}`, () => {
    for (const group of groups) group(setup)
  })
}
