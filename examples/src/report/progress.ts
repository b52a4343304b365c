import { Presets, SingleBar } from 'cli-progress'

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Events expected in all; the bar is full when this many were counted. */
  readonly total: number
  /** Words before the bar. Defaults to `ingest`. */
  readonly label?: string
  /** Where to draw; a stream that is not a terminal gets nothing. Defaults to stderr. */
  readonly stream?: NodeJS.WritableStream
  /** Clock in milliseconds; injected by tests. Defaults to `performance.now`. */
  readonly now?: () => number
}

/** What a finished run took. */
export interface ProgressSummary {
  readonly events: number
  readonly milliseconds: number
  /** Events per second over the whole run. */
  readonly rate: number
}

/** A running progress bar. */
export interface Progress {
  /** Adds `events` to the count and redraws at most ten times a second. */
  advance(events: number): void
  /** Mean events per second since the bar started. */
  rate(): number
  /** Draws the final state, releases the terminal and reports the totals. */
  stop(): ProgressSummary
}

/**
 * Starts a progress bar showing count, share, events per second and time left.
 *
 * @param options - size of the run and where to draw
 * @returns the running bar
 * @example
 * ```ts
 * const progress = createProgress({ total: flights.rowCount, label: 'flights' })
 * for await (const batch of flights.columnBatches()) {
 *   await insert(batch)
 *   progress.advance(batch.length)
 * }
 * const { rate } = progress.stop()
 * ```
 */
export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now())
  const started = now()
  let events = 0

  const label = options.label ?? 'ingest'
  const of = formatCount(options.total)
  const bar = new SingleBar(
    {
      format: `${label} {bar} {percentage}% | {count} of ${of} | {speed} | ETA {eta_formatted}`,
      hideCursor: true,
      ...(options.stream ? { stream: options.stream } : {}),
    },
    Presets.shades_classic,
  )
  bar.start(options.total, 0, { count: formatCount(0), speed: formatRate(0) })

  const rate = () => {
    const seconds = (now() - started) / 1000
    return seconds > 0 ? events / seconds : 0
  }
  return {
    advance(added) {
      events += added
      bar.update(events, { count: formatCount(events), speed: formatRate(rate()) })
    },
    rate,
    stop() {
      const summary = { events, milliseconds: now() - started, rate: rate() }
      bar.stop()
      return summary
    },
  }
}

/**
 * Formats a speed for humans: `950 events/s`, `12.3 k events/s`, `2.41 M events/s`.
 *
 * @param perSecond - events per second
 * @returns the speed with a unit
 */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M events/s`
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k events/s`
  return `${Math.round(perSecond)} events/s`
}

function formatCount(events: number): string {
  return events.toLocaleString('en-US')
}
