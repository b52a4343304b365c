/**
 * Waits for a promise, but no longer than a time limit.
 *
 * @param promise - what to wait for
 * @param ms - the time limit in milliseconds
 * @returns the promise's value, or undefined when the time ran out first
 */
export async function raceTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>((resolve) => {
    // A referenced timer: while waiting for a server, this process must not end on its own.
    timer = setTimeout(() => resolve(undefined), ms)
  })

  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
