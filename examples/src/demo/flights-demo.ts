import { fromUrl } from '@kairos/core'
import { DailyDelays } from '../flights/daily-delays.js'
import { openFlights } from '../flights/read-flights.js'
import { writeChartFiles } from '../report/chart-files.js'
import { formatRate } from '../report/progress.js'
import { sparkline } from '../report/sparkline.js'
import { terminalChart } from '../report/terminal-chart.js'
import { DELAY_CONFIG } from './delay-config.js'
import { parseDemoOptions } from './demo-options.js'
import {
  checkAgainstFile,
  dailyDelayLines,
  FIRST_DAY,
  monthlyFlights,
  summariseOrigins,
} from './flights-report.js'
import { ingestFlights } from './ingest-flights.js'

const MONTH = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' })

async function main(): Promise<void> {
  const options = parseDemoOptions(process.argv.slice(2))
  const flights = await openFlights()
  const delays = await fromUrl(options.url, DELAY_CONFIG)

  try {
    await delays.deleteAll()
    console.log(
      `Kairos flights demo: ${Math.min(flights.rowCount, options.limit).toLocaleString('en')} US flights of 2001 into ${redact(options.url)}`,
    )
    console.log(
      'A histogram of departure delay (minutes) per origin airport, by hour, day and month.\n',
    )

    const reference = new DailyDelays(95)
    const ingest = await ingestFlights(flights, delays, {
      ...options,
      onBatch: (batch) => reference.add(batch),
    })
    console.log(
      `Ingested ${ingest.events.toLocaleString('en')} flights in ${(ingest.milliseconds / 1000).toFixed(1)} s: ` +
        `${formatRate(ingest.rate)} through bulkInsert in batches of ${options.batchSize.toLocaleString('en')} ` +
        `(${ingest.written.toLocaleString('en')} written, ${ingest.skipped} skipped)\n`,
    )

    const origins = await summariseOrigins(delays)
    printBusiest(origins)

    const busiest = origins[0]
    if (busiest === undefined) return
    const lines = await dailyDelayLines(delays, busiest.origin)
    const title = `Daily departure delay at ${busiest.origin}, January to June 2001 (minutes)`
    console.log(terminalChart(lines, { title, height: 14, color: process.stdout.isTTY }))

    const names = origins.map((origin) => origin.origin)
    printMonths(await monthlyFlights(delays, names))

    const check = await checkAgainstFile(delays, names, reference)
    console.log(
      `\nCheck: the daily mean and p95 of all ${names.length} origins joined agree with figures computed ` +
        `straight from the file on ${check.agreeing} of ${check.days} days` +
        (check.disagreeing.length > 0 ? ` (differ on ${listDays(check.disagreeing)})` : ''),
    )

    const files = await writeChartFiles(options.chartPath, lines, {
      title,
      valueLabel: 'Delay (minutes)',
      timeLabel: 'Day of scheduled departure (local time at origin)',
    })
    console.log(`\nChart written to ${files.svg} and ${files.png}`)
  } finally {
    await delays.close()
  }
}

function printBusiest(
  origins: readonly { origin: string; flights: number; mean: number | null; p95: number | null }[],
): void {
  console.log('Busiest origins')
  console.log('  airport    flights   mean delay   p95 delay')
  for (const { origin, flights, mean, p95 } of origins.slice(0, 10)) {
    console.log(
      `  ${origin.padEnd(7)} ${flights.toLocaleString('en').padStart(10)} ${minutes(mean).padStart(12)} ${minutes(p95).padStart(11)}`,
    )
  }
  console.log(`  … ${origins.length} airports in all\n`)
}

function printMonths(months: ReadonlyMap<number, number>): void {
  const counts = [...months.values()]
  console.log(`\nFlights per month, all airports  ${sparkline(counts)}`)
  const widest = Math.max(...counts)
  for (const [month, count] of months) {
    if (month < FIRST_DAY) continue
    const bar = '█'.repeat(Math.round((count / widest) * 40))
    console.log(
      `  ${MONTH.format(month).padEnd(14)} ${count.toLocaleString('en').padStart(9)}  ${bar}`,
    )
  }
}

function minutes(value: number | null): string {
  return value === null ? '–' : `${value.toFixed(1)} min`
}

function listDays(days: readonly number[]): string {
  const shown = days.slice(0, 5).map(isoDay).join(', ')
  return days.length > 5 ? `${shown} and ${days.length - 5} more` : shown
}

function isoDay(day: number): string {
  return new Date(day).toISOString().slice(0, 10)
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
