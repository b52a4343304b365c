import type { ConfigSpec } from './scenario.js'
import { DAY, HOUR, MINUTE } from './time-base.js'

/** Steps with the resolutions that are valid inside them, and a rough length for spans. */
export const STEPS: readonly { step: string; ms: number; resolutions: readonly string[] }[] = [
  { step: '1m', ms: MINUTE, resolutions: ['10s', '15s'] },
  { step: '7m', ms: 7 * MINUTE, resolutions: ['1m'] },
  { step: '90s', ms: 90_000, resolutions: ['30s'] },
  { step: '1h', ms: HOUR, resolutions: ['15m', '20m'] },
  { step: '1d', ms: DAY, resolutions: ['1h', '6h'] },
  { step: '1w', ms: 7 * DAY, resolutions: ['1d'] },
  { step: 'daily', ms: DAY, resolutions: ['1h', '30m', '6h'] },
  { step: 'weekly', ms: 7 * DAY, resolutions: ['daily', '1d'] },
  { step: 'monthly', ms: 31 * DAY, resolutions: ['daily', '1w'] },
  { step: 'yearly', ms: 365 * DAY, resolutions: ['monthly', 'daily'] },
]

/**
 * How far from its base a scenario's times reach, either way: about 50 of its shortest
 * steps, at least two hours and at most 400 days. Generated offsets stay within 1.1 spans.
 */
export function spanOf(config: ConfigSpec): number {
  const lengths = Object.values(config.intervals).map(
    (spec) => STEPS.find((s) => s.step === spec.step)?.ms ?? DAY,
  )
  return Math.min(Math.max(50 * Math.min(...lengths), 2 * HOUR), 400 * DAY)
}
