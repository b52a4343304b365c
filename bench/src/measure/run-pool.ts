/** What a run of tasks did. */
export interface PoolRun {
  /** Tasks finished. */
  readonly done: number
  /** Milliseconds from the first start to the last end. */
  readonly milliseconds: number
}

/**
 * Runs one task per item with at most `concurrency` in flight, like a service answering
 * many requests at once.
 *
 * @param items - the task inputs, taken in order
 * @param concurrency - the most tasks running at a time
 * @param task - the work for one item
 * @param options.onDone - called after each task, for progress
 * @param options.deadline - a `performance.now()` after which no task starts
 * @returns how many tasks ran and how long they took
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<unknown>,
  options: { onDone?: () => void; deadline?: number } = {},
): Promise<PoolRun> {
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY
  const started = performance.now()
  let next = 0
  let done = 0

  const worker = async (): Promise<void> => {
    while (next < items.length && performance.now() < deadline) {
      const item = items[next++] as T
      await task(item)
      done++
      options.onDone?.()
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return { done, milliseconds: performance.now() - started }
}

/**
 * Runs one task per item, one after the other, timing each.
 *
 * @param options.onDone - called after each task, for progress
 * @param options.deadline - a `performance.now()` after which no task starts
 * @returns one duration in milliseconds per task run
 */
export async function timeEach<T>(
  items: readonly T[],
  task: (item: T) => Promise<unknown>,
  options: { onDone?: () => void; deadline?: number } = {},
): Promise<number[]> {
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY
  const durations: number[] = []

  for (const item of items) {
    if (performance.now() >= deadline) break
    const started = performance.now()
    await task(item)
    durations.push(performance.now() - started)
    options.onDone?.()
  }
  return durations
}
