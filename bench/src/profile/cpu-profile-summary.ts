import { readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The parts of a V8 `.cpuprofile` the summary reads. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number
    readonly callFrame: {
      readonly functionName: string
      readonly url: string
      /** Where the function starts in the script, from 0. */
      readonly lineNumber: number
      readonly columnNumber: number
    }
    /** Samples per line of the script, from 1, taken while this node was on top. */
    readonly positionTicks?: readonly { readonly line: number; readonly ticks: number }[]
  }[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

/** One function's share of the samples. */
export interface HotFunction {
  readonly name: string
  /** Where the function starts: `path:line` in the TypeScript source when mapped. */
  readonly location: string
  /** The line of the function with the most samples, in the same file. */
  readonly hottestLine: number | undefined
  readonly selfMs: number
  readonly share: number
}

interface FunctionTotal {
  readonly name: string
  readonly location: string
  micros: number
  readonly lineTicks: Map<number, number>
}

/** A place in a TypeScript source, or in a script without a source map. */
interface SourcePlace {
  readonly file: string
  readonly line: number
}

/**
 * Sums self time per function over a CPU profile and maps each function, and its hottest
 * line, to the TypeScript source through the source maps next to the built files.
 *
 * @param path - a `.cpuprofile` written by `node --cpu-prof`
 * @param root - paths are shown relative to this folder
 * @returns every function with samples, most self time first
 */
export function summariseCpuProfile(path: string, root: string): HotFunction[] {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile
  const selfTime = new Map<number, number>()
  profile.samples.forEach((id, i) => {
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })

  const byFunction = new Map<string, FunctionTotal>()
  let total = 0
  for (const node of profile.nodes) {
    const micros = selfTime.get(node.id) ?? 0
    if (micros === 0) continue
    total += micros

    const { functionName, url, lineNumber, columnNumber } = node.callFrame
    const start = sourcePlace(url, lineNumber, columnNumber)
    const location = start === undefined ? url || '(native)' : describe(start, root)
    const name = functionName || '(anonymous)'
    const key = `${name} ${location}`
    const entry = byFunction.get(key) ?? { name, location, micros: 0, lineTicks: new Map() }
    entry.micros += micros
    for (const { line, ticks } of node.positionTicks ?? []) {
      const mapped = sourcePlace(url, line - 1, firstColumn(url, line - 1))?.line
      if (mapped !== undefined)
        entry.lineTicks.set(mapped, (entry.lineTicks.get(mapped) ?? 0) + ticks)
    }
    byFunction.set(key, entry)
  }

  return [...byFunction.values()]
    .sort((a, b) => b.micros - a.micros)
    .map(({ name, location, micros, lineTicks }) => ({
      name,
      location,
      hottestLine: hottest(lineTicks),
      selfMs: micros / 1000,
      share: micros / total,
    }))
}

function hottest(lineTicks: ReadonlyMap<number, number>): number | undefined {
  let best: number | undefined
  let most = 0
  for (const [line, ticks] of lineTicks) {
    if (ticks > most) {
      most = ticks
      best = line
    }
  }
  return best
}

function describe(place: SourcePlace, root: string): string {
  return `${relative(root, place.file)}:${place.line}`
}

const maps = new Map<string, SourceMap | undefined>()
const scripts = new Map<string, readonly string[]>()

/** The TypeScript place of a script position (both from 0), or the script's own place. */
function sourcePlace(url: string, line: number, column: number): SourcePlace | undefined {
  if (!url.startsWith('file://')) return undefined

  const file = fileURLToPath(url)
  const entry = sourceMapOf(file)?.findEntry(line, column)
  if (entry === undefined || !('originalSource' in entry)) return { file, line: line + 1 }

  // tsc writes sources relative to the map's folder.
  const source = entry.originalSource.startsWith('file://')
    ? fileURLToPath(entry.originalSource)
    : resolve(dirname(file), entry.originalSource)
  return { file: source, line: entry.originalLine + 1 }
}

/** The first column of a script line that holds code: a mapping lookup at 0 may miss it. */
function firstColumn(url: string, line: number): number {
  if (!url.startsWith('file://')) return 0

  const file = fileURLToPath(url)
  let lines = scripts.get(file)
  if (lines === undefined) {
    try {
      lines = readFileSync(file, 'utf8').split('\n')
    } catch {
      lines = []
    }
    scripts.set(file, lines)
  }
  const text = lines[line] ?? ''
  return text.length - text.trimStart().length
}

function sourceMapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    try {
      maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))))
    } catch {
      maps.set(file, undefined)
    }
  }
  return maps.get(file)
}
