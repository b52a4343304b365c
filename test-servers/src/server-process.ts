import { type ChildProcess, spawn } from 'node:child_process'
import type { Socket } from 'node:net'

import { ServerControlError, ServerStartError } from './errors.js'
import { guardProcess } from './exit-guard.js'
import { OutputTail } from './output-tail.js'
import { waitForStopState } from './process-state.js'
import { raceTimeout } from './race-timeout.js'

/** How long a server gets to shut down on SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000

/** How long to wait for a process to disappear once it was sent SIGKILL. */
const KILL_WAIT_MS = 10_000

/** What to run. */
export interface ServerProcessOptions {
  /** A short name for messages, such as 'redis-server'. */
  readonly name: string
  readonly command: string
  readonly args: readonly string[]
  readonly cwd?: string
}

/** A server process started by this package, with the controls the fault tests use. */
export interface ServerProcess {
  readonly name: string
  readonly pid: number
  /** Settles, never rejects, once the process has ended, with how it ended. */
  readonly ended: Promise<string>
  hasEnded(): boolean
  /** @returns the last output of the process */
  output(): string
  /** Sends a signal and waits until the process has ended. */
  kill(signal: NodeJS.Signals): Promise<void>
  /** Freezes the process (SIGSTOP): it keeps its connections but answers nothing. */
  pause(): Promise<void>
  /** Lets a frozen process go on (SIGCONT) and waits until it runs. */
  resume(): Promise<void>
  /** Ends the process: SIGTERM, then SIGKILL if it lingers. Safe to call twice. */
  stop(): Promise<void>
}

/**
 * Starts a server process whose output is kept for error messages and which is killed when
 * this process ends.
 *
 * @param options - what to run
 * @returns the running process
 * @throws ServerStartError when the program cannot be run
 */
export async function spawnServer(options: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = new OutputTail()
  child.stdout?.on('data', (chunk: Buffer) => output.append(chunk))
  child.stderr?.on('data', (chunk: Buffer) => output.append(chunk))

  const pid = await spawned(child, options)
  // Later failures, such as a signal that could not be sent, belong in the output shown on error.
  child.on('error', (error) => output.append(`\n[${options.name}] ${error.message}\n`))
  const release = guardProcess(pid)
  const ended = endOf(child).then((how) => {
    release()
    return how
  })

  // Tests hold the server until they stop it; a program that forgets to should still end,
  // and the exit guard then kills the server.
  child.unref()
  ;(child.stdout as Socket | null)?.unref()
  ;(child.stderr as Socket | null)?.unref()

  return controls(child, pid, ended, options.name, output)
}

function controls(
  child: ChildProcess,
  pid: number,
  ended: Promise<string>,
  name: string,
  output: OutputTail,
): ServerProcess {
  let paused = false
  const hasEnded = (): boolean => child.exitCode !== null || child.signalCode !== null

  const waitForEnd = async (ms: number): Promise<boolean> => {
    const how = await raceTimeout(ended, ms)
    return how !== undefined
  }

  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    if (hasEnded()) {
      return
    }

    child.kill(signal)
    if (paused && signal !== 'SIGKILL') {
      // A stopped process only acts on its pending signal once continued.
      child.kill('SIGCONT')
    }
    paused = false

    if (!(await waitForEnd(KILL_WAIT_MS))) {
      const message = `${name} (pid ${pid}) did not end within ${KILL_WAIT_MS} ms of ${signal}`
      throw new ServerControlError(message, output.toString())
    }
  }

  const reachStopState = async (stopped: boolean): Promise<void> => {
    if (!(await waitForStopState(pid, stopped, ended))) {
      const state = stopped ? 'frozen by SIGSTOP' : 'running again after SIGCONT'
      throw new ServerControlError(`${name} (pid ${pid}) is not ${state}`, output.toString())
    }
  }

  return {
    name,
    pid,
    ended,
    hasEnded,
    output: () => output.toString(),
    kill,
    async pause() {
      child.kill('SIGSTOP')
      paused = true
      await reachStopState(true)
    },
    async resume() {
      child.kill('SIGCONT')
      paused = false
      await reachStopState(false)
    },
    async stop() {
      if (hasEnded()) {
        return
      }

      if (paused) {
        child.kill('SIGCONT')
        paused = false
      }
      child.kill('SIGTERM')
      if (await waitForEnd(STOP_GRACE_MS)) {
        return
      }

      await kill('SIGKILL')
    },
  }
}

function spawned(child: ChildProcess, options: ServerProcessOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      const message = `could not run ${options.name} (${options.command}): ${error.message}`
      reject(new ServerStartError(message, '', { cause: error }))
    })
    child.once('spawn', () => {
      if (child.pid === undefined) {
        reject(new ServerStartError(`${options.name} started without a process id`))
        return
      }
      resolve(child.pid)
    })
  })
}

function endOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(signal === null ? `exited with code ${code}` : `was ended by ${signal}`)
    })
  })
}
