/** The highest process memory seen while sampling, in bytes. */
export interface MemoryPeaks {
  readonly rss: number
  readonly heapUsed: number
  /** The same two figures when sampling started. */
  readonly startRss: number
  readonly startHeapUsed: number
}

/** How often the timer samples, in milliseconds. */
const SAMPLE_MS = 50

/**
 * Samples `process.memoryUsage()` every 50 ms while work runs. A CPU-bound loop that only
 * awaits resolved promises never lets a timer fire, so the loop also calls {@link poll}, which
 * samples when 50 ms have passed since the last sample.
 */
export class MemorySampler {
  private rss = 0
  private heapUsed = 0
  private last = 0
  private readonly start: NodeJS.MemoryUsage
  private readonly timer: NodeJS.Timeout

  constructor() {
    this.start = process.memoryUsage()
    this.sample()
    this.timer = setInterval(() => this.sample(), SAMPLE_MS)
  }

  /** Samples if the last sample is 50 ms old or more. */
  poll(): void {
    if (performance.now() - this.last >= SAMPLE_MS) this.sample()
  }

  /**
   * Takes a last sample and stops the timer.
   *
   * @returns the peaks over the whole sampling
   */
  stop(): MemoryPeaks {
    this.sample()
    clearInterval(this.timer)
    return {
      rss: this.rss,
      heapUsed: this.heapUsed,
      startRss: this.start.rss,
      startHeapUsed: this.start.heapUsed,
    }
  }

  private sample(): void {
    const { rss, heapUsed } = process.memoryUsage()
    if (rss > this.rss) this.rss = rss
    if (heapUsed > this.heapUsed) this.heapUsed = heapUsed
    this.last = performance.now()
  }
}
