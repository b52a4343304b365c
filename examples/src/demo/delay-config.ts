/** The demo's timeseries: a histogram of delay minutes per origin, by hour, day and month. */
export const DELAY_CONFIG = {
  type: 'histogram',
  prefix: 'kairos-flights-demo',
  intervals: {
    hour: { step: '1h' },
    day: { step: 'daily' },
    month: { step: 'monthly' },
  },
} as const

/** The type of {@link DELAY_CONFIG}. */
export type DelayConfig = typeof DELAY_CONFIG
