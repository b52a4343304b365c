/** Relative tolerance of every numeric comparison. */
export const RELATIVE_TOLERANCE = 1e-9

/**
 * Every way `actual` differs from `expected`, as readable lines; empty when they match.
 * Maps and sets compare by content whatever their order (a histogram's member order is the
 * store's), keys and members structurally; arrays and records element by element; numbers
 * within {@link RELATIVE_TOLERANCE}, NaN equal to NaN.
 *
 * @param actual - what the backend under test returned
 * @param expected - what the reference returned
 * @param at - the path shown in messages
 */
export function differences(actual: unknown, expected: unknown, at = '$'): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return closeEnough(actual, expected) ? [] : [mismatch(at, actual, expected)]
  }
  if (expected instanceof Map) return mapDifferences(actual, expected, at)
  if (expected instanceof Set) return setDifferences(actual, expected, at)
  if (Array.isArray(expected)) return arrayDifferences(actual, expected, at)
  if (isRecord(expected)) return recordDifferences(actual, expected, at)
  return Object.is(actual, expected) ? [] : [mismatch(at, actual, expected)]
}

/** Whether two values match under {@link differences}. */
export function matches(actual: unknown, expected: unknown): boolean {
  return differences(actual, expected).length === 0
}

function closeEnough(actual: number, expected: number): boolean {
  if (Object.is(actual, expected) || actual === expected) return true
  if (Number.isNaN(actual) && Number.isNaN(expected)) return true
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return false
  const scale = Math.max(Math.abs(actual), Math.abs(expected))
  return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * scale
}

function mapDifferences(actual: unknown, expected: Map<unknown, unknown>, at: string): string[] {
  if (!(actual instanceof Map)) return [mismatch(at, actual, expected)]
  if (actual.size !== expected.size) {
    return [`${at}: ${expected.size} entries expected, got ${actual.size}: ${show(actual)}`]
  }

  const found: string[] = []
  for (const [key, value] of expected) {
    const actualKey = findKey(actual, key)
    if (actualKey === undefined) found.push(`${at}: key ${show(key)} missing in ${show(actual)}`)
    else found.push(...differences(actual.get(actualKey.key), value, `${at}[${show(key)}]`))
  }
  return found
}

function findKey(map: Map<unknown, unknown>, key: unknown): { key: unknown } | undefined {
  if (map.has(key)) return { key }
  for (const candidate of map.keys()) {
    if (typeof candidate === 'object' && matches(candidate, key)) return { key: candidate }
  }
  return undefined
}

function setDifferences(actual: unknown, expected: Set<unknown>, at: string): string[] {
  if (!(actual instanceof Set) || actual.size !== expected.size) {
    return [mismatch(at, actual, expected)]
  }
  const members = [...actual]
  const missing = [...expected].filter((member) => !members.some((m) => matches(m, member)))
  return missing.length === 0 ? [] : [mismatch(at, actual, expected)]
}

function arrayDifferences(actual: unknown, expected: unknown[], at: string): string[] {
  if (!Array.isArray(actual) || actual.length !== expected.length) {
    return [mismatch(at, actual, expected)]
  }
  return expected.flatMap((value, i) => differences(actual[i], value, `${at}[${i}]`))
}

function recordDifferences(
  actual: unknown,
  expected: Record<string, unknown>,
  at: string,
): string[] {
  if (!isRecord(actual)) return [mismatch(at, actual, expected)]
  const keys = Object.keys(expected).sort()
  if (!matches(Object.keys(actual).sort(), keys)) return [mismatch(at, actual, expected)]
  return keys.flatMap((key) => differences(actual[key], expected[key], `${at}.${key}`))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function mismatch(at: string, actual: unknown, expected: unknown): string {
  return `${at}: expected ${show(expected)}, got ${show(actual)}`
}

/** A compact rendering that keeps maps and sets visible, which JSON would flatten. */
export function show(value: unknown): string {
  if (value instanceof Map) {
    return `Map{${[...value].map(([k, v]) => `${show(k)} => ${show(v)}`).join(', ')}}`
  }
  if (value instanceof Set) return `Set{${[...value].map(show).join(', ')}}`
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`
  if (isRecord(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${show(v)}`)
    return `{${entries.join(', ')}}`
  }
  if (typeof value === 'number' && Object.is(value, -0)) return '-0'
  if (value === undefined) return 'undefined'
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}
