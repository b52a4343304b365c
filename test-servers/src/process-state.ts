import { existsSync, readFileSync } from 'node:fs'

import { raceTimeout } from './race-timeout.js'

const STATE_WAIT_MS = 5_000
const STATE_POLL_MS = 5

/**
 * Waits until the kernel shows a process as stopped by a signal (SIGSTOP) or as running again,
 * since a signal takes effect a moment after it is sent. Where there is no /proc to read (not
 * Linux), it returns at once.
 *
 * @param pid - the process
 * @param stopped - true to wait for the stopped state, false to wait for it to end
 * @param ended - settles when the process has ended, which also ends the wait
 * @returns true when the state was reached or cannot be read, false when the time ran out
 */
export async function waitForStopState(
  pid: number,
  stopped: boolean,
  ended: Promise<unknown>,
): Promise<boolean> {
  const stat = `/proc/${pid}/stat`
  if (!existsSync('/proc/self/stat')) {
    return true
  }

  const deadline = Date.now() + STATE_WAIT_MS
  while (Date.now() < deadline) {
    const state = readState(stat)
    if (state === undefined || (state === 'T') === stopped) {
      return true
    }
    if ((await raceTimeout(ended, STATE_POLL_MS)) !== undefined) {
      return true
    }
  }
  return false
}

function readState(statFile: string): string | undefined {
  try {
    // The command name in brackets may hold spaces; the state is the first field after it.
    const text = readFileSync(statFile, 'utf8')
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[0]
  } catch {
    return undefined
  }
}
