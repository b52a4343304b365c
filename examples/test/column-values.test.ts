import type { SchemaElement } from 'hyparquet'
import { describe, expect, it } from 'vitest'
import { valueConverter } from '../src/flights/column-values.js'

const utf8 = new TextEncoder()

describe('valueConverter', () => {
  it('reads a local timestamp in microseconds as UTC milliseconds', () => {
    const converter = valueConverter({
      name: 'date',
      type: 'INT64',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' },
    })
    const micros = BigInt(Date.UTC(2001, 0, 1, 0, 1)) * 1000n + 999n

    expect(converter.describe).toBe('INT64 TIMESTAMP(MICROS, local)')
    expect([...converter.convert(BigInt64Array.of(micros))]).toEqual([Date.UTC(2001, 0, 1, 0, 1)])
  })

  it('scales millisecond and nanosecond timestamps', () => {
    const millis = valueConverter({ name: 't', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' })
    const nanos = valueConverter({
      name: 't',
      type: 'INT64',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' },
    })

    expect([...millis.convert(BigInt64Array.of(1500n))]).toEqual([1500])
    expect([...nanos.convert(BigInt64Array.of(2_000_000n))]).toEqual([2])
    expect(nanos.describe).toBe('INT64 TIMESTAMP(NANOS, UTC)')
  })

  it('turns integers into numbers and UTF-8 bytes into strings', () => {
    const integer = valueConverter({ name: 'delay', type: 'INT64' })
    const text = valueConverter({ name: 'origin', type: 'BYTE_ARRAY', converted_type: 'UTF8' })

    expect(integer.kind).toBe('number')
    expect([...integer.convert(BigInt64Array.of(-13n, 33n))]).toEqual([-13, 33])
    expect(text.kind).toBe('string')
    expect(text.convert([utf8.encode('LAS'), utf8.encode('PHL')])).toEqual(['LAS', 'PHL'])
  })

  it('refuses types it would decode wrongly', () => {
    const unsupported: SchemaElement[] = [
      { name: 'price', type: 'INT64', converted_type: 'DECIMAL', scale: 2, precision: 10 },
      { name: 'day', type: 'INT32', converted_type: 'DATE' },
      { name: 'blob', type: 'BYTE_ARRAY' },
      { name: 'flag', type: 'BOOLEAN' },
    ]

    for (const element of unsupported) {
      expect(() => valueConverter(element)).toThrow(element.name)
    }
  })
})
