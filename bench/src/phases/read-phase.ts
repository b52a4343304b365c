import { Timeseries } from '@kairos/core'
import { DELAY_WORKLOAD } from '../flights/workloads.js'
import { measureRead, type ReadMeasure } from '../measure/read-measure.js'
import { runPool } from '../measure/run-pool.js'
import { formatMagnitude, formatMilliseconds } from '../report/format.js'
import type { Unit } from '../report/results.js'
import { difference } from './ingest-run.js'
import type { PhaseContext } from './phase-context.js'

/** January 1 to June 30 2001, UTC: 181 daily buckets. */
const FIRST_DAY = Date.UTC(2001, 0, 1)
const LAST_DAY = Date.UTC(2001, 5, 30)
const DAYS = 181

/**
 * Phase 2: reads of the delay histogram a dashboard would make, on the data the ingest phase
 * wrote (ingested here first when that phase did not run):
 * - every origin's 181 daily means, many in flight, then one at a time for latency;
 * - every origin's January 95th percentile with `get`;
 * - `list()`, and `properties()` of every name.
 */
export async function readPhase(context: PhaseContext): Promise<void> {
  const { target, options } = context
  const run = await context.ingest(DELAY_WORKLOAD, context.cap(options.events))
  const ts = new Timeseries(target.backend, DELAY_WORKLOAD.config(run.prefix))
  const names = await ts.list()
  await checkSeriesLength(context, ts, names)

  const dailyMean = (name: string) =>
    ts.series(name, 'day', { start: FIRST_DAY, end: LAST_DAY, transform: 'mean' })
  const daily = await measureRead(`${target.name} series`, names, options.concurrency, dailyMean)
  record(context, 'series', `daily mean series, ${DAYS} buckets`, 'series/s', daily)
  await recordServerBound(context, names, dailyMean)

  const month = await measureRead(`${target.name} get`, names, options.concurrency, (name) =>
    ts.get(name, 'month', { timestamp: FIRST_DAY, transform: 'p95' }),
  )
  record(context, 'get', 'get one month with p95', 'ops/s', month)

  const listing = await measureRead(`${target.name} list`, [ts], 1, (timeseries) =>
    timeseries.list(),
  )
  record(context, 'list', `list() of ${names.length} names`, 'ops/s', listing)

  const properties = await measureRead(
    `${target.name} properties`,
    names,
    options.concurrency,
    (name) => ts.properties(name),
  )
  record(context, 'properties', 'properties() of a name', 'ops/s', properties)
}

/** Notes a daily read whose length is not the expected 181 buckets: the figures would lie. */
async function checkSeriesLength(
  context: PhaseContext,
  ts: Timeseries,
  names: readonly string[],
): Promise<void> {
  const first = names[0]
  if (first === undefined) {
    context.results.note(`${context.target.name}: the read phase found no names`)
    return
  }

  const series = await ts.series(first, 'day', { start: FIRST_DAY, end: LAST_DAY })
  if (series.size !== DAYS) {
    context.results.note(`${context.target.name}: a daily series read ${series.size} buckets`)
  }
}

/**
 * One more pass of daily reads over every name, with the server's CPU read around it: reads
 * per server CPU second are the most the server could answer, whatever the client did.
 */
async function recordServerBound(
  context: PhaseContext,
  names: readonly string[],
  read: (name: string) => Promise<unknown>,
): Promise<void> {
  const { target, results, options } = context
  if (target.serverProcesses !== 1) return

  const before = await target.serverCpuSeconds()
  const pass = await runPool(names, options.concurrency, read)
  const seconds = difference(before, await target.serverCpuSeconds())
  if (seconds === undefined || seconds <= 0) return

  const rate = pass.done / seconds
  results.add({
    id: `${target.name}.read.series.server-bound`,
    subject: target.name,
    phase: 'read',
    label:
      'read daily mean series: series per server CPU second, its most with the server busy all the time',
    value: rate,
    unit: 'series/s',
    detail: {
      reads: pass.done,
      serverCpuS: seconds,
      serverCpuMsPerRead: (seconds * 1000) / pass.done,
    },
  })
  console.log(
    `  ${target.name.padEnd(13)} read ${'daily mean series, server CPU'.padEnd(34)} ` +
      `${((seconds * 1000) / pass.done).toFixed(2)} ms a series: at most ${formatMagnitude(rate)} series/s`,
  )
}

function record(
  context: PhaseContext,
  key: string,
  label: string,
  unit: Unit,
  measure: ReadMeasure,
): void {
  const { target, results } = context
  const concurrency = measure.concurrency > 1 ? `, ${measure.concurrency} in flight` : ''

  results.add({
    id: `${target.name}.read.${key}`,
    subject: target.name,
    phase: 'read',
    label: `read ${label}${concurrency}`,
    value: measure.rate,
    unit,
    detail: {
      operations: measure.operations,
      concurrency: measure.concurrency,
      latencyConcurrency: 1,
      latencySamples: measure.latency.samples,
      p50Ms: measure.latency.p50,
      p99Ms: measure.latency.p99,
      meanMs: measure.latency.mean,
    },
  })
  console.log(
    `  ${target.name.padEnd(13)} read ${label.padEnd(34)} ` +
      `${formatMagnitude(measure.rate)} ${unit} · p50 ${formatMilliseconds(measure.latency.p50)} ` +
      `· p99 ${formatMilliseconds(measure.latency.p99)}`,
  )
}
