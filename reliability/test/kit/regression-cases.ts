import type { Scenario } from './scenario.js'

/** A shrunk counterexample of the differential test, kept as a plain test on every backend. */
export interface RegressionCase {
  readonly title: string
  /** What went wrong when it was found, and where. */
  readonly found: string
  readonly scenario: Scenario
}

/**
 * Every counterexample the differential test has found, as fast-check shrunk it (times are
 * offsets from the base, as in the generated scenarios).
 */
export const REGRESSION_CASES: readonly RegressionCase[] = [
  {
    title: 'a histogram member with trailing spaces',
    found:
      "mongo on FerretDB 1.24: the write failed with \"The update path 'h.m x ' contains an " +
      'empty field name". The member becomes a field name, and FerretDB refuses one that ends ' +
      'in white space; the backend now escapes that last character.',
    scenario: {
      base: { kind: 'transition', n: 0 },
      now: 0,
      config: {
        type: 'histogram',
        values: 'string',
        timezone: 'Australia/Lord_Howe',
        intervals: {
          i0: { step: '1m', steps: 3, resolution: '10s' },
          i1: { step: 'monthly', steps: 5, resolution: '1w' },
        },
      },
      ops: [
        { op: 'insert', name: 'a', value: [' x ', ''], at: 0 },
        { op: 'insert', name: 'a', value: '', at: 0 },
        { op: 'get', names: ['a'], interval: 'i0', at: 0 },
        { op: 'insert', name: 'a', value: '', at: 0 },
        { op: 'iterate', name: 'a', interval: 'i0' },
      ],
    },
  },
  {
    title: 'one histogram member ending in a space, read back',
    found: 'the same as above, reduced by hand to one value',
    scenario: {
      base: { kind: 'day', n: 0 },
      now: 0,
      config: { type: 'histogram', values: 'string', intervals: { m: { step: '1m' } } },
      ops: [
        { op: 'insert', name: 'a', value: 'x ', at: 0 },
        { op: 'get', names: ['a'], interval: 'm', at: 0 },
      ],
    },
  },
]
