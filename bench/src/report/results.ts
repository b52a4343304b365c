import type { PhaseName } from '../bench-options.js'

/** The units figures are given in. */
export type Unit = 'events/s' | 'ops/s' | 'series/s' | 'req/s' | 'ms' | 'bytes' | 'ratio'

/** One measured figure. */
export interface Figure {
  /** Stable key, such as `redis.ingest.delay`; goals and ratios refer to it. */
  readonly id: string
  /** A kairos store, or the tool that measured a raw limit. */
  readonly subject: string
  readonly phase: PhaseName
  /** What was measured, for people. */
  readonly label: string
  readonly value: number
  readonly unit: Unit
  /** Context worth keeping, such as how many events or the latency percentiles. */
  readonly detail?: Readonly<Record<string, number | string>>
}

/** A store or a limit that could not be measured in this run, and why. */
export interface Skip {
  readonly subject: string
  readonly reason: string
}

/** Everything one run measured, in the order it was measured. */
export class Results {
  readonly figures: Figure[] = []
  readonly skips: Skip[] = []
  /** What each subject ran on, such as `Redis 7.0.15 (redis-server) on 127.0.0.1:40123`. */
  readonly servers: Record<string, string> = {}
  /** Remarks for the reader: caps, reuse of runs, odd replies. */
  readonly notes: string[] = []

  add(figure: Figure): void {
    this.figures.push(figure)
  }

  skip(subject: string, reason: string): void {
    this.skips.push({ subject, reason })
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text)
  }

  /** @returns the figure with that id, if measured */
  find(id: string): Figure | undefined {
    return this.figures.find((figure) => figure.id === id)
  }
}
