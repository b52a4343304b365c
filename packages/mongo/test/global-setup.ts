import { type MongoServerKind, startMongo } from '@kairos/test-servers'
import type { TestProject } from 'vitest/node'

/** Where the live tests find their server: an address and what serves it, or why there is none. */
export type LiveServer =
  | { url: string; kind: MongoServerKind; description: string }
  | { skipped: string }

declare module 'vitest' {
  export interface ProvidedContext {
    mongo: LiveServer
  }
}

/**
 * Starts the shared server once for all test files. Without one this throws, failing the
 * run, unless KAIROS_SKIP_MONGO=1, when the live tests are skipped with the reason.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startMongo()

  project.provide(
    'mongo',
    server.skipped
      ? { skipped: server.reason }
      : { url: server.url, kind: server.kind, description: server.description },
  )

  return async () => {
    if (!server.skipped) await server.stop()
  }
}
