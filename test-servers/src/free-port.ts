import { createServer } from 'node:net'

import { ServerStartError } from './errors.js'

const MAX_TRIES = 20

// The kernel can hand the same ephemeral port out again once it is closed; remembering what
// this process already gave away keeps two servers of one run from being told the same port.
const handedOut = new Set<number>()

/**
 * Finds a TCP port on 127.0.0.1 that nothing listens on, by letting the kernel choose one.
 *
 * @returns a port not handed out before by this process
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const port = await bindAnyPort()
    if (!handedOut.has(port)) {
      handedOut.add(port)
      return port
    }
  }

  throw new Error(`no unused TCP port on 127.0.0.1 after ${MAX_TRIES} tries`)
}

/**
 * Runs `start` with a free port, and again with a new one when the server reports that another
 * process took the port between the check and the start.
 *
 * @param start - starts a server on the given port
 * @returns what `start` returned
 */
export async function withFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort())
    } catch (error) {
      if (attempt >= 3 || !isPortClash(error)) {
        throw error
      }
    }
  }
}

function isPortClash(error: unknown): boolean {
  return (
    error instanceof ServerStartError && /address already in use|EADDRINUSE/i.test(error.output)
  )
}

function bindAnyPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)

    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
