import { describe, expect, it } from 'vitest'
import {
  InvalidConfigError,
  KairosError,
  MemoryBackend,
  type StorageBackend,
  Timeseries,
} from '../src/index.js'

const MINUTE = { minute: { step: '1m' } }

/** Builds a timeseries from a config that may be wrong on purpose. */
function build(config: Record<string, unknown>, backend: StorageBackend = new MemoryBackend()) {
  return new Timeseries(backend, config as never)
}

function configError(config: Record<string, unknown>): InvalidConfigError {
  try {
    build(config)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError)
    expect(error).toBeInstanceOf(KairosError)
    return error as InvalidConfigError
  }
  throw new Error(`expected INVALID_CONFIG for ${JSON.stringify(config)}`)
}

/** Config cases: what is wrong, the config, the field named, the value as the message shows it. */
type Case = readonly [string, Record<string, unknown>, string, string]

function interval(minute: Record<string, unknown>): Record<string, unknown> {
  return { type: 'count', intervals: { minute } }
}

const CASES: readonly Case[] = [
  ['an unknown type', { type: 'histo', intervals: MINUTE }, 'type', '"histo"'],
  ['a missing type', { intervals: MINUTE }, 'type', 'undefined'],
  ['a type of the wrong kind', { type: 3, intervals: MINUTE }, 'type', '3'],
  ['missing intervals', { type: 'count' }, 'intervals', 'undefined'],
  ['empty intervals', { type: 'count', intervals: {} }, 'intervals', 'object'],
  ['intervals as an array', { type: 'count', intervals: [MINUTE] }, 'intervals', 'array'],
  [
    'an empty interval name',
    { type: 'count', intervals: { '': { step: '1m' } } },
    'intervals',
    '""',
  ],
  [
    'a control character in an interval name',
    { type: 'count', intervals: { 'a\nb': { step: '1m' } } },
    'intervals',
    '"a\\nb"',
  ],
  ['an interval that is not an object', interval('1m' as never), 'intervals.minute', '"1m"'],
  ['a missing step', interval({ steps: 5 }), 'intervals.minute.step', 'undefined'],
  ['a zero step', interval({ step: 0 }), 'intervals.minute.step', '0'],
  ['a zero step with a unit', interval({ step: '0s' }), 'intervals.minute.step', '"0s"'],
  ['a negative step', interval({ step: -60_000 }), 'intervals.minute.step', '-60000'],
  ['a negative step with a unit', interval({ step: '-1m' }), 'intervals.minute.step', '"-1m"'],
  ['a fractional step', interval({ step: 0.5 }), 'intervals.minute.step', '0.5'],
  ['a malformed step', interval({ step: 'minutely' }), 'intervals.minute.step', '"minutely"'],
  ['an unknown unit', interval({ step: '1q' }), 'intervals.minute.step', '"1q"'],
  ['a NaN step', interval({ step: Number.NaN }), 'intervals.minute.step', 'NaN'],
  [
    'a resolution longer than the step',
    interval({ step: '1m', resolution: '1h' }),
    'intervals.minute.resolution',
    '"1h"',
  ],
  [
    'a resolution that does not divide the step',
    interval({ step: '1h', resolution: '7m' }),
    'intervals.minute.resolution',
    '"7m"',
  ],
  [
    'a resolution longer than a calendar step',
    interval({ step: 'daily', resolution: '25h' }),
    'intervals.minute.resolution',
    '"25h"',
  ],
  [
    'a calendar resolution on a fixed step',
    interval({ step: '1w', resolution: 'daily' }),
    'intervals.minute.resolution',
    '"daily"',
  ],
  [
    'weeks inside months',
    interval({ step: 'monthly', resolution: 'weekly' }),
    'intervals.minute.resolution',
    '"weekly"',
  ],
  [
    'a coarser calendar resolution',
    interval({ step: 'daily', resolution: 'monthly' }),
    'intervals.minute.resolution',
    '"monthly"',
  ],
  [
    'a zero resolution',
    interval({ step: '1h', resolution: 0 }),
    'intervals.minute.resolution',
    '0',
  ],
  ['zero steps', interval({ step: '1m', steps: 0 }), 'intervals.minute.steps', '0'],
  ['negative steps', interval({ step: '1m', steps: -3 }), 'intervals.minute.steps', '-3'],
  ['fractional steps', interval({ step: '1m', steps: 2.5 }), 'intervals.minute.steps', '2.5'],
  ['steps as a string', interval({ step: '1m', steps: '10' }), 'intervals.minute.steps', '"10"'],
  ['NaN steps', interval({ step: '1m', steps: Number.NaN }), 'intervals.minute.steps', 'NaN'],
  [
    'infinite steps',
    interval({ step: '1m', steps: Infinity }),
    'intervals.minute.steps',
    'Infinity',
  ],
  [
    'an unknown interval option',
    interval({ step: '1m', stpes: 10 }),
    'intervals.minute.stpes',
    '10',
  ],
  ['an unknown option', { type: 'count', intervals: MINUTE, ttl: 60 }, 'ttl', '60'],
  [
    'an unknown time zone',
    { type: 'count', intervals: MINUTE, timezone: 'Mars/Olympus_Mons' },
    'timezone',
    '"Mars/Olympus_Mons"',
  ],
  ['an empty time zone', { type: 'count', intervals: MINUTE, timezone: '' }, 'timezone', '""'],
  ['a numeric time zone', { type: 'count', intervals: MINUTE, timezone: 5 }, 'timezone', '5'],
  ['a prefix that is not text', { type: 'count', intervals: MINUTE, prefix: 7 }, 'prefix', '7'],
  ['unknown values', { type: 'count', intervals: MINUTE, values: 'text' }, 'values', '"text"'],
  ['a clock that is not a function', { type: 'count', intervals: MINUTE, clock: 5 }, 'clock', '5'],
  [
    'a writeFn that is not a function',
    { type: 'count', intervals: MINUTE, writeFn: 'x' },
    'writeFn',
    '"x"',
  ],
  [
    'a readFn that is not a function',
    { type: 'count', intervals: MINUTE, readFn: {} },
    'readFn',
    'object',
  ],
]

