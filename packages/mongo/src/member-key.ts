/**
 * Histogram members become field names inside a cell document, so that one `$inc` per member
 * adds to its count atomically. A member is data, never an operator or a path, so it is turned
 * into a key that no server reads as one: a leading `m` (the key is never empty and never starts
 * with `$`), then the member with `%`, `.`, `$` and NUL written as `%XX`, and any lone UTF-16
 * surrogate (which UTF-8 cannot carry) as `%uXXXX`. FerretDB also refuses path segments that
 * end in white space, so a white-space last character is escaped too. Every other character
 * stays as it is, so the stored documents stay readable and ordinary members cost one extra
 * character.
 */

const KEY_LEAD = 'm'

/** Characters that must not appear as themselves in a key, lone surrogates included. */
const NEEDS_ESCAPE = /[%.$\0\uD800-\uDFFF]/

/** White space as JavaScript and Go (which FerretDB is written in) see it, at the end. */
const TRAILING_SPACE = /[\s\u0085]$/

/**
 * Turns a histogram member into a field name that is safe in any update path.
 *
 * @param member - any string, including `''`, `$where`, `a.b` and NUL
 * @returns a key that round-trips through {@link memberFromKey}
 */
export function memberKey(member: string): string {
  const key = NEEDS_ESCAPE.test(member) ? escaped(member) : KEY_LEAD + member
  if (!TRAILING_SPACE.test(key)) return key

  // Escapes end in a hex digit, so a white-space last character is the member's own.
  const last = key.charCodeAt(key.length - 1)
  return key.slice(0, -1) + (last < 0x100 ? `%${hex(last, 2)}` : `%u${hex(last, 4)}`)
}

function escaped(member: string): string {
  let key = KEY_LEAD
  for (let at = 0; at < member.length; at++) {
    const unit = member.charCodeAt(at)

    if (isHighSurrogate(unit) && isLowSurrogate(member.charCodeAt(at + 1))) {
      key += member.slice(at, at + 2)
      at++
    } else if (isHighSurrogate(unit) || isLowSurrogate(unit)) {
      key += `%u${hex(unit, 4)}`
    } else if (unit === 0x25 || unit === 0x2e || unit === 0x24 || unit === 0) {
      key += `%${hex(unit, 2)}`
    } else {
      key += member[at]
    }
  }
  return key
}

/**
 * Reads back the member a key was made from.
 *
 * @param key - a field name written by {@link memberKey}
 * @returns the member
 * @throws Error when the key was not written by {@link memberKey}
 */
export function memberFromKey(key: string): string {
  if (!key.startsWith(KEY_LEAD)) throw malformed(key)

  const body = key.slice(KEY_LEAD.length)
  if (!body.includes('%')) return body

  let member = ''
  let at = 0
  while (at < body.length) {
    const percent = body.indexOf('%', at)
    if (percent === -1) return member + body.slice(at)

    member += body.slice(at, percent)
    const width = body[percent + 1] === 'u' ? 4 : 2
    const from = percent + (width === 4 ? 2 : 1)
    const digits = body.slice(from, from + width)
    if (digits.length !== width || !/^[0-9A-F]+$/.test(digits)) throw malformed(key)

    member += String.fromCharCode(Number.parseInt(digits, 16))
    at = from + width
  }
  return member
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff
}

function hex(unit: number, width: number): string {
  return unit.toString(16).toUpperCase().padStart(width, '0')
}

function malformed(key: string): Error {
  return new Error(`not a kairos histogram member key (${key.length} chars)`)
}
