import { type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks'

/** Long enough for the pending collection entries to arrive. */
const DELIVERY_MS = 50

/** Adds up the garbage collection pauses V8 reports from its start until `stop()`. */
export class GcTimer {
  private readonly started = performance.now()
  private readonly entries: PerformanceEntry[] = []
  private readonly observer = new PerformanceObserver((list) => {
    this.entries.push(...list.getEntries())
  })

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] })
  }

  /**
   * Stops observing.
   *
   * @returns milliseconds of collection that began between the start and now
   */
  async stop(): Promise<number> {
    const stopped = performance.now()

    // V8 reports collections in batches on a later turn of the event loop, after timers.
    await new Promise((resolve) => setTimeout(resolve, DELIVERY_MS))
    this.observer.disconnect()
    return this.entries
      .filter((entry) => entry.startTime >= this.started && entry.startTime <= stopped)
      .reduce((sum, entry) => sum + entry.duration, 0)
  }
}
