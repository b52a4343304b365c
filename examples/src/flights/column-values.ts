import type { DecodedArray, SchemaElement } from 'hyparquet'

/** Decoded values of one column: numbers in a typed array, text in a plain array. */
export type ColumnValues = Float64Array | string[]

/**
 * Turns the physical values of one column into the values handed to callers.
 *
 * `kind` tells which {@link ColumnValues} shape `convert` produces, so output arrays can be
 * allocated before the first page is read.
 */
export interface ValueConverter {
  readonly kind: 'number' | 'string'
  readonly describe: string
  convert(plain: DecodedArray): ColumnValues
}

const MILLIS_PER_UNIT = { MILLIS: 1, MICROS: 1e-3, NANOS: 1e-6 } as const

const utf8 = new TextDecoder()

/**
 * Picks the converter for a flat column from its schema element.
 *
 * Timestamps become epoch milliseconds. A timestamp stored without time zone
 * (`isAdjustedToUTC: false`) is a wall-clock reading; it is returned as if that reading were
 * UTC, so calendar fields read back in UTC equal the ones that were written.
 *
 * @param element - the column's schema element
 * @returns a converter for the column's plain or dictionary values
 * @throws Error for types this reader does not decode (nested, boolean, decimal, binary)
 */
export function valueConverter(element: SchemaElement): ValueConverter {
  const timestamp = timestampOf(element)
  if (timestamp !== undefined) {
    const zone = timestamp.utc ? 'UTC' : 'local'
    const describe = `${element.type} TIMESTAMP(${timestamp.unit}, ${zone})`
    return numberConverter(describe, MILLIS_PER_UNIT[timestamp.unit])
  }

  if (element.type === 'BYTE_ARRAY' && isText(element)) {
    return { kind: 'string', describe: 'BYTE_ARRAY UTF8', convert: decodeText }
  }

  if (isPlainNumber(element)) {
    return numberConverter(element.type ?? 'number', 1)
  }

  throw new Error(`column ${element.name}: type ${element.type} is not supported by this reader`)
}

interface TimestampType {
  readonly unit: keyof typeof MILLIS_PER_UNIT
  readonly utc: boolean
}

function timestampOf(element: SchemaElement): TimestampType | undefined {
  const logical = element.logical_type
  if (logical?.type === 'TIMESTAMP') return { unit: logical.unit, utc: logical.isAdjustedToUTC }

  // Files older than logical types always meant UTC with these converted types.
  if (element.converted_type === 'TIMESTAMP_MILLIS') return { unit: 'MILLIS', utc: true }
  if (element.converted_type === 'TIMESTAMP_MICROS') return { unit: 'MICROS', utc: true }
  return undefined
}

function isPlainNumber(element: SchemaElement): boolean {
  const numeric = ['INT32', 'INT64', 'FLOAT', 'DOUBLE']
  if (element.type === undefined || !numeric.includes(element.type)) return false

  const converted = element.converted_type
  const integerAnnotation = converted === undefined || /^U?INT_/.test(converted)
  const logical = element.logical_type
  return integerAnnotation && (logical === undefined || logical.type === 'INTEGER')
}

function isText(element: SchemaElement): boolean {
  return element.converted_type === 'UTF8' || element.logical_type?.type === 'STRING'
}

function numberConverter(describe: string, scale: number): ValueConverter {
  return {
    kind: 'number',
    describe,
    convert(plain) {
      const out = new Float64Array(plain.length)
      for (let i = 0; i < plain.length; i++) {
        out[i] = scale === 1 ? Number(plain[i]) : Math.floor(Number(plain[i]) * scale)
      }
      return out
    },
  }
}

function decodeText(plain: DecodedArray): string[] {
  const out = new Array<string>(plain.length)
  for (let i = 0; i < plain.length; i++) {
    out[i] = utf8.decode(plain[i] as Uint8Array)
  }
  return out
}
