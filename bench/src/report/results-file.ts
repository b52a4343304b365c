import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import type { BenchOptions } from '../bench-options.js'
import type { ComparisonOutcome } from './comparisons.js'
import type { Results } from './results.js'

/** The document written to `results/<timestamp>.json` and `results/latest.json`. */
export interface ResultsDocument {
  readonly startedAt: string
  readonly seconds: number
  readonly commit: string | undefined
  readonly machine: {
    node: string
    cpu: string
    cores: number
    memoryBytes: number
    /** 1-, 5- and 15-minute load averages at the end: other work on the machine skews figures. */
    loadAverage: number[]
  }
  /** The options, without the results folder: a path of one machine says nothing. */
  readonly options: Omit<BenchOptions, 'out'>
  readonly servers: Readonly<Record<string, string>>
  readonly figures: Results['figures']
  readonly comparisons: readonly ComparisonOutcome[]
  readonly skipped: Results['skips']
  readonly notes: readonly string[]
}

/**
 * Builds the results document of a run.
 *
 * @param started - when the run began
 * @param seconds - how long it took
 */
export function resultsDocument(
  started: Date,
  seconds: number,
  options: BenchOptions,
  results: Results,
  comparisons: readonly ComparisonOutcome[],
): ResultsDocument {
  return {
    startedAt: started.toISOString(),
    seconds: Math.round(seconds * 10) / 10,
    commit: headCommit(),
    machine: {
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryBytes: totalmem(),
      loadAverage: loadavg(),
    },
    options: withoutFolder(options),
    servers: results.servers,
    figures: results.figures.map((figure) => ({ ...figure, value: round(figure.value) })),
    comparisons: comparisons.map((outcome) => ({
      ...outcome,
      ratio: outcome.ratio === undefined ? undefined : round(outcome.ratio),
    })),
    skipped: results.skips,
    notes: results.notes,
  }
}

/**
 * Writes the document twice: under its start time, and as `latest.json`.
 *
 * @param folder - the results folder, created when missing
 * @returns the two paths
 */
export async function writeResultsFile(
  folder: string,
  document: ResultsDocument,
): Promise<string[]> {
  await mkdir(folder, { recursive: true })
  const stamp = document.startedAt.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')
  const rounded = (_key: string, value: unknown) =>
    typeof value === 'number' ? round(value) : value
  const text = `${JSON.stringify(document, rounded, 2)}\n`
  const paths = [join(folder, `${stamp}.json`), join(folder, 'latest.json')]

  for (const path of paths) await writeFile(path, text)
  return paths
}

function withoutFolder(options: BenchOptions): Omit<BenchOptions, 'out'> {
  const { out: _folder, ...rest } = options
  return rest
}

/** Four significant digits are more than any of these figures can claim. */
function round(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(value))))
  return Number(value.toFixed(Math.min(digits, 6)))
}

function headCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    return undefined
  }
}
