import { KairosError } from '@kairos/core'
import { expect } from 'vitest'

/**
 * Runs `action` and checks that it fails, synchronously or by rejecting, with a library
 * error carrying `code` (`'*'` accepts any code) and a message that names `field`.
 * @returns the error, for further checks
 */
export async function expectKairosError(
  action: () => unknown,
  code: string,
  field?: string,
): Promise<KairosError> {
  let caught: unknown
  let failed = false
  try {
    await action()
  } catch (error) {
    caught = error
    failed = true
  }

  expect(failed, `expected a KairosError ${code}, but the call succeeded`).toBe(true)
  expect(caught, `expected a KairosError ${code}, got ${String(caught)}`).toBeInstanceOf(
    KairosError,
  )
  const error = caught as KairosError
  if (code !== '*') expect(error.code, error.message).toBe(code)
  if (field !== undefined) expect(error.message).toContain(field)
  return error
}
