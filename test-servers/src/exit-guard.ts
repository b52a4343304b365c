import { type ChildProcess, spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import type { Socket } from 'node:net'

// Two lines of defence keep a test run from leaving servers and folders behind:
// - a hook on this process's 'exit' event, for every ordinary end (also process.exit());
// - a watchdog shell per guarded thing, blocked reading a pipe that only this process holds. The
//   pipe closes however this process ends, SIGKILL included, and the watchdog then does the
//   cleanup. It ignores the signals a terminal or test runner sends to the whole process group,
//   so that it outlives them long enough to act.
const KILL_SCRIPT = 'trap "" HUP INT TERM; read -r line; kill -KILL "$1" 2>/dev/null'
const REMOVE_SCRIPT = 'trap "" HUP INT TERM; read -r line; rm -rf -- "$1"'

type ExitAction = () => void

const exitActions = new Set<ExitAction>()
let hooked = false

/**
 * Makes sure a process is killed when this process ends, even if it ends abruptly.
 *
 * @param pid - the process to kill
 * @returns a function that lifts the guard, to call once the process has ended
 */
export function guardProcess(pid: number): () => void {
  return guard(KILL_SCRIPT, String(pid), () => killQuietly(pid))
}

/**
 * Makes sure a folder is removed when this process ends, even if it ends abruptly.
 *
 * @param path - the folder to remove
 * @returns a function that lifts the guard, to call once the folder is gone
 */
export function guardFolder(path: string): () => void {
  return guard(REMOVE_SCRIPT, path, () => rmSync(path, { recursive: true, force: true }))
}

function guard(script: string, target: string, cleanup: () => void): () => void {
  const watchdog = startWatchdog(script, target)
  const action = (): void => {
    endWatchdog(watchdog)
    cleanup()
  }
  onExit(action)

  return () => {
    exitActions.delete(action)
    endWatchdog(watchdog)
  }
}

function startWatchdog(script: string, target: string): ChildProcess {
  const watchdog = spawn('/bin/sh', ['-c', script, 'kairos-exit-guard', target], {
    stdio: ['pipe', 'ignore', 'ignore'],
  })

  // A watchdog that failed to start leaves the exit hook as the only defence; a test run is no
  // reason to fail over that, and there is nothing to clean up after a shell that never ran.
  watchdog.on('error', () => undefined)
  watchdog.stdin?.on('error', () => undefined)

  // Neither the watchdog nor its pipe may keep this process alive.
  watchdog.unref()
  ;(watchdog.stdin as Socket | null)?.unref()
  return watchdog
}

function endWatchdog(watchdog: ChildProcess): void {
  if (watchdog.exitCode === null && watchdog.signalCode === null) {
    watchdog.kill('SIGKILL')
  }
}

function onExit(action: ExitAction): void {
  if (!hooked) {
    process.on('exit', runExitActions)
    hooked = true
  }
  exitActions.add(action)
}

function runExitActions(): void {
  // Newest first: a server started in a scratch folder is killed before the folder is removed.
  for (const action of [...exitActions].reverse()) {
    try {
      action()
    } catch {
      // The process is ending and has no one left to report to; the watchdogs still act.
    }
  }
  exitActions.clear()
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}
