import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Finds the root of the monorepo this package sits in: the nearest folder above this file that
 * holds pnpm-workspace.yaml.
 *
 * @returns the root folder, or undefined when the package runs outside the repository
 */
export function findRepoRoot(): string | undefined {
  let folder = dirname(fileURLToPath(import.meta.url))

  for (;;) {
    if (existsSync(join(folder, 'pnpm-workspace.yaml'))) {
      return folder
    }

    const parent = dirname(folder)
    if (parent === folder) {
      return undefined
    }
    folder = parent
  }
}
