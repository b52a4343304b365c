import { setTimeout as delay } from 'node:timers/promises'

import { ServerStartError } from './errors.js'
import { raceTimeout } from './race-timeout.js'
import type { ServerProcess } from './server-process.js'

/** How long any server gets to become ready, unless told otherwise. */
export const READY_TIMEOUT_MS = 30_000

const PROBE_INTERVAL_MS = 100

/** What to wait for. */
export interface WaitOptions {
  /** Completes "... did not become ready: not yet X", such as 'answering PING'. */
  readonly what: string
  /** The server being waited for, so that its early end and its output are reported. */
  readonly server?: ServerProcess
  /** A name for the server when there is no process of ours, such as its address. */
  readonly name?: string
  readonly timeoutMs?: number
}

/**
 * Calls `probe` until it gives a value, the server ends, or the time runs out. Each probe must
 * bound its own time; a probe that throws or gives undefined means "not yet".
 *
 * @param probe - checks readiness once
 * @param options - what is waited for
 * @returns the probe's first value
 * @throws ServerStartError when the server ended or the time ran out, with its last output
 */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined>,
  options: WaitOptions,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? READY_TIMEOUT_MS
  const deadline = Date.now() + timeoutMs
  const name = options.server?.name ?? options.name ?? 'server'
  let lastProblem = 'no answer yet'

  while (Date.now() < deadline) {
    const ended = await endedEarly(options.server)
    if (ended !== undefined) {
      throw new ServerStartError(`${name} ${ended} before ${options.what}`, output(options))
    }

    try {
      const value = await probe()
      if (value !== undefined) {
        return value
      }
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error)
    }

    await pause(options.server)
  }

  const message = `${name} was not ${options.what} within ${timeoutMs} ms (last: ${lastProblem})`
  throw new ServerStartError(message, output(options))
}

async function endedEarly(server: ServerProcess | undefined): Promise<string | undefined> {
  return server?.hasEnded() === true ? await server.ended : undefined
}

async function pause(server: ServerProcess | undefined): Promise<void> {
  if (server === undefined) {
    await delay(PROBE_INTERVAL_MS)
    return
  }

  // A server that dies while we wait is noticed at once rather than after the interval.
  await raceTimeout(server.ended, PROBE_INTERVAL_MS)
}

function output(options: WaitOptions): string {
  return options.server?.output() ?? ''
}
