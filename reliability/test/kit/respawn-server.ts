import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants, readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { MongoClient } from 'mongodb'

/** How long a respawned server gets to answer. */
const READY_TIMEOUT_MS = 15_000
const PROBE_EVERY_MS = 50

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** A server process started again on the port of one that was killed. */
export interface RespawnedServer {
  readonly pid: number
  /** Ends the process with a signal (SIGKILL unless told) and waits until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>
  /** Freezes the process (SIGSTOP) and waits until the kernel shows it stopped. */
  pause(): Promise<void>
  /** Lets it go on (SIGCONT) and waits until it runs. */
  resume(): Promise<void>
}

/**
 * Starts a fresh `redis-server` (no persistence) on `port`, where a killed one listened, and
 * waits until it answers PING. The test-servers package can restart cluster nodes but not a
 * single server, hence this.
 *
 * @param port - the killed server's port
 * @param dir - a scratch folder for the server's working directory
 */
export async function respawnRedis(port: number, dir: string): Promise<RespawnedServer> {
  await mkdir(dir, { recursive: true })
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
  const child = launch(executable('redis-server'), [...args, '--dir', dir])
  await ready(child, () => pingRedis(port))
  return controls(child)
}

/**
 * Starts the MongoDB-wire server again on `port` over the data folder the killed one left
 * (FerretDB's SQLite files or mongod's dbpath), so that what was stored survives as it would
 * on a real restart, and waits until it answers `ping`.
 *
 * @param program - which server the test-servers package had started
 * @param port - the killed server's port
 * @param dir - the killed server's scratch folder (`MongoServer.dir`)
 */
export async function respawnMongo(
  program: 'ferretdb' | 'mongod',
  port: number,
  dir: string,
): Promise<RespawnedServer> {
  const data = join(dir, 'data')
  const args =
    program === 'mongod'
      ? ['--dbpath', data, '--port', String(port), '--bind_ip', '127.0.0.1', '--nounixsocket']
      : [
          '--handler=sqlite',
          `--sqlite-url=file:${data}/`,
          `--state-dir=${dir}`,
          `--listen-addr=127.0.0.1:${port}`,
          '--debug-addr=-',
          '--telemetry=disable',
          '--log-level=warn',
        ]
  const binary = executable(program, [join(REPO_ROOT, '.cache', 'bin', program)])
  const child = launch(binary, args, dir)
  await ready(child, () => pingMongo(port))
  return controls(child)
}

function launch(binary: string, args: readonly string[], cwd?: string): ChildProcess {
  const child = spawn(binary, [...args], { cwd, stdio: 'ignore' })
  // Should the test process end without stopping it, the server must not outlive it.
  const onExit = () => child.kill('SIGKILL')
  process.once('exit', onExit)
  child.once('exit', () => process.off('exit', onExit))
  return child
}

async function ready(child: ChildProcess, probe: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  let last: unknown
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the respawned server ended (${child.signalCode ?? child.exitCode})`)
    }
    try {
      await probe()
      return
    } catch (error) {
      last = error
    }
    await delay(PROBE_EVERY_MS)
  }
  child.kill('SIGKILL')
  throw new Error(`the respawned server did not answer within ${READY_TIMEOUT_MS} ms: ${last}`)
}

function controls(child: ChildProcess): RespawnedServer {
  const gone = () => child.exitCode !== null || child.signalCode !== null
  const ended = new Promise<void>((resolve) => {
    if (gone()) resolve()
    else child.once('exit', () => resolve())
  })
  const pid = child.pid as number

  return {
    pid,
    async kill(signal = 'SIGKILL') {
      if (gone()) return
      child.kill(signal)
      // A frozen process acts on anything but SIGKILL only once it runs again.
      if (signal !== 'SIGKILL') child.kill('SIGCONT')
      await ended
    },
    async pause() {
      child.kill('SIGSTOP')
      await untilState(pid, true)
    },
    async resume() {
      child.kill('SIGCONT')
      await untilState(pid, false)
    },
  }
}

/** Waits until /proc shows the process stopped (state T) or not; bounded to five seconds. */
async function untilState(pid: number, stopped: boolean): Promise<void> {
  const deadline = Date.now() + 5_000
  while (Date.now() < deadline) {
    let state: string | undefined
    try {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
      state = text.slice(text.lastIndexOf(')') + 2).split(' ')[0]
    } catch {
      return
    }
    if ((state === 'T') === stopped) return
    await delay(5)
  }
  throw new Error(`process ${pid} did not become ${stopped ? 'stopped' : 'running'}`)
}

async function pingRedis(port: number): Promise<void> {
  const client = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    retryStrategy: () => null,
  })
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.ping()
  } finally {
    client.disconnect()
  }
}

async function pingMongo(port: number): Promise<void> {
  const client = new MongoClient(`mongodb://127.0.0.1:${port}/`, {
    serverSelectionTimeoutMS: 500,
  })
  try {
    await client.db('admin').command({ ping: 1 })
  } finally {
    await client.close()
  }
}

function executable(name: string, extra: readonly string[] = []): string {
  const candidates = [
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter((d) => d !== '')
      .map((d) => join(d, name)),
    ...extra,
  ]
  const found = candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK)
      return true
    } catch {
      return false
    }
  })
  if (found === undefined) throw new Error(`${name} is needed to restart the server`)
  return found
}
