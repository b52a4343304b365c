import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'

import { ServerStartError } from './errors.js'
import { withFreePort } from './free-port.js'
import { type MongoBuildInfo, readMongoBuildInfo } from './mongo-build-info.js'
import { makeScratchFolder, type ScratchFolder } from './scratch-folder.js'
import { type ServerProcess, spawnServer } from './server-process.js'
import { waitUntil } from './wait-until.js'

/** Which program serves the MongoDB protocol. */
export type MongoProgram = 'mongod' | 'ferretdb'

/** A MongoDB-compatible server process this package started, ready for connections. */
export interface RunningMongo {
  readonly url: string
  readonly port: number
  readonly info: MongoBuildInfo
  readonly server: ServerProcess
  readonly folder: ScratchFolder
}

/**
 * Starts mongod or FerretDB (SQLite storage) on a free 127.0.0.1 port with a fresh data
 * folder, and waits until it answers `buildInfo`.
 *
 * @param program - which server it is
 * @param binary - the full path of its executable
 * @returns the running server; stop it with `server.stop()` then `folder.remove()`
 * @throws ServerStartError with the server's output when it does not come up
 */
export async function runMongoProcess(
  program: MongoProgram,
  binary: string,
): Promise<RunningMongo> {
  const folder = await makeScratchFolder(program)

  try {
    const data = join(folder.path, 'data')
    await mkdir(data)
    return await withFreePort((port) => runOnPort(program, binary, folder, data, port))
  } catch (error) {
    await folder.remove()
    throw explained(program, binary, error)
  }
}

async function runOnPort(
  program: MongoProgram,
  binary: string,
  folder: ScratchFolder,
  data: string,
  port: number,
): Promise<RunningMongo> {
  const args = program === 'mongod' ? mongodArgs(data, port) : ferretdbArgs(folder.path, data, port)
  const server = await spawnServer({ name: program, command: binary, args, cwd: folder.path })
  const url = `mongodb://127.0.0.1:${port}/`

  try {
    const info = await waitUntil(() => readMongoBuildInfo(url, true), {
      what: 'answering buildInfo',
      server,
    })
    return { url, port, info, server, folder }
  } catch (error) {
    await server.stop()
    throw error
  }
}

function mongodArgs(data: string, port: number): string[] {
  return [
    ...['--dbpath', data, '--port', String(port), '--bind_ip', '127.0.0.1', '--nounixsocket'],
    // A test server needs little cache, and no diagnostic files piling up in its folder.
    ...['--wiredTigerCacheSizeGB', '0.25'],
    ...['--setParameter', 'diagnosticDataCollectionEnabled=false'],
  ]
}

function ferretdbArgs(stateDir: string, data: string, port: number): string[] {
  return [
    ...['--handler=sqlite', `--sqlite-url=file:${data}/`, `--state-dir=${stateDir}`],
    `--listen-addr=127.0.0.1:${port}`,
    // '-' turns the metrics and profiling listener off; it would otherwise take port 8088.
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ]
}

/** Turns FerretDB's start-up panic about its version file into the way out of it. */
function explained(program: MongoProgram, binary: string, error: unknown): unknown {
  const versionless =
    program === 'ferretdb' &&
    error instanceof ServerStartError &&
    /build\/version\/version\.txt/.test(error.output)
  if (!versionless) {
    return error
  }

  const message =
    `${binary} was built without its version file (as a plain \`go install\` does) and ` +
    'panics at start; rebuild it with `bash test-servers/scripts/build-ferretdb.sh`'
  return new ServerStartError(message, error.output, { cause: error })
}
