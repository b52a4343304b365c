import fc from 'fast-check'
import type {
  ConfigSpec,
  IntervalSpec,
  Op,
  PointData,
  Scenario,
  TransformData,
  Value,
} from './scenario.js'
import { STEPS, spanOf } from './scenario-span.js'
import { type BaseSpec, HOUR, MINUTE } from './time-base.js'

/** Time zones with a whole-hour DST change, a half-hour one, and none. */
export const TIME_ZONES = ['UTC', 'America/New_York', 'Australia/Lord_Howe'] as const

const NAMES = ['a', 'b', 'a:b', '{t}', 'é'] as const
const INTERVAL_NAMES = ['i0', 'i1', 'i2'] as const

const PERCENTILE = fc.constantFrom(0.01, 0.25, 0.5, 0.9, 0.999, 1).map((q) => ({ percentile: q }))
const NAMED_TRANSFORM = fc.constantFrom(
  'count',
  'sum',
  'mean',
  'min',
  'max',
  'median',
  'p90',
  'p95',
  'p99',
  'stddev',
  'rate',
)

/** A transform in plain data: a name, a percentile, a list of names or a record. */
export const transformArbitrary: fc.Arbitrary<TransformData> = fc.oneof(
  { weight: 4, arbitrary: NAMED_TRANSFORM },
  { weight: 2, arbitrary: PERCENTILE },
  { weight: 1, arbitrary: fc.uniqueArray(NAMED_TRANSFORM, { minLength: 1, maxLength: 3 }) },
  {
    weight: 1,
    arbitrary: fc.record({ x: fc.oneof(NAMED_TRANSFORM, PERCENTILE), y: NAMED_TRANSFORM }),
  },
)

/**
 * Numbers whose sums are exact in binary floating point whatever the order (eighths, and whole
 * numbers up to 2^40), or positive decimals that cannot cancel out: the stores add in an order
 * and a precision of their own, and only then is a 1e-9 relative tolerance meaningful. The
 * largest safe integer joins in as an edge, with no negative to cancel it.
 */
function numberArbitrary(style: 'dyadic' | 'decimal'): fc.Arbitrary<number> {
  if (style === 'decimal') return fc.integer({ min: 1, max: 100_000 }).map((n) => n / 1000)
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: -5, max: 5 }) },
    { weight: 2, arbitrary: fc.integer({ min: -8_000, max: 8_000 }).map((n) => n / 8) },
    { weight: 1, arbitrary: fc.constantFrom(-0, 2 ** 40, -(2 ** 40), 2 ** 53 - 1) },
  )
}

const STRING_VALUE = fc.oneof(
  fc.constantFrom('', 'a', 'b', 'a:b', ':', '\u0000x', '\uffff', 'é', '😀', ' x ', '{', '1', '1.0'),
  fc.string({ maxLength: 4 }),
)

const JSON_VALUE: fc.Arbitrary<Value> = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  STRING_VALUE,
  fc.constantFrom(null, true, false),
  fc.record({ b: fc.integer({ min: 0, max: 2 }), a: fc.constantFrom('x', 'y') }),
  fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
)

function valueArbitrary(config: ConfigSpec, style: 'dyadic' | 'decimal'): fc.Arbitrary<Value> {
  if (config.values === 'string') return STRING_VALUE
  if (config.values === 'json') return JSON_VALUE
  return numberArbitrary(style)
}

const intervalArbitrary: fc.Arbitrary<IntervalSpec> = fc
  .record({
    choice: fc.constantFrom(...STEPS),
    steps: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
    resolution: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ choice, steps, resolution }) => {
    const picked =
      resolution === undefined
        ? undefined
        : choice.resolutions[resolution % choice.resolutions.length]
    return {
      step: choice.step,
      ...(steps === undefined ? {} : { steps }),
      ...(picked === undefined ? {} : { resolution: picked }),
    }
  })

const configArbitrary: fc.Arbitrary<ConfigSpec> = fc
  .record({
    type: fc.constantFrom('series', 'histogram', 'count', 'gauge', 'set' as const),
    values: fc.constantFrom('number', 'number', 'string', 'json' as const),
    timezone: fc.constantFrom(...TIME_ZONES),
    intervals: fc.array(intervalArbitrary, { minLength: 1, maxLength: 2 }),
  })
  .map(({ type, values, timezone, intervals }) => ({
    type,
    ...(type === 'count' || values === 'number' ? {} : { values }),
    timezone,
    intervals: Object.fromEntries(intervals.map((spec, i) => [INTERVAL_NAMES[i], spec])),
  }))

function offsetArbitrary(span: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -span, max: span }) },
    { weight: 2, arbitrary: fc.integer({ min: -2 * HOUR, max: 2 * HOUR }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 1, -MINUTE, 30 * MINUTE) },
  )
}

