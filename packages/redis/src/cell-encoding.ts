import { fromHex, isWellFormed, toHex } from './utf16-hex.js'

/**
 * How cells sit inside a bucket's key. Every hash field, set member and list element
 * starts with the cell's sub-bucket marker: the sub-bucket's offset from the bucket start
 * in milliseconds followed by `:`, or a bare `:` for a bucket without a resolution. A
 * bucket's sub-buckets therefore share one key and a read of N buckets is N keys, not 1+N.
 *
 * Values and members follow the marker as they are, unless they start with U+FFFF, hold a
 * NUL (which separates items in the write script's payloads) or hold a lone surrogate (which
 * UTF-8 cannot carry): those are stored as U+FFFF and their UTF-16 code units in hex, so
 * every JS string comes back exactly.
 */

const ESCAPE = 0xffff
const ESCAPE_CHAR = String.fromCharCode(ESCAPE)
const COLON = 58

/**
 * The marker that starts every field, member or element of a cell.
 *
 * @param bucket - the bucket start
 * @param sub - the sub-bucket start, or `null` without a resolution
 */
export function subMarker(bucket: number, sub: number | null): string {
  return sub === null ? ':' : `${sub - bucket}:`
}

/**
 * Reads the sub-bucket from the start of a field, member or element.
 *
 * @param stored - as read from Redis
 * @param bucket - the bucket start of the key it came from
 * @returns the sub-bucket start (or `null`) and where the rest of the text begins
 */
export function readMarker(stored: string, bucket: number): { sub: number | null; rest: number } {
  if (stored.charCodeAt(0) === COLON) return { sub: null, rest: 1 }

  const colon = stored.indexOf(':')
  return { sub: bucket + Number(stored.slice(0, colon)), rest: colon + 1 }
}

/**
 * The stored form of a value or member: the value itself whenever UTF-8 carries it
 * unchanged, it holds no NUL and it cannot be mistaken for an escaped one.
 *
 * @param value - an encoded value or member, as core hands it over
 */
export function encodeValue(value: string): string {
  if (value.charCodeAt(0) !== ESCAPE && !value.includes('\u0000') && isWellFormed(value)) {
    return value
  }
  return ESCAPE_CHAR + toHex(value)
}

/**
 * The inverse of {@link encodeValue}, for the text after the marker.
 *
 * @param stored - the stored field, member or element
 * @param from - where the value starts inside it
 */
export function decodeValue(stored: string, from: number): string {
  if (stored.charCodeAt(from) === ESCAPE) return fromHex(stored.slice(from + 1))
  return from === 0 ? stored : stored.slice(from)
}
