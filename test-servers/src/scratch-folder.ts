import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { guardFolder } from './exit-guard.js'
import { findRepoRoot } from './repo-root.js'

/** A fresh folder for one server's data, removed by `remove()` or when the process ends. */
export interface ScratchFolder {
  readonly path: string
  /** Deletes the folder and everything in it. Safe to call twice. */
  remove(): Promise<void>
}

/**
 * Creates a fresh folder under the repository's git-ignored .cache/test-servers, or under the
 * system's temporary folder when the package runs outside the repository.
 *
 * @param label - the start of the folder's name, such as 'redis'
 * @returns the folder
 */
export async function makeScratchFolder(label: string): Promise<ScratchFolder> {
  const root = findRepoRoot()
  const parent = root === undefined ? tmpdir() : join(root, '.cache', 'test-servers')
  await mkdir(parent, { recursive: true })

  const path = await mkdtemp(join(parent, `${label}-`))
  const release = guardFolder(path)

  return {
    path,
    async remove() {
      await rm(path, { recursive: true, force: true })
      release()
    },
  }
}
