import { BackendFailureError } from '@kairos/core'
import { expect } from 'vitest'

/** Starts collecting unhandled rejections; `stop()` removes the listener and returns them. */
export function watchUnhandledRejections(): { stop(): Promise<unknown[]> } {
  const seen: unknown[] = []
  const listener = (reason: unknown) => seen.push(reason)
  process.on('unhandledRejection', listener)

  return {
    async stop() {
      // A rejection is reported as unhandled once the microtasks of its turn have run.
      await new Promise((resolve) => setImmediate(resolve))
      process.off('unhandledRejection', listener)
      return seen
    },
  }
}

/** A call's failure and when it came. */
export interface TimedFailure {
  readonly error: BackendFailureError
  /** `performance.now()` at the rejection. */
  readonly at: number
}

/**
 * Waits for `work` to reject and checks that it rejects with a retryable `BACKEND_FAILURE`
 * `BackendFailureError` whose cause is the driver's error.
 *
 * @param work - the call, already started
 */
export async function failureOf(work: Promise<unknown>): Promise<TimedFailure> {
  const outcome = await work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  )
  const at = performance.now()

  expect(outcome, 'the call should have failed').toHaveProperty('error')
  const error = (outcome as { error: unknown }).error
  expect(error).toBeInstanceOf(BackendFailureError)
  const failure = error as BackendFailureError
  expect(failure.code).toBe('BACKEND_FAILURE')
  expect(failure.retryable).toBe(true)
  expect(failure.cause).toBeInstanceOf(Error)
  return { error: failure, at }
}

/** Settles a started call at once, so that a test that fails early leaves no rejection unheard. */
export function settled<T>(work: Promise<T>): Promise<T> {
  work.catch(() => undefined)
  return work
}
