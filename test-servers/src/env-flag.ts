const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on'])

/**
 * Reads an on/off switch from the environment.
 *
 * @param name - the environment variable
 * @returns true when it is set to 1, true, yes or on (any case)
 */
export function envFlag(name: string): boolean {
  const value = process.env[name]
  return value !== undefined && TRUE_WORDS.has(value.trim().toLowerCase())
}

/**
 * Reads a non-empty setting from the environment.
 *
 * @param name - the environment variable
 * @returns its trimmed value, or undefined when unset or blank
 */
export function envValue(name: string): string | undefined {
  const value = process.env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}
