import { ServerStartError } from './errors.js'
import { raceTimeout } from './race-timeout.js'

// A first start may pull the image, which takes longer than a server's own start.
const CONTAINER_START_TIMEOUT_MS = 180_000

/** A server running in a container started through Testcontainers. */
export interface ContainerServer {
  /** Where the container's port is published on this machine. */
  readonly host: string
  readonly port: number
  readonly id: string
  /** Stops and removes the container. Safe to call twice. */
  stop(): Promise<void>
  kill(signal: NodeJS.Signals): Promise<void>
  pause(): Promise<void>
  resume(): Promise<void>
}

/**
 * Checks cheaply whether a container runtime answers. Without one, Testcontainers' lookup
 * fails within milliseconds, so this costs nothing on machines without Docker.
 *
 * @returns undefined when containers can be started, otherwise why not
 */
export async function dockerUnavailableReason(): Promise<string | undefined> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers')
    await getContainerRuntimeClient()
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/**
 * Starts a container and publishes one of its ports on a free port of this machine. The
 * Testcontainers reaper removes the container if this process ends without stopping it.
 *
 * @param image - the image, such as 'redis:7'
 * @param port - the port the server listens on inside the container
 * @returns the running container
 * @throws ServerStartError when it does not start in time
 */
export async function startContainer(image: string, port: number): Promise<ContainerServer> {
  const { GenericContainer, getContainerRuntimeClient } = await import('testcontainers')

  const starting = new GenericContainer(image).withExposedPorts(port).start()
  const started = await raceTimeout(starting, CONTAINER_START_TIMEOUT_MS)
  if (started === undefined) {
    // Should it come up later, the reaper still removes it when this process ends.
    throw new ServerStartError(`${image} did not start within ${CONTAINER_START_TIMEOUT_MS} ms`)
  }

  const client = await getContainerRuntimeClient()
  const container = client.container.getById(started.getId())
  let paused = false
  let stopped = false

  return {
    host: started.getHost(),
    port: started.getMappedPort(port),
    id: started.getId(),
    async stop() {
      if (stopped) {
        return
      }
      stopped = true
      if (paused) {
        await container.unpause()
      }
      await started.stop({ timeout: 10_000 })
    },
    async kill(signal) {
      await container.kill({ signal })
      await container.wait()
    },
    async pause() {
      await container.pause()
      paused = true
    },
    async resume() {
      await container.unpause()
      paused = false
    },
  }
}
