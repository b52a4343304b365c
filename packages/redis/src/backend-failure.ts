import { BackendFailureError } from '@kairos/core'

/**
 * Wraps a driver error in the error every backend rejects with.
 *
 * @param action - what the backend was doing, for the message ("read", "delete a name", …)
 * @param cause - the ioredis error (a reply error, a closed connection, a timeout)
 * @param batch - for writes: how many of the cell writes are known to be stored
 * @param unreachable - on a cluster, the nodes that were not connected when it failed
 */
export function backendFailure(
  action: string,
  cause: unknown,
  batch?: { total: number; applied: number },
  unreachable: readonly string[] = [],
): BackendFailureError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  const partial =
    batch === undefined
      ? ''
      : `; ${batch.applied} of ${batch.total} cell writes are stored, the rest may or may not be`
  const nodes =
    unreachable.length === 0 ? '' : ` (cluster nodes not connected: ${unreachable.join(', ')})`
  const message = `Redis failed to ${action}: ${reason}${nodes}${partial}`
  return new BackendFailureError(message, batch === undefined ? { cause } : { cause, batch })
}