/**
 * Times that meet: most steps land near one of a few moments of the scenario (so reads find
 * what writes left, and cells see several writes), the rest anywhere in its span.
 */
function timeArbitrary(config: ConfigSpec, moments: readonly number[]): fc.Arbitrary<number> {
  const span = spanOf(config)
  const near = fc
    .tuple(
      fc.constantFrom(...moments),
      fc.integer({ min: -Math.floor(span / 25), max: Math.floor(span / 25) }),
    )
    .map(([moment, jitter]) => moment + jitter)
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...moments) },
    { weight: 3, arbitrary: near },
    { weight: 1, arbitrary: offsetArbitrary(span) },
  )
}

function opsArbitrary(
  config: ConfigSpec,
  style: 'dyadic' | 'decimal',
  moments: readonly number[],
): fc.Arbitrary<Op[]> {
  const span = spanOf(config)
  const at = timeArbitrary(config, moments)
  const name = fc.constantFrom(...NAMES)
  const names = fc.uniqueArray(name, { minLength: 1, maxLength: 3 })
  const interval = fc.constantFrom(...Object.keys(config.intervals))
  const one = valueArbitrary(config, style)
  const value: fc.Arbitrary<Value | Value[] | undefined> =
    config.type === 'count'
      ? fc.option(one, { nil: undefined })
      : fc.oneof(
          { weight: 4, arbitrary: one },
          { weight: 1, arbitrary: fc.array(one, { minLength: 1, maxLength: 3 }) },
        )
  const extra = fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined, freq: 3 })
  const transform = fc.option(transformArbitrary, { nil: undefined, freq: 2 })
  const flag = fc.option(fc.boolean(), { nil: undefined })
  // A count's value may be left out (it adds 1); every other type needs one.
  const point: fc.Arbitrary<PointData> = fc.record(
    { name, value, at },
    { requiredKeys: config.type === 'count' ? ['name', 'at'] : ['name', 'value', 'at'] },
  )

  const write = fc.oneof(
    fc.record({ op: fc.constant('insert' as const), name, value, at, intervals: extra }),
    fc.record({
      op: fc.constant('bulk' as const),
      points: fc.array(point, { minLength: 1, maxLength: 12 }),
      intervals: extra,
    }),
  )
  const read = fc.oneof(
    fc.record({ op: fc.constant('get' as const), names, interval, at, condense: flag, transform }),
    fc.record({
      op: fc.constant('series' as const),
      names,
      interval,
      start: fc.option(at, { nil: undefined }),
      end: fc.option(at, { nil: undefined }),
      steps: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
      condense: flag,
      collapse: flag,
      transform,
    }),
    fc.record({ op: fc.constant('iterate' as const), name, interval }),
    fc.record({ op: fc.constant('properties' as const), name }),
    fc.constant({ op: 'list' as const }),
  )
  const other = fc.oneof(
    fc.record({ op: fc.constant('delete' as const), name }),
    fc.record({ op: fc.constant('expire' as const), name }),
    fc.record({
      op: fc.constant('advance' as const),
      ms: fc.integer({ min: 0, max: Math.floor(span / 4) }),
    }),
  )

  return fc
    .array(
      fc.oneof(
        { weight: 5, arbitrary: write },
        { weight: 4, arbitrary: read },
        { weight: 1, arbitrary: other },
      ),
      { minLength: 4, maxLength: 30, size: 'max' },
    )
    .map((ops) => ops.map(dropUndefined))
}

/** Removes keys whose value is undefined, so a printed case shows only what it sets. */
function dropUndefined<T extends object>(op: T): T {
  return Object.fromEntries(Object.entries(op).filter(([, v]) => v !== undefined)) as T
}

const BASE: fc.Arbitrary<BaseSpec> = fc.oneof(
  fc.record({ kind: fc.constant('day' as const), n: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ kind: fc.constant('month' as const), n: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ kind: fc.constant('transition' as const), n: fc.integer({ min: 0, max: 3 }) }),
)

/** Random scenarios over every type, step kind, resolution, zone, join and transform. */
export const scenarioArbitrary: fc.Arbitrary<Scenario> = fc
  .record({ config: configArbitrary, style: fc.constantFrom('dyadic', 'decimal' as const) })
  .chain(({ config, style }) => {
    const span = spanOf(config)
    const moments = fc.array(fc.integer({ min: -span, max: span }), { minLength: 1, maxLength: 4 })
    return moments.chain((times) =>
      fc.record({
        base: BASE,
        now: timeArbitrary(config, times),
        config: fc.constant(config),
        ops: opsArbitrary(config, style, times),
      }),
    )
  })
