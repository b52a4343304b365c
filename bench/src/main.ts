import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseBenchOptions, UsageError } from './bench-options.js'
import { benchComparisons, evaluateComparisons } from './report/comparisons.js'
import { resultsDocument, writeResultsFile } from './report/results-file.js'
import { renderTable, tableRows } from './report/results-table.js'
import { writeScaleChart } from './report/scale-chart.js'
import { runBench } from './run-bench.js'

const RESULTS_FOLDER = fileURLToPath(new URL('../results/', import.meta.url))

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), RESULTS_FOLDER)
  const started = new Date()
  const clock = performance.now()
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  const machine = `${cpu} × ${cpus().length}, Node.js ${process.version}`
  console.log(`Kairos benchmark on ${machine}, load average ${loadText()}`)
  console.log(`stores ${options.backends.join(', ')}; phases ${options.phases.join(', ')}\n`)

  const results = await runBench(options)
  const outcomes = evaluateComparisons(results, benchComparisons(results))
  const seconds = (performance.now() - clock) / 1000

  console.log(`\n${renderTable(tableRows(results, outcomes))}\n`)
  for (const { subject, reason } of results.skips)
    console.log(`not measured: ${subject}: ${reason}`)
  for (const note of results.notes) console.log(`note: ${note}`)

  const document = resultsDocument(started, seconds, options, results, outcomes)
  const files = await writeResultsFile(options.out, document)
  const subtitle = `${machine}, ${started.toISOString().slice(0, 10)}`
  files.push(...(await writeScaleChart(options.out, results, subtitle)))
  console.log(`\nWritten: ${files.join(', ')}`)
  console.log(`The run took ${formatDuration(seconds)}; load average now ${loadText()}.`)
}

/** Other work on the machine skews every figure; the load average says how much there was. */
function loadText(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')
}

function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60)
  const rest = Math.round(seconds - minutes * 60)
  return minutes > 0 ? `${minutes} min ${rest} s` : `${seconds.toFixed(1)} s`
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(error.message)
    process.exitCode = error.help ? 0 : 2
    return
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exitCode = 1
})
