import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

import { beforeAll, describe, expect, it, vi } from 'vitest'

import { isRunning } from './process-state.js'

const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)))
const fixture = join(packageRoot, 'test', 'fixtures', 'hold-server.mjs')

interface Held {
  readonly pids: number[]
  readonly dir: string
}

beforeAll(() => {
  // The fixture runs the built package, the artifact other packages use.
  if (!existsSync(join(packageRoot, 'dist', 'index.js'))) {
    throw new Error('test-servers is not built: run `pnpm build` first')
  }
})

/** Runs the fixture until it has printed what it holds; kills it first when `ending` is 'hang'. */
async function holdAndEnd(kind: string, ending: 'exit' | 'end' | 'hang'): Promise<Held> {
  const child = spawn(process.execPath, [fixture, kind, ending], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  const lines = createInterface({ input: child.stdout })
  const [first] = await Promise.race([
    lines[Symbol.asyncIterator]()
      .next()
      .then((line) => [line.value as string | undefined]),
    exited.then(() => [undefined]),
  ])
  if (first === undefined) {
    throw new Error(`the fixture printed nothing; its stderr:\n${stderr}`)
  }
  const held = JSON.parse(first) as Held

  expect(held.pids.every(isRunning)).toBe(true)
  expect(existsSync(held.dir)).toBe(true)

  child.stdin.write('end now\n')
  if (ending === 'hang') {
    child.kill('SIGKILL')
  }
  await exited
  return held
}

async function expectCleanedUp(held: Held): Promise<void> {
  await vi.waitFor(
    () => {
      expect(held.pids.filter(isRunning)).toEqual([])
      expect(existsSync(held.dir)).toBe(false)
    },
    { timeout: 10_000, interval: 50 },
  )
}

describe('servers never outlive the process that started them', { timeout: 60_000 }, () => {
  it('a redis-server when that process calls process.exit()', async () => {
    await expectCleanedUp(await holdAndEnd('redis', 'exit'))
  })

  it('a redis-server when that process simply runs out of work', async () => {
    await expectCleanedUp(await holdAndEnd('redis', 'end'))
  })

  it('a redis-server when that process is killed with SIGKILL', async () => {
    await expectCleanedUp(await holdAndEnd('redis', 'hang'))
  })

  it('all cluster nodes when that process is killed with SIGKILL', async () => {
    await expectCleanedUp(await holdAndEnd('cluster', 'hang'))
  })

  it('a MongoDB-compatible server when that process is killed with SIGKILL', async () => {
    await expectCleanedUp(await holdAndEnd('mongo', 'hang'))
  })
})
