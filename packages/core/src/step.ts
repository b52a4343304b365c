/**
 * How one interval cuts time into buckets. Bucket starts are epoch milliseconds;
 * every implementation maps any timestamp to exactly one bucket.
 */
export interface Step {
  /** The nominal length in milliseconds (a calendar day is 86 400 000). */
  readonly nominalMs: number
  /** The start of the bucket that holds `t`. */
  floor(t: number): number
  /** The start of the bucket `n` buckets after (or before, when negative) `start`. */
  add(start: number, n: number): number
}

/** Buckets of a fixed length, counted from the epoch; negative times floor downwards. */
export class FixedStep implements Step {
  constructor(readonly nominalMs: number) {}

  floor(t: number): number {
    return Math.floor(t / this.nominalMs) * this.nominalMs
  }

  add(start: number, n: number): number {
    return start + n * this.nominalMs
  }
}

/** The duration of the bucket that starts at `start`. */
export function bucketDuration(step: Step, start: number): number {
  return step.add(start, 1) - start
}
