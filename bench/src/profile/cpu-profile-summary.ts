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
      readonly lineNumber: number
      readonly columnNumber: number
    }
  }[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

/** One function's share of the samples. */
export interface HotFunction {
  readonly name: string
  /** `path:line` in the TypeScript source when a source map says so, else in the script. */
  readonly location: string
  readonly selfMs: number
  readonly share: number
}

/**
 * Sums self time per function over a CPU profile and maps each function to its TypeScript
 * source through the source maps next to the built files.
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

  const byFunction = new Map<string, { name: string; location: string; micros: number }>()
  let total = 0
  for (const node of profile.nodes) {
    const micros = selfTime.get(node.id) ?? 0
    if (micros === 0) continue
    total += micros

    const { functionName, url, lineNumber, columnNumber } = node.callFrame
    const location = sourceLocation(url, lineNumber, columnNumber, root)
    const name = functionName || '(anonymous)'
    const key = `${name} ${location}`
    const entry = byFunction.get(key) ?? { name, location, micros: 0 }
    entry.micros += micros
    byFunction.set(key, entry)
  }

  return [...byFunction.values()]
    .sort((a, b) => b.micros - a.micros)
    .map(({ name, location, micros }) => ({
      name,
      location,
      selfMs: micros / 1000,
      share: micros / total,
    }))
}

const maps = new Map<string, SourceMap | undefined>()

function sourceLocation(url: string, line: number, column: number, root: string): string {
  if (!url.startsWith('file://')) return url === '' ? '(native)' : url

  const file = fileURLToPath(url)
  const entry = sourceMapOf(file)?.findEntry(line, column)
  if (entry !== undefined && 'originalSource' in entry) {
    // tsc writes sources relative to the map's folder.
    const source = entry.originalSource.startsWith('file://')
      ? fileURLToPath(entry.originalSource)
      : resolve(dirname(file), entry.originalSource)
    return `${relative(root, source)}:${entry.originalLine + 1}`
  }
  return `${relative(root, file)}:${line + 1}`
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
