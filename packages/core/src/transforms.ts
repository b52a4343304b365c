import { InvalidArgumentError } from './errors.js'
import type { TypeName } from './types/index.js'

/** A transform function: the data of one bucket and its duration in milliseconds. */
export type TransformFn = (data: unknown, durationMs: number) => unknown

/** A named transform, a percentile, or a function. */
export type TransformName =
  | 'mean'
  | 'count'
  | 'min'
  | 'max'
  | 'sum'
  | 'rate'
  | 'median'
  | 'stddev'
  | `p${number}`

/** One transform. */
export type Transform = TransformName | { percentile: number } | TransformFn

/** What `transform` accepts: one transform, an array (→ record by name) or a record. */
export type TransformSpec = Transform | readonly Transform[] | Readonly<Record<string, Transform>>

/** A validated transform, ready to run on one bucket. */
export type CompiledTransform = (data: unknown, durationMs: number, type: TypeName) => unknown

const SIMPLE: Record<string, (view: WeightedValues) => number | null> = {
  sum: (view) => view.sum,
  mean: (view) => (view.total === 0 ? null : view.sum / view.total),
  min: (view) => (view.total === 0 ? null : (view.sorted()[0]?.[0] ?? null)),
  max: (view) => (view.total === 0 ? null : (view.sorted().at(-1)?.[0] ?? null)),
  stddev: standardDeviation,
}

const PERCENTILE_NAME = /^p(\d{1,2}(?:\.\d+)?)$/

/**
 * Validates a transform spec once, before anything is read.
 * @returns a function that applies it to one bucket's data
 */
export function compileTransform(spec: unknown, field = 'transform'): CompiledTransform {
  if (Array.isArray(spec)) {
    if (spec.length === 0)
      throw new InvalidArgumentError(field, spec, 'needs at least one transform')
    const entries = spec.map(
      (item, i) => [keyOf(item, `${field}[${i}]`), compileOne(item, `${field}[${i}]`)] as const,
    )
    return (data, duration, type) => runAll(entries, data, duration, type)
  }
  if (typeof spec === 'object' && spec !== null && !('percentile' in spec)) {
    const entries = Object.entries(spec).map(
      ([key, item]) => [key, compileOne(item, `${field}.${key}`)] as const,
    )
    if (entries.length === 0)
      throw new InvalidArgumentError(field, spec, 'needs at least one transform')
    return (data, duration, type) => runAll(entries, data, duration, type)
  }
  return compileOne(spec, field)
}

function runAll(
  entries: readonly (readonly [string, CompiledTransform])[],
  data: unknown,
  duration: number,
  type: TypeName,
): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const [key, run] of entries) result[key] = run(data, duration, type)
  return result
}

function compileOne(spec: unknown, field: string): CompiledTransform {
  if (typeof spec === 'function') return (data, duration) => (spec as TransformFn)(data, duration)

  const q = percentileOf(spec, field)
  if (q !== null) return (data, _duration, type) => percentile(weigh(data, type, field), q)

  if (spec === 'rate') return (data, duration, type) => rate(data, duration, type, field)
  if (spec === 'count') return (data, _duration, type) => countOf(data, type)
  const simple = typeof spec === 'string' && Object.hasOwn(SIMPLE, spec) ? SIMPLE[spec] : undefined
  if (simple === undefined) {
    throw new InvalidArgumentError(
      field,
      spec,
      'unknown transform; expected mean, count, min, max, sum, rate, median, p90, p95, p99, stddev, { percentile: q } or a function',
    )
  }
  return (data, _duration, type) => simple(weigh(data, type, field))
}

function keyOf(spec: unknown, field: string): string {
  if (typeof spec === 'string') return spec
  if (typeof spec === 'object' && spec !== null && 'percentile' in spec)
    return `p${spec.percentile}`
  throw new InvalidArgumentError(
    field,
    spec,
    'in an array, give named transforms; use a record for functions',
  )
}