describe('config validation', () => {
  it.each(CASES)('%s throws INVALID_CONFIG naming %s', (_what, config, field, shown) => {
    const error = configError(config)

    expect(error.code).toBe('INVALID_CONFIG')
    expect(error.field).toBe(field)
    expect(error.message).toContain(field)
    expect(error.message).toContain(shown)
  })

  it('a config that is not an object is INVALID_CONFIG', () => {
    expect(() => new Timeseries(new MemoryBackend(), null as never)).toThrow(InvalidConfigError)
  })

  it('every valid kind of interval is accepted', () => {
    expect(() =>
      build({
        type: 'histogram',
        timezone: 'Asia/Kathmandu',
        prefix: 'web',
        intervals: {
          ms: { step: 250 },
          minute: { step: '1m', steps: 120 },
          hour: { step: '1h', resolution: '1m' },
          day: { step: 'daily', resolution: '1h', steps: 30 },
          week: { step: 'weekly', resolution: 'daily' },
          month: { step: 'monthly', resolution: 'daily' },
          year: { step: 'yearly', resolution: 'monthly' },
          'with spaces and ünïcødé': { step: '1d', resolution: '30m' },
        },
      }),
    ).not.toThrow()
  })

  it('a backend without capabilities, or of another contract version, is INVALID_CONFIG', () => {
    const memory = new MemoryBackend()
    const future = Object.assign(Object.create(memory) as StorageBackend, {
      capabilities: { ...memory.capabilities, contractVersion: 99 },
    })
    const noBatch = Object.assign(Object.create(memory) as StorageBackend, {
      capabilities: { ...memory.capabilities, maxBatchCells: 0 },
    })

    expect(() => build({ type: 'count', intervals: MINUTE }, {} as StorageBackend)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', field: 'backend' }),
    )
    expect(() => build({ type: 'count', intervals: MINUTE }, future)).toThrow(
      expect.objectContaining({ field: 'backend.capabilities.contractVersion' }),
    )
    expect(() => build({ type: 'count', intervals: MINUTE }, noBatch)).toThrow(
      expect.objectContaining({ field: 'backend.capabilities.maxBatchCells' }),
    )
  })
})
