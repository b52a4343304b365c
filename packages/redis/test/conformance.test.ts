import { describeConformance } from '@kairos/conformance'
import { describe, it } from 'vitest'
import { RedisBackend } from '../src/index.js'
import { connect, KINDS, type Kind } from './live-backend.js'

/** The backends under test keep their clients here, to quit them after each group. */
const clients = new WeakMap<RedisBackend, { quit(): Promise<unknown> }>()

for (const kind of KINDS) conformanceOn(kind)

function conformanceOn(kind: Kind): void {
  const probe = connect(kind)
  if (typeof probe === 'string') {
    describe.skip(`conformance on ${kind} Redis`, () => it(probe, () => undefined))
    return
  }
  probe.disconnect()

  describeConformance(`redis (${kind})`, {
    create: () => {
      const client = connect(kind)
      if (typeof client === 'string') throw new Error(client)
      client.on('error', () => undefined)
      const backend = new RedisBackend(client)
      clients.set(backend, client)
      return backend
    },
    destroy: async (backend) => {
      await backend.close()
      await clients.get(backend)?.quit()
    },
  })
}
