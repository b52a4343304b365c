import { checkTimeZone } from './calendar-step.js'
import type { ValueKind } from './codec.js'
import { codecFor, type ValueCodec } from './codec.js'
import { InvalidConfigError, InvalidValueError } from './errors.js'
import { type Interval, type IntervalConfig, parseInterval } from './interval.js'
import { TYPES, type TypeName, type TypeSemantics } from './types/index.js'

/** The configuration of a timeseries. */
export interface TimeseriesConfig {
  /** What one bucket holds: `'series' | 'histogram' | 'count' | 'gauge' | 'set'`. */
  type: TypeName
  /** Interval name → its step, retention and resolution. Required and non-empty. */
  intervals: Readonly<Record<string, IntervalConfig>>
  /** A namespace inside the store; timeseries with different prefixes never meet. */
  prefix?: string
  /** The IANA time zone of calendar steps; `'UTC'` by default. */
  timezone?: string
  /** The kind of value stored: numbers by default. */
  values?: ValueKind
  /** Applied to each value before it is encoded and stored. */
  writeFn?: (value: never) => unknown
  /** Applied to each value after it is read and decoded. */
  readFn?: (value: never) => unknown
  /** "Now" in epoch milliseconds, for defaults and retention; `Date.now` by default. */
  clock?: () => number
}

/** A validated configuration. */
export interface ResolvedConfig {
  readonly type: TypeSemantics
  readonly prefix: string
  readonly intervals: ReadonlyMap<string, Interval>
  readonly codec: ValueCodec
  readonly writeFn: ((value: unknown) => unknown) | null
  readonly readFn: ((value: unknown) => unknown) | null
  readonly clock: () => number
}

const KNOWN_OPTIONS = new Set([
  'type',
  'intervals',
  'prefix',
  'timezone',
  'values',
  'writeFn',
  'readFn',
  'clock',
])

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/

/** Validates a configuration, naming the field and value of the first error. */
export function resolveConfig(config: unknown): ResolvedConfig {
  if (typeof config !== 'object' || config === null) {
    throw new InvalidConfigError('config', config, 'expected an object')
  }
  const options = config as Record<string, unknown>
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw new InvalidConfigError(key, options[key], 'unknown option')
  }

  const timeZone =
    options.timezone === undefined ? 'UTC' : checkTimeZone('timezone', options.timezone)
  return {
    type: resolveType(options.type),
    prefix: resolvePrefix(options.prefix),
    intervals: resolveIntervals(options.intervals, timeZone),
    codec: codecFor(options.values),
    writeFn: optionalFunction('writeFn', options.writeFn),
    readFn: optionalFunction('readFn', options.readFn),
    clock: optionalFunction('clock', options.clock) ?? Date.now,
  } as ResolvedConfig
}

function resolveType(type: unknown): TypeSemantics {
  if (typeof type === 'string' && Object.hasOwn(TYPES, type)) return TYPES[type as TypeName]
  throw new InvalidConfigError('type', type, `expected one of ${Object.keys(TYPES).join(', ')}`)
}

function resolvePrefix(prefix: unknown): string {
  if (prefix === undefined) return ''
  if (typeof prefix !== 'string')
    throw new InvalidConfigError('prefix', prefix, 'expected a string')
  if (!prefix.isWellFormed()) throw new InvalidConfigError('prefix', prefix, 'not valid Unicode')
  return prefix
}

function resolveIntervals(intervals: unknown, timeZone: string): Map<string, Interval> {
  if (typeof intervals !== 'object' || intervals === null || Array.isArray(intervals)) {
    throw new InvalidConfigError('intervals', intervals, 'expected an object of named intervals')
  }
  const entries = Object.entries(intervals)
  if (entries.length === 0) {
    throw new InvalidConfigError('intervals', intervals, 'needs at least one interval')
  }

  const resolved = new Map<string, Interval>()
  for (const [name, interval] of entries) {
    if (name === '' || CONTROL_CHARACTERS.test(name) || !name.isWellFormed()) {
      throw new InvalidConfigError(
        'intervals',
        name,
        'an interval name must be non-empty text without control characters',
      )
    }
    resolved.set(name, parseInterval(name, interval, timeZone))
  }
  return resolved
}

function optionalFunction<F>(field: string, value: unknown): F | null {
  if (value === undefined) return null
  if (typeof value !== 'function') throw new InvalidConfigError(field, value, 'expected a function')
  return value as F
}

/** Longest name accepted, in UTF-16 code units; keys and documents stay well inside store limits. */
export const MAX_NAME_LENGTH = 1024

/** Checks a series name: a non-empty, well-formed string of at most {@link MAX_NAME_LENGTH}. */
export function checkName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string') throw new InvalidValueError(field, name, 'expected a string')
  if (name === '') throw new InvalidValueError(field, name, 'must not be empty')
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidValueError(field, name, `longer than ${MAX_NAME_LENGTH} characters`)
  }
  if (!name.isWellFormed()) throw new InvalidValueError(field, name, 'not valid Unicode')
  return name
}

/** Largest magnitude of a valid epoch-millisecond time, as for `Date`. */
const MAX_TIME = 8.64e15

/** Checks a timestamp (epoch ms or `Date`) and returns epoch milliseconds. */
export function checkTimestamp(value: unknown, field = 'timestamp'): number {
  const t = value instanceof Date ? value.getTime() : value
  if (typeof t !== 'number' || !Number.isFinite(t)) {
    throw new InvalidValueError(field, value, 'expected epoch milliseconds or a valid Date')
  }
  if (Math.abs(t) > MAX_TIME) throw new InvalidValueError(field, value, 'beyond ±8.64e15 ms')
  return t
}
