import { afterAll, beforeAll, beforeEach, inject } from 'vitest'
import { type BackendKind, openTarget, type Target } from './backend-targets.js'

/**
 * Opens a backend of `kind` on the shared servers for the enclosing `describe`, and skips
 * its tests with the reason when that server may be missing (KAIROS_SKIP_*).
 *
 * @returns an accessor valid inside the tests
 */
export function useTarget(kind: BackendKind): { readonly target: Target } {
  let target: Target | undefined
  let skipped: string | undefined

  beforeAll(async () => {
    const opened = await openTarget(kind, inject('servers'))
    if ('skipped' in opened) skipped = opened.skipped
    else target = opened
  })

  beforeEach((context) => {
    if (skipped !== undefined) context.skip(skipped)
  })

  afterAll(async () => {
    await target?.close()
  })

  return {
    get target() {
      if (target === undefined) throw new Error('the target exists only inside tests')
      return target
    },
  }
}
