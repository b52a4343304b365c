import { join } from 'node:path'
import { dockerUnavailableReason, startContainer } from './docker-container.js'
import { envValue } from './env-flag.js'
import { findExecutable } from './find-executable.js'
import { readMongoBuildInfo } from './mongo-build-info.js'
import { type MongoProgram, runMongoProcess } from './mongo-process.js'
import { findRepoRoot } from './repo-root.js'
import type { ServerControls } from './server-controls.js'
import { type SkippedServer, skipOrThrow } from './skipped-server.js'
import { waitUntil } from './wait-until.js'

/** Where the MongoDB-compatible server came from. */
export type MongoServerKind = MongoProgram | 'docker' | 'external'

/**
 * A MongoDB-compatible server for tests. The fault controls exist only for servers this package
 * started.
 */
export interface MongoServer extends ServerControls {
  readonly skipped: false
  readonly kind: MongoServerKind
  /** A mongodb:// URL for the driver, such as mongodb://127.0.0.1:40123/. */
  readonly url: string
  /** The MongoDB version the server reports; FerretDB reports the one it emulates. */
  readonly version: string
  /** For people: what serves the protocol, such as 'FerretDB v1.24.2 (SQLite, ...)'. */
  readonly description: string
}

/** Names the MongoDB server to use instead of starting one. */
export const MONGO_URL_VARIABLE = 'KAIROS_MONGO_URL'

/** Set to 1 to get a skip marker instead of an error when no MongoDB server can be had. */
export const SKIP_MONGO_VARIABLE = 'KAIROS_SKIP_MONGO'

// A server someone else runs should already be up; waiting long for it only delays the error.
const EXTERNAL_TIMEOUT_MS = 10_000

/**
 * Provides a MongoDB-compatible server: the one named by KAIROS_MONGO_URL, else a fresh `mongod`
 * from PATH, else a fresh FerretDB (from PATH or the repository's .cache/bin, SQLite storage),
 * else a `mongo:7` container when Docker answers. Local servers get a free 127.0.0.1 port and an
 * empty data folder.
 *
 * @returns the server, or a skip marker when none exists and KAIROS_SKIP_MONGO=1
 * @throws ServerUnavailableError when none exists and skipping is not allowed
 * @throws ServerStartError when a server was found but did not come up
 * @example
 * ```ts
 * const mongo = await startMongo()
 * if (mongo.skipped) throw new Error(mongo.reason)
 * const client = await MongoClient.connect(mongo.url)
 * // ...
 * await client.close()
 * await mongo.stop()
 * ```
 */
export async function startMongo(): Promise<MongoServer | SkippedServer> {
  const external = envValue(MONGO_URL_VARIABLE)
  if (external !== undefined) {
    return useExternalMongo(external)
  }

  const mongod = findExecutable('mongod')
  if (mongod !== undefined) {
    return startMongoProcess('mongod', mongod)
  }

  const ferretdb = findExecutable('ferretdb', ferretdbCandidates())
  if (ferretdb !== undefined) {
    return startMongoProcess('ferretdb', ferretdb)
  }

  const dockerProblem = await dockerUnavailableReason()
  if (dockerProblem === undefined) {
    return startMongoContainer()
  }

  return skipOrThrow({
    service: 'MongoDB-compatible',
    skipVariable: SKIP_MONGO_VARIABLE,
    tried: [
      `${MONGO_URL_VARIABLE}: not set`,
      'mongod on PATH: not found',
      `ferretdb on PATH${ferretdbCandidates().map((path) => ` or at ${path}`)}: not found`,
      `Docker: ${dockerProblem}`,
    ],
    remedies: [
      `set ${MONGO_URL_VARIABLE}=mongodb://host:port/ to use a running server`,
      'or install mongod',
      'or build FerretDB with `bash test-servers/scripts/build-ferretdb.sh` (needs Go)',
      'or start Docker, and a mongo:7 container is used',
    ],
  })
}

function ferretdbCandidates(): string[] {
  const root = findRepoRoot()
  return root === undefined ? [] : [join(root, '.cache', 'bin', 'ferretdb')]
}

async function useExternalMongo(url: string): Promise<MongoServer> {
  const info = await waitUntil(() => readMongoBuildInfo(url, false), {
    what: 'answering buildInfo',
    name: `the ${MONGO_URL_VARIABLE} server`,
    timeoutMs: EXTERNAL_TIMEOUT_MS,
  })
  const product =
    info.ferretdbVersion === undefined
      ? `MongoDB ${info.version}`
      : `FerretDB ${info.ferretdbVersion}`

  return {
    skipped: false,
    kind: 'external',
    url,
    version: info.version,
    description: `external ${product}`,
    stop: async () => undefined,
  }
}

async function startMongoProcess(program: MongoProgram, binary: string): Promise<MongoServer> {
  const { url, info, server, folder } = await runMongoProcess(program, binary)
  const description =
    program === 'mongod'
      ? `mongod ${info.version}`
      : `FerretDB ${info.ferretdbVersion ?? 'unknown'} (SQLite, MongoDB ${info.version} API)`

  return {
    skipped: false,
    kind: program,
    url,
    version: info.version,
    description,
    pid: server.pid,
    dir: folder.path,
    async stop() {
      await server.stop()
      await folder.remove()
    },
    kill: (signal = 'SIGKILL') => server.kill(signal),
    pause: () => server.pause(),
    resume: () => server.resume(),
  }
}

async function startMongoContainer(): Promise<MongoServer> {
  const container = await startContainer('mongo:7', 27017)
  const url = `mongodb://${container.host}:${container.port}/`

  try {
    const info = await waitUntil(() => readMongoBuildInfo(url, true), {
      what: 'answering buildInfo',
      name: `mongo:7 container ${container.id.slice(0, 12)}`,
    })

    return {
      skipped: false,
      kind: 'docker',
      url,
      version: info.version,
      description: `mongod ${info.version} in a mongo:7 container`,
      stop: () => container.stop(),
      kill: (signal = 'SIGKILL') => container.kill(signal),
      pause: () => container.pause(),
      resume: () => container.resume(),
    }
  } catch (error) {
    await container.stop()
    throw error
  }
}