function percentileOf(spec: unknown, field: string): number | null {
  let q: unknown = null
  if (spec === 'median') q = 0.5
  else if (typeof spec === 'string' && PERCENTILE_NAME.test(spec)) q = Number(spec.slice(1)) / 100
  else if (typeof spec === 'object' && spec !== null && 'percentile' in spec) q = spec.percentile
  if (q === null) return null

  if (typeof q !== 'number' || !(q > 0 && q <= 1)) {
    throw new InvalidArgumentError(field, spec, 'a percentile must be greater than 0 and at most 1')
  }
  return q
}

/** Numeric values with weights: the common view every statistic reads. */
interface WeightedValues {
  readonly total: number
  readonly sum: number
  /** [value, weight] pairs sorted by value. */
  sorted(): [number, number][]
  readonly pairs: [number, number][]
}

function weigh(data: unknown, type: TypeName, field: string): WeightedValues {
  if (type === 'histogram') return histogramView(data as Map<unknown, number>, field)

  const pairs: [number, number][] = []
  if (type === 'count') {
    const amount = data as number
    if (amount !== 0) pairs.push([amount, 1])
  } else if (type === 'gauge') {
    if (data !== null) pairs.push([numeric(data, field), 1])
  } else {
    for (const value of data as Iterable<unknown>) pairs.push([numeric(value, field), 1])
  }
  return view(pairs)
}

/** Sum and total straight from the map: a mean over a histogram allocates nothing per value. */
function histogramView(data: Map<unknown, number>, field: string): WeightedValues {
  let total = 0
  let sum = 0
  for (const [value, n] of data) {
    total += n
    sum += numeric(value, field) * n
  }
  let pairs: [number, number][] | undefined
  let sorted: [number, number][] | undefined
  const allPairs = () => {
    pairs ??= [...data].map(([value, n]) => [value as number, n] as [number, number])
    return pairs
  }
  return {
    total,
    sum,
    get pairs() {
      return allPairs()
    },
    sorted: () => {
      sorted ??= [...allPairs()].sort((a, b) => a[0] - b[0])
      return sorted
    },
  }
}

function view(pairs: [number, number][]): WeightedValues {
  let total = 0
  let sum = 0
  for (const [value, weight] of pairs) {
    total += weight
    sum += value * weight
  }
  let sorted: [number, number][] | undefined
  return {
    total,
    sum,
    pairs,
    sorted: () => {
      sorted ??= [...pairs].sort((a, b) => a[0] - b[0])
      return sorted
    },
  }
}

function numeric(value: unknown, field: string): number {
  if (typeof value === 'number') return value
  throw new InvalidArgumentError(`${field} input`, value, 'this transform needs numeric values')
}

/** Nearest rank: the smallest value whose cumulative weight reaches q of the total. */
function percentile(values: WeightedValues, q: number): number | null {
  if (values.total === 0) return null
  const rank = Math.max(Math.ceil(q * values.total - 1e-9), 1)
  let seen = 0
  for (const [value, weight] of values.sorted()) {
    seen += weight
    if (seen >= rank) return value
  }
  return values.sorted().at(-1)?.[0] ?? null
}

function standardDeviation(values: WeightedValues): number | null {
  if (values.total === 0) return null
  const mean = values.sum / values.total
  let squares = 0
  for (const [value, weight] of values.pairs) squares += weight * (value - mean) ** 2
  return Math.sqrt(squares / values.total)
}

/** How many values a bucket holds; no value needs to be a number. */
function countOf(data: unknown, type: TypeName): number {
  switch (type) {
    case 'count':
      return data as number
    case 'gauge':
      return data === null ? 0 : 1
    case 'histogram': {
      let total = 0
      for (const n of (data as Map<unknown, number>).values()) total += n
      return total
    }
    case 'set':
      return (data as Set<unknown>).size
    case 'series':
      return (data as unknown[]).length
  }
}

/** Per second over the bucket: each value's count for histograms, else the total. */
function rate(data: unknown, durationMs: number, type: TypeName, field: string): unknown {
  const seconds = durationMs / 1000
  if (type === 'histogram') {
    const result = new Map<unknown, number>()
    for (const [value, n] of data as Map<unknown, number>) result.set(value, n / seconds)
    return result
  }
  if (type === 'count') return (data as number) / seconds
  if (type === 'gauge') return data === null ? 0 : numeric(data, field) / seconds
  if (type === 'set') return (data as Set<unknown>).size / seconds
  return (data as unknown[]).length / seconds
}
