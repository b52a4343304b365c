import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createProgress, formatRate } from '../src/report/progress.js'

describe('createProgress', () => {
  it('reports the mean rate from the injected clock', () => {
    let now = 1_000
    const progress = createProgress({ total: 30_000, stream: new PassThrough(), now: () => now })

    now += 500
    progress.advance(10_000)
    expect(progress.rate()).toBe(20_000)

    now += 1_000
    progress.advance(20_000)
    expect(progress.stop()).toEqual({ events: 30_000, milliseconds: 1_500, rate: 20_000 })
  })

  it('draws nothing on a stream that is not a terminal', () => {
    const stream = new PassThrough()
    const progress = createProgress({ total: 10, stream })

    progress.advance(10)
    progress.stop()
    expect(stream.read()).toBeNull()
  })
})

describe('formatRate', () => {
  it('picks a unit a person reads at a glance', () => {
    expect(formatRate(950.4)).toBe('950 events/s')
    expect(formatRate(12_345)).toBe('12.3 k events/s')
    expect(formatRate(2_412_000)).toBe('2.41 M events/s')
  })
})
