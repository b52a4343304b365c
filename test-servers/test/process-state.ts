import { existsSync, readFileSync } from 'node:fs'

/**
 * Tells whether a process is alive. A zombie counts as gone: it has ended and only waits for
 * its parent (here often init, after our test process was killed) to collect it.
 *
 * @param pid - the process to look at
 * @returns true while it runs or is stopped
 */
export function isRunning(pid: number): boolean {
  const stat = `/proc/${pid}/stat`
  if (existsSync('/proc/self/stat')) {
    return existsSync(stat) && stateOf(stat) !== 'Z'
  }

  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Reads a process's scheduler state: R running, S sleeping, T stopped, Z zombie, and so on.
 *
 * @param pid - the process to look at
 * @returns the one-letter state, or undefined when the process is gone
 */
export function processState(pid: number): string | undefined {
  const stat = `/proc/${pid}/stat`
  return existsSync(stat) ? stateOf(stat) : undefined
}

function stateOf(statFile: string): string | undefined {
  try {
    // The command name in brackets may hold spaces; the state is the first field after it.
    const text = readFileSync(statFile, 'utf8')
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[0]
  } catch {
    return undefined
  }
}
