import { InvalidConfigError, InvalidValueError } from './errors.js'

/** The kinds of value a timeseries stores. */
export type ValueKind = 'number' | 'string' | 'json'

/** A JSON value as the `json` codec stores it. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue }

/**
 * Turns values into the strings a backend stores and back. Encoding is canonical, so
 * two equal values always become the same member of a set or a histogram.
 */
export interface ValueCodec {
  readonly kind: ValueKind
  /** The stored form of `value`; throws `InvalidValueError` when it cannot be stored faithfully. */
  encode(value: unknown): string
  decode(encoded: string): unknown
}

/**
 * Encoded forms of numbers seen recently. Real data repeats values (delays in minutes,
 * status codes), and handing out the same string object lets every map lookup that
 * follows reuse its cached hash instead of hashing a fresh string.
 */
const numberStrings = new Map<number, string>()
const MAX_CACHED_NUMBERS = 65_536

const numberCodec: ValueCodec = {
  kind: 'number',
  encode(value) {
    if (typeof value !== 'number') throw new InvalidValueError('value', value, 'expected a number')
    const cached = numberStrings.get(value)
    if (cached !== undefined) return cached
    if (!Number.isFinite(value)) throw new InvalidValueError('value', value, 'must be finite')

    const encoded = Object.is(value, -0) ? '0' : String(value)
    if (numberStrings.size >= MAX_CACHED_NUMBERS) numberStrings.clear()
    numberStrings.set(value, encoded)
    return encoded
  },
  decode: (encoded) => Number(encoded),
}

const stringCodec: ValueCodec = {
  kind: 'string',
  encode(value) {
    if (typeof value !== 'string') throw new InvalidValueError('value', value, 'expected a string')
    if (!value.isWellFormed()) {
      throw new InvalidValueError('value', value, 'contains a lone surrogate, not valid Unicode')
    }
    return value
  },
  decode: (encoded) => encoded,
}

const jsonCodec: ValueCodec = {
  kind: 'json',
  encode(value) {
    checkJson(value, 'value')
    return canonicalJson(value)
  },
  decode: (encoded) => JSON.parse(encoded),
}

const CODECS: Record<ValueKind, ValueCodec> = {
  number: numberCodec,
  string: stringCodec,
  json: jsonCodec,
}

/** The codec for a `values` option. */
export function codecFor(kind: unknown): ValueCodec {
  if (kind === undefined) return numberCodec
  if (typeof kind === 'string' && Object.hasOwn(CODECS, kind)) return CODECS[kind as ValueKind]
  throw new InvalidConfigError('values', kind, "expected 'number', 'string' or 'json'")
}

/** Rejects anything JSON would silently change: NaN, Infinity, undefined, functions, cycles. */
function checkJson(value: unknown, path: string, seen: Set<object> = new Set()): void {
  switch (typeof value) {
    case 'string':
      if (!value.isWellFormed()) throw new InvalidValueError(path, value, 'not valid Unicode')
      return
    case 'boolean':
      return
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidValueError(path, value, 'must be finite')
      return
    case 'object':
      if (value === null) return
      checkJsonObject(value, path, seen)
      return
    default:
      throw new InvalidValueError(path, value, 'cannot be stored as JSON')
  }
}

function checkJsonObject(value: object, path: string, seen: Set<object>): void {
  if (seen.has(value)) throw new InvalidValueError(path, value, 'is circular')
  seen.add(value)

  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) checkJson(item, `${path}[${i}]`, seen)
  } else {
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) {
      throw new InvalidValueError(
        path,
        value,
        'only plain objects and arrays can be stored as JSON',
      )
    }
    for (const [key, item] of Object.entries(value)) checkJson(item, `${path}.${key}`, seen)
  }
  seen.delete(value)
}

/** JSON with object keys sorted, so equal values encode to equal strings. */
function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`

  const record = value as Record<string, unknown>
  const keys = Object.keys(record).sort()
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`
}
