import type { MergeOp } from '@kairos/core'
import { fromHex, isWellFormed, toHex } from './utf16-hex.js'

/**
 * Where the cells, the indexes and the list of names of a timeseries live in Redis.
 *
 * Every key starts with a hash tag `{t}`, where `t` is a base-36 FNV-1a hash of the encoded
 * prefix and name, so that all keys of one name share a cluster slot (and pipeline together)
 * while different names spread over the masters. A user's characters never appear inside
 * the braces, so no name can move a key to another slot.
 *
 * After the tag comes one letter for the kind of key, then the components, each written
 * self-delimiting by {@link encodeComponent}. Because every component states its own length,
 * no two (kind, prefix, name, interval, bucket) tuples share a key, whatever characters
 * they hold: `delete('a')` can never reach the keys of `a:b` or `a*`.
 */

/** The letter that marks the data keys of each merge operation. */
export const OP_LETTER: Readonly<Record<MergeOp, string>> = {
  append: 'a',
  count: 'c',
  increment: 'i',
  replace: 'r',
  add: 's',
}

/** The merge operation of a data-key letter; the inverse of {@link OP_LETTER}. */
export const LETTER_OP: ReadonlyMap<string, MergeOp> = new Map(
  Object.entries(OP_LETTER).map(([op, letter]) => [letter, op as MergeOp]),
)

/**
 * Writes a string so that it states its own length, which makes any sequence of encoded
 * components decodable, hence collision-free. A well-formed string becomes
 * `<UTF-8 byte length>:<the string>`; one with a lone surrogate (which UTF-8 cannot carry)
 * becomes `u<UTF-16 length>:<four hex digits per code unit>`.
 *
 * @param value - any string, including the empty one
 * @returns the self-delimiting form
 */
export function encodeComponent(value: string): string {
  if (isWellFormed(value)) return `${Buffer.byteLength(value, 'utf8')}:${value}`
  return `u${value.length}:${toHex(value)}`
}

/**
 * Reads back one whole component written by {@link encodeComponent}.
 *
 * @param encoded - exactly one encoded component, as stored in an index
 * @returns the original string
 */
export function decodeComponent(encoded: string): string {
  const colon = encoded.indexOf(':')
  const body = encoded.slice(colon + 1)
  return encoded.startsWith('u') ? fromHex(body) : body
}

/**
 * The hash tag of a group of keys: `{` + base-36 FNV-1a (32 bit) of `seed` + `}`. The
 * digits never contain a brace, so the tag is always the slot-deciding part of the key.
 *
 * @param seed - the encoded components the keys share
 */
export function hashTag(seed: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return `{${(hash >>> 0).toString(36)}}`
}

/**
 * The key of the sorted set of names under a prefix (member: the encoded name, score: the
 * epoch millisecond at which the name's newest bucket expires, `+inf` for never).
 *
 * @param prefix - the timeseries prefix
 */
export function namesKey(prefix: string): string {
  const encoded = encodeComponent(prefix)
  return `${hashTag(encoded)}n${encoded}`
}

/**
 * The keys of one name under one prefix. Building one costs a hash of the name, so callers
 * make one per name and batch, not one per cell.
 */
export class NameKeys {
  /** The member that stands for this name in {@link namesKey}. */
  readonly member: string
  private readonly tag: string
  private readonly body: string

  /**
   * @param prefix - the timeseries prefix
   * @param name - the series name
   */
  constructor(prefix: string, name: string) {
    this.member = encodeComponent(name)
    this.body = encodeComponent(prefix) + this.member
    this.tag = hashTag(this.body)
  }

  /** The set of `<op letter><encoded interval>` pairs that the name holds data in. */
  meta(): string {
    return `${this.tag}m${this.body}`
  }

  /**
   * The sorted set of bucket starts (member and score) of one interval.
   *
   * @param interval - the encoded interval name
   */
  buckets(interval: string): string {
    return `${this.tag}b${this.body}${interval}`
  }

  /**
   * The key holding the cells of one bucket for one merge operation.
   *
   * @param op - the merge operation
   * @param interval - the encoded interval name
   * @param bucket - the bucket start, epoch milliseconds (or its decimal text from an index)
   */
  data(op: MergeOp, interval: string, bucket: number | string): string {
    return `${this.tag}${OP_LETTER[op]}${this.body}${interval}:${bucket}`
  }
}

/**
 * A bucket start as a sorted-set score bound; infinite cutoffs become Redis' own words.
 *
 * @param value - a bucket start or a cutoff
 */
export function scoreText(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+inf'
  if (value === Number.NEGATIVE_INFINITY) return '-inf'
  return String(value)
}
