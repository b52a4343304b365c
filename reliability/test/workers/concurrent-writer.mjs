// A writer process for the concurrency tests. It opens its own client and backend, reports
// `ready`, waits for `go` (so that every writer starts at once), runs the write steps it was
// given through a Timeseries per type, reports `done` and exits. It imports the built
// packages, exactly as an application would.
import { Timeseries } from '@kairos/core'

process.once('message', (task) => {
  start(task).catch((error) => fail(error))
})

async function start(task) {
  const { backend, close } = await openBackend(task.target)
  const series = new Map()
  for (const type of task.types) {
    const config = { ...task.config, type, prefix: `${task.prefix}:${type}` }
    series.set(type, new Timeseries(backend, config))
  }

  process.send({ kind: 'ready' })
  await new Promise((resolve) => process.once('message', resolve))

  const began = performance.now()
  for (const step of task.steps) await runStep(series.get(step.type), step)
  const elapsed = performance.now() - began

  await close()
  process.send({ kind: 'done', elapsed }, () => process.exit(0))
}

function runStep(ts, step) {
  if (step.op === 'bulk') return ts.bulkInsert(step.points)
  const [point] = step.points
  return ts.insert(point.name, point.value, { timestamp: point.timestamp })
}

async function openBackend(target) {
  if (target.kind === 'redis' || target.kind === 'cluster') {
    const { Cluster, Redis } = await import('ioredis')
    const { RedisBackend } = await import('@kairos/redis')
    const client =
      target.kind === 'redis'
        ? new Redis(target.url, target.options)
        : new Cluster(target.nodes, { redisOptions: target.options })
    client.on('error', () => undefined)
    return { backend: new RedisBackend(client), close: () => client.quit() }
  }

  const { MongoClient } = await import('mongodb')
  const { MongoBackend } = await import('@kairos/mongo')
  const client = new MongoClient(target.url, target.options)
  await client.connect()
  return { backend: new MongoBackend(client.db(target.db)), close: () => client.close() }
}

function fail(error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  const code = typeof error?.code === 'string' ? error.code : undefined
  process.send({ kind: 'failed', message, code }, () => process.exit(1))
}
