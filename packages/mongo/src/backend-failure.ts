import { BackendFailureError, KairosError } from '@kairos/core'

/** How much of a write batch is known to be stored. */
export interface BatchProgress {
  readonly total: number
  readonly applied: number
}

/**
 * Wraps whatever a driver call threw into the error every kairos backend rejects with,
 * keeping the driver's error as `cause`. Kairos errors pass through unchanged.
 *
 * @param error - what the driver threw
 * @param action - what was being done, for people (no values, no credentials)
 * @param batch - for writes: how many cell writes were known to be stored out of how many
 * @returns the error to throw
 */
export function backendFailure(error: unknown, action: string, batch?: BatchProgress): KairosError {
  if (error instanceof KairosError) return error

  const reason = error instanceof Error ? error.message : String(error)
  const progress =
    batch === undefined ? '' : ` (${batch.applied} of ${batch.total} cell writes stored)`
  const message = `MongoDB failed while ${action}${progress}: ${reason}`

  return batch === undefined
    ? new BackendFailureError(message, { cause: error })
    : new BackendFailureError(message, { cause: error, batch: { ...batch } })
}
