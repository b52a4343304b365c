import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { findExecutable } from '../src/find-executable.js'
import {
  freePort,
  ServerStartError,
  ServerUnavailableError,
  startRedis,
  startRedisCluster,
} from '../src/index.js'
import { findRepoRoot } from '../src/repo-root.js'

let emptyBin: string

beforeEach(async () => {
  const scratch = join(findRepoRoot() ?? '.', '.cache', 'test-servers')
  await mkdir(scratch, { recursive: true })
  emptyBin = await mkdtemp(join(scratch, 'empty-bin-'))
  // These tests decide the skip rules themselves, whatever the run's environment says.
  vi.stubEnv('KAIROS_REQUIRE_SERVERS', '')
  vi.stubEnv('KAIROS_SKIP_REDIS', '')
  vi.stubEnv('KAIROS_REDIS_URL', '')
  vi.stubEnv('KAIROS_REDIS_CLUSTER_NODES', '')
})

afterEach(async () => {
  vi.unstubAllEnvs()
  await rm(emptyBin, { recursive: true, force: true })
})

describe('when no server can be found', { timeout: 30_000 }, () => {
  it('throws an error that says how to get one', async () => {
    vi.stubEnv('PATH', emptyBin)

    const failure = startRedisCluster()

    await expect(failure).rejects.toThrow(ServerUnavailableError)
    await expect(failure).rejects.toThrow(/apt-get install redis-server redis-tools/)
    await expect(failure).rejects.toThrow(/KAIROS_REDIS_CLUSTER_NODES=host:port/)
    await expect(failure).rejects.toThrow(/set KAIROS_SKIP_REDIS=1 to skip/)
  })

  it('returns a skip marker with the reason when KAIROS_SKIP_REDIS=1', async () => {
    vi.stubEnv('PATH', emptyBin)
    vi.stubEnv('KAIROS_SKIP_REDIS', '1')

    const result = await startRedisCluster()

    expect(result.skipped).toBe(true)
    expect(result.skipped && result.reason).toMatch(/No Redis Cluster server for the tests/)
  })

  it('throws even with the skip switch when KAIROS_REQUIRE_SERVERS=1', async () => {
    vi.stubEnv('PATH', emptyBin)
    vi.stubEnv('KAIROS_SKIP_REDIS', '1')
    vi.stubEnv('KAIROS_REQUIRE_SERVERS', '1')

    await expect(startRedisCluster()).rejects.toThrow(/KAIROS_REQUIRE_SERVERS=1 is set/)
  })

  it('names what it tried for a single Redis, Docker included', async (context) => {
    vi.stubEnv('PATH', emptyBin)
    vi.stubEnv('KAIROS_SKIP_REDIS', '1')

    const result = await startRedis()
    if (!result.skipped) {
      await result.stop()
      context.skip('a container runtime answers here, so Redis came from Docker')
    }

    expect(result.skipped && result.reason).toMatch(/redis-server on PATH: not found/)
    expect(result.skipped && result.reason).toMatch(/Docker: /)
  })
})

describe('when a server does not come up', { timeout: 30_000 }, () => {
  it('reports an external URL that does not answer', async () => {
    vi.stubEnv('KAIROS_REDIS_URL', `redis://127.0.0.1:${await freePort()}`)

    await expect(startRedis()).rejects.toThrow(/KAIROS_REDIS_URL=redis:.* does not answer/)
  })

  it("shows the server's own output when it exits at start", async () => {
    const real = findExecutable('redis-server')
    if (real === undefined) {
      throw new Error('redis-server is needed for this test')
    }
    // The real server, given one directive it does not know, refuses to start.
    const wrapper = join(emptyBin, 'redis-server')
    await writeFile(wrapper, `#!/bin/sh\nexec '${real}' "$@" --no-such-directive yes\n`)
    await chmod(wrapper, 0o755)
    vi.stubEnv('PATH', emptyBin)

    const failure = startRedis()

    await expect(failure).rejects.toThrow(ServerStartError)
    await expect(failure).rejects.toThrow(/redis-server exited with code 1 before answering/)
    await expect(failure).rejects.toThrow(/no-such-directive/)
  })
})
