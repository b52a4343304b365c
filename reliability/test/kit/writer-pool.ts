import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { RemoteTarget } from './backend-targets.js'
import type { WriteStep } from './concurrency-plan.js'

const WORKER = fileURLToPath(new URL('../workers/concurrent-writer.mjs', import.meta.url))

/** How long writers may take in all before the test gives up on them. */
const POOL_TIMEOUT_MS = 60_000

/** What each writer gets besides its steps. */
export interface WriterTask {
  readonly target: RemoteTarget
  readonly prefix: string
  readonly types: readonly string[]
  readonly config: object
}

/**
 * Forks one writer process per plan, waits until every one has connected, lets them all go
 * at once, and resolves when all have finished.
 *
 * @returns each writer's time spent writing, in milliseconds
 * @throws when a writer fails, exits early or the pool takes longer than a minute
 */
export async function runWriters(
  task: WriterTask,
  plans: readonly WriteStep[][],
): Promise<number[]> {
  const children = plans.map(() =>
    fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  )
  const timer = setTimeout(() => {
    for (const child of children) child.kill('SIGKILL')
  }, POOL_TIMEOUT_MS)

  try {
    const ready = children.map((child) => nextMessage(child, 'ready'))
    children.forEach((child, i) => {
      child.send({ ...task, steps: plans[i] })
    })
    await Promise.all(ready)

    const done = children.map((child) => nextMessage(child, 'done'))
    for (const child of children) child.send('go')
    const replies = await Promise.all(done)
    return replies.map((reply) => Number(reply.elapsed))
  } finally {
    clearTimeout(timer)
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  }
}

interface Reply {
  readonly kind: string
  readonly elapsed?: number
  readonly message?: string
}

/** The child's next message, which must be `kind`; rejects on a failure report or an exit. */
function nextMessage(child: ChildProcess, kind: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) => {
      reject(new Error(`writer ${child.pid} ended (${signal ?? code}) before sending ${kind}`))
    }
    child.once('exit', onExit)
    child.once('message', (reply: Reply) => {
      child.off('exit', onExit)
      if (reply.kind === kind) resolve(reply)
      else reject(new Error(`writer ${child.pid} failed: ${reply.message ?? reply.kind}`))
    })
  })
}
