/** Stable error codes; they never change meaning between releases. */
export const ErrorCode = {
  UnknownInterval: 'UNKNOWN_INTERVAL',
  InvalidConfig: 'INVALID_CONFIG',
  InvalidValue: 'INVALID_VALUE',
  InvalidArgument: 'INVALID_ARGUMENT',
  BackendFailure: 'BACKEND_FAILURE',
  MissingPackage: 'MISSING_PACKAGE',
} as const

/** One of the stable codes in {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** Marks kairos errors whichever copy of the package made them. */
const BRAND = Symbol.for('@kairos/core.error')

/** Options shared by every kairos error. */
export interface KairosErrorOptions {
  /** The error that caused this one (a driver error, say). */
  cause?: unknown
  /** Whether the same call may succeed when tried again. */
  retryable?: boolean
}

/**
 * The base class of every error kairos throws or rejects with. Branch on `code`,
 * which is stable, rather than on the message, which is written for people.
 */
export class KairosError extends Error {
  override readonly name: string = 'KairosError'
  readonly code: ErrorCode
  readonly retryable: boolean

  /**
   * `instanceof` holds across copies of this package: an application can end up with two
   * (a backend built against another version, a bundler), and a check that silently
   * fails there would turn every error into an unknown one.
   */
  // `this` is the class `instanceof` was asked about: KairosError or one of its subclasses.
  // biome-ignore-start lint/complexity/noThisInStatic: each subclass checks its own name
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true
    if (typeof value !== 'object' || value === null || !(BRAND in value)) return false
    return (
      this.prototype === KairosError.prototype || (value as unknown as Error).name === this.name
    )
  }
  // biome-ignore-end lint/complexity/noThisInStatic: each subclass checks its own name

  constructor(code: ErrorCode, message: string, options: KairosErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    Object.defineProperty(this, BRAND, { value: true })
    this.code = code
    this.retryable = options.retryable ?? false
  }
}

/** A read or write named an interval the timeseries was not configured with. */
export class UnknownIntervalError extends KairosError {
  override readonly name = 'UnknownIntervalError'

  constructor(interval: unknown, known: readonly string[]) {
    super(
      ErrorCode.UnknownInterval,
      `unknown interval ${describe(interval)}; configured intervals: ${known.join(', ')}`,
    )
  }
}

/** The configuration given to a timeseries or a backend is not valid. */
export class InvalidConfigError extends KairosError {
  override readonly name = 'InvalidConfigError'
  readonly field: string

  constructor(field: string, value: unknown, reason: string) {
    super(ErrorCode.InvalidConfig, `invalid config ${field} = ${describe(value)}: ${reason}`)
    this.field = field
  }
}

/** The `field` of an error about a whole input rather than one of its fields. */
export const WHOLE_INPUT = 'point'

/** A value, name or timestamp cannot be stored faithfully. Nothing was written. */
export class InvalidValueError extends KairosError {
  override readonly name = 'InvalidValueError'
  readonly field: string
  readonly reason: string
  private readonly shown: string

  constructor(field: string, value: unknown, reason: string, options: KairosErrorOptions = {}) {
    const shown = describe(value)
    super(ErrorCode.InvalidValue, `invalid ${field} ${shown}: ${reason}`, options)
    this.field = field
    this.reason = reason
    this.shown = shown
  }

  /** The same error for a field inside a larger input, e.g. `points[7]` + `value`. */
  within(path: string): InvalidValueError {
    const field = this.field === WHOLE_INPUT ? path : `${path}.${this.field}`
    const error = new InvalidValueError(field, undefined, this.reason, { cause: this.cause })
    Object.defineProperty(error, 'message', {
      value: `invalid ${field} ${this.shown}: ${this.reason}`,
    })
    return error
  }
}

/** A read option or other call argument is out of range. */
export class InvalidArgumentError extends KairosError {
  override readonly name = 'InvalidArgumentError'
  readonly field: string

  constructor(field: string, value: unknown, reason: string) {
    super(ErrorCode.InvalidArgument, `invalid argument ${field} = ${describe(value)}: ${reason}`)
    this.field = field
  }
}

/** Options of a backend failure. */
export interface BackendFailureOptions extends KairosErrorOptions {
  /**
   * For writes: how much of the batch may have been applied before the failure,
   * as a number of cell writes out of `total` (`applied` are known to be stored).
   */
  batch?: { total: number; applied: number }
}

/** The store failed or could not be reached. The driver's error is the `cause`. */
export class BackendFailureError extends KairosError {
  override readonly name = 'BackendFailureError'
  readonly batch: { total: number; applied: number } | undefined

  constructor(message: string, options: BackendFailureOptions = {}) {
    super(ErrorCode.BackendFailure, message, { retryable: true, ...options })
    this.batch = options.batch
  }
}

/** A backend package that a URL needs is not installed. */
export class MissingPackageError extends KairosError {
  override readonly name = 'MissingPackageError'

  constructor(packageName: string, url: string, cause: unknown) {
    super(
      ErrorCode.MissingPackage,
      `${url} needs the package ${packageName}: install it with \`npm install ${packageName}\``,
      { cause },
    )
  }
}

/** A short, safe rendering of any value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 80 ? `${value.slice(0, 80)}…(${value.length} chars)` : value
    return JSON.stringify(shown)
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value)
  }
  if (value === null || value === undefined) return String(value)
  if (value instanceof Date)
    return `Date(${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`
  if (typeof value === 'function') return 'a function'
  if (Array.isArray(value)) return `an array of ${value.length}`
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`
}
