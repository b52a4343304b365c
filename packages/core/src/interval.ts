import { CalendarStep, isCalendarStep } from './calendar-step.js'
import { parseDuration } from './duration.js'
import { InvalidConfigError } from './errors.js'
import { FixedStep, type Step } from './step.js'

/** How one interval is configured by the user. */
export interface IntervalConfig {
  /** Bucket length: a duration (`'1m'`, `3600000`) or `'daily' | 'weekly' | 'monthly' | 'yearly'`. */
  step: number | string
  /** Retention: keep this many buckets, counted from each bucket's own start. */
  steps?: number
  /** Sub-bucket length inside each bucket; defaults to the step. */
  resolution?: number | string
}

/** A validated interval: its name, steps, sub-steps and retention. */
export class Interval {
  constructor(
    readonly name: string,
    readonly step: Step,
    /** `null` when the interval has no resolution finer than its step. */
    readonly resolution: Step | null,
    /** Retention in buckets, or `null` to keep every bucket. */
    readonly steps: number | null,
  ) {}

  /** The sub-bucket of `t` inside the bucket that starts at `bucket`. */
  subBucket(bucket: number, t: number): number {
    const resolution = this.resolution as Step
    if (resolution instanceof FixedStep) {
      return bucket + Math.floor((t - bucket) / resolution.nominalMs) * resolution.nominalMs
    }
    return Math.max(bucket, resolution.floor(t))
  }

  /** The first bucket start that is still within retention at `now`. */
  liveFrom(now: number): number {
    if (this.steps === null) return Number.NEGATIVE_INFINITY
    return this.step.add(this.step.floor(now), 1 - this.steps)
  }

  /** When the bucket that starts at `bucket` passes retention, or `null` for never. */
  expiresAt(bucket: number): number | null {
    return this.steps === null ? null : this.step.add(bucket, this.steps)
  }
}

const CALENDAR_NESTING: Record<string, readonly string[]> = {
  daily: ['daily'],
  weekly: ['daily', 'weekly'],
  monthly: ['daily', 'monthly'],
  yearly: ['daily', 'monthly', 'yearly'],
}

/**
 * Validates one interval's config.
 * @param name - the interval's name, used in error messages
 * @param timeZone - the zone for calendar steps, already validated
 */
export function parseInterval(name: string, config: unknown, timeZone: string): Interval {
  const field = `intervals.${name}`
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InvalidConfigError(field, config, 'expected an object with a step')
  }
  const { step, steps, resolution, ...unknown } = config as Record<string, unknown>
  const extra = Object.keys(unknown)[0]
  if (extra !== undefined) {
    throw new InvalidConfigError(`${field}.${extra}`, unknown[extra], 'unknown option')
  }
  if (step === undefined) throw new InvalidConfigError(`${field}.step`, step, 'is required')

  const stepOf = parseStep(`${field}.step`, step, timeZone)
  const resolutionOf =
    resolution === undefined
      ? null
      : parseResolution(`${field}.resolution`, resolution, stepOf, timeZone)
  return new Interval(name, stepOf, resolutionOf, parseSteps(`${field}.steps`, steps))
}

function parseStep(field: string, value: unknown, timeZone: string): Step {
  if (isCalendarStep(value)) return new CalendarStep(value, timeZone)
  return new FixedStep(parseDuration(field, value))
}

function parseResolution(field: string, value: unknown, step: Step, timeZone: string): Step | null {
  const resolution = parseStep(field, value, timeZone)

  if (resolution instanceof CalendarStep) {
    if (!(step instanceof CalendarStep)) {
      throw new InvalidConfigError(field, value, 'a calendar resolution needs a calendar step')
    }
    if (!CALENDAR_NESTING[step.unit]?.includes(resolution.unit)) {
      throw new InvalidConfigError(
        field,
        value,
        `${resolution.unit} buckets do not nest in ${step.unit} ones`,
      )
    }
    return resolution.unit === step.unit ? null : resolution
  }

  if (resolution.nominalMs > step.nominalMs) {
    throw new InvalidConfigError(field, value, 'must not be longer than the step')
  }
  if (step instanceof FixedStep && step.nominalMs % resolution.nominalMs !== 0) {
    throw new InvalidConfigError(
      field,
      value,
      `must divide the step (${step.nominalMs} ms) exactly`,
    )
  }
  return resolution.nominalMs === step.nominalMs && step instanceof FixedStep ? null : resolution
}

function parseSteps(field: string, value: unknown): number | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidConfigError(field, value, 'must be a positive whole number of buckets')
  }
  return value
}
