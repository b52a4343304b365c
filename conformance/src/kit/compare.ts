import { expect } from 'vitest'

/** The relative tolerance of every numeric comparison that is not exact. */
export const RELATIVE_TOLERANCE = 1e-9

const orderedMaps = new WeakSet<Map<unknown, unknown>>()

/**
 * Marks an expected `Map` whose key order matters (buckets in time order); other maps,
 * such as histograms, compare regardless of order.
 * @returns the same map
 */
export function ordered<K, V>(map: Map<K, V>): Map<K, V> {
  orderedMaps.add(map as Map<unknown, unknown>)
  return map
}

/**
 * Describes every way `actual` differs from `expected`: maps and sets by content,
 * ordered maps also by key order, numbers within {@link RELATIVE_TOLERANCE} unless
 * `exact`. An empty list means they match.
 */
export function differences(actual: unknown, expected: unknown, exact = false, at = '$'): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return numbersMatch(actual, expected, exact) ? [] : [mismatch(at, actual, expected)]
  }
  if (expected instanceof Map) return mapDifferences(actual, expected, exact, at)
  if (expected instanceof Set) return setDifferences(actual, expected, exact, at)
  if (Array.isArray(expected)) return arrayDifferences(actual, expected, exact, at)
  if (isRecord(expected)) return recordDifferences(actual, expected, exact, at)
  return Object.is(actual, expected) ? [] : [mismatch(at, actual, expected)]
}

/** Fails the running test with a readable list when `actual` does not match. */
export function expectMatch(actual: unknown, expected: unknown, exact = false): void {
  const found = differences(actual, expected, exact)
  expect(found, `got ${show(actual)}`).toEqual([])
}

function numbersMatch(actual: number, expected: number, exact: boolean): boolean {
  if (Object.is(actual, expected) || actual === expected) return true
  if (exact || !Number.isFinite(actual) || !Number.isFinite(expected)) return false
  const scale = Math.max(Math.abs(actual), Math.abs(expected))
  return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * scale
}

function mapDifferences(
  actual: unknown,
  expected: Map<unknown, unknown>,
  exact: boolean,
  at: string,
): string[] {
  if (!(actual instanceof Map)) return [mismatch(at, actual, expected)]
  if (actual.size !== expected.size) {
    return [`${at}: expected ${expected.size} entries, got ${actual.size}: ${show(actual)}`]
  }
  if (orderedMaps.has(expected)) {
    const keys = [...actual.keys()]
    const wanted = [...expected.keys()]
    if (differences(keys, wanted, true).length > 0) {
      return [`${at}: expected keys ${show(wanted)} in this order, got ${show(keys)}`]
    }
  }

  const found: string[] = []
  for (const [key, value] of expected) {
    const actualKey = findKey(actual, key)
    if (actualKey === undefined) found.push(`${at}: missing key ${show(key)} in ${show(actual)}`)
    else found.push(...differences(actual.get(actualKey.key), value, exact, `${at}[${show(key)}]`))
  }
  return found
}

function findKey(map: Map<unknown, unknown>, key: unknown): { key: unknown } | undefined {
  if (map.has(key)) return { key }
  for (const candidate of map.keys()) {
    if (typeof candidate === 'object' && differences(candidate, key, true).length === 0) {
      return { key: candidate }
    }
  }
  return undefined
}

function setDifferences(
  actual: unknown,
  expected: Set<unknown>,
  exact: boolean,
  at: string,
): string[] {
  if (!(actual instanceof Set) || actual.size !== expected.size)
    return [mismatch(at, actual, expected)]
  const members = [...actual]
  for (const member of expected) {
    if (!members.some((candidate) => differences(candidate, member, exact).length === 0)) {
      return [mismatch(at, actual, expected)]
    }
  }
  return []
}

function arrayDifferences(
  actual: unknown,
  expected: unknown[],
  exact: boolean,
  at: string,
): string[] {
  if (!Array.isArray(actual) || actual.length !== expected.length) {
    return [mismatch(at, actual, expected)]
  }
  return expected.flatMap((value, i) => differences(actual[i], value, exact, `${at}[${i}]`))
}

function recordDifferences(
  actual: unknown,
  expected: Record<string, unknown>,
  exact: boolean,
  at: string,
): string[] {
  if (!isRecord(actual)) return [mismatch(at, actual, expected)]
  const keys = Object.keys(expected).sort()
  if (differences(Object.keys(actual).sort(), keys, true).length > 0) {
    return [mismatch(at, actual, expected)]
  }
  return keys.flatMap((key) => differences(actual[key], expected[key], exact, `${at}.${key}`))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function mismatch(at: string, actual: unknown, expected: unknown): string {
  return `${at}: expected ${show(expected)}, got ${show(actual)}`
}

/** A compact rendering that shows maps and sets, which JSON would flatten. */
export function show(value: unknown): string {
  if (value instanceof Map) {
    return `Map{${[...value].map(([k, v]) => `${show(k)} => ${show(v)}`).join(', ')}}`
  }
  if (value instanceof Set) return `Set{${[...value].map(show).join(', ')}}`
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`
  if (isRecord(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${show(v)}`)
      .join(', ')}}`
  }
  if (typeof value === 'number' && Object.is(value, -0)) return '-0'
  if (typeof value === 'function') return 'a function'
  if (value === undefined) return 'undefined'
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}
