/**
 * A spelling of any JS string in ASCII. Redis stores bytes and ioredis sends UTF-8, which
 * cannot carry a lone surrogate; strings that hold one are stored as their UTF-16 code
 * units in hex, four digits each, so that they too come back exactly.
 */

/**
 * Whether UTF-8 carries the string unchanged (it holds no lone surrogate).
 *
 * @param value - any string
 */
export function isWellFormed(value: string): boolean {
  // The method is in every Node this package supports, but not yet in the ES2023 typings.
  return (value as unknown as { isWellFormed(): boolean }).isWellFormed()
}

/**
 * @param value - any string
 * @returns its UTF-16 code units, four lower-case hex digits each
 */
export function toHex(value: string): string {
  let hex = ''
  for (let i = 0; i < value.length; i++) hex += value.charCodeAt(i).toString(16).padStart(4, '0')
  return hex
}

/**
 * @param hex - the output of {@link toHex}
 * @returns the original string
 */
export function fromHex(hex: string): string {
  const parts: string[] = []
  let units: number[] = []
  for (let i = 0; i < hex.length; i += 4) {
    units.push(Number.parseInt(hex.slice(i, i + 4), 16))
    // Spreading a huge array into one call would overflow the stack.
    if (units.length === 8192) {
      parts.push(String.fromCharCode(...units))
      units = []
    }
  }
  parts.push(String.fromCharCode(...units))
  return parts.join('')
}
