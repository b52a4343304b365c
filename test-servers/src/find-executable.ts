import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'

/**
 * Looks for a program on PATH, then at the extra places given.
 *
 * @param name - the program's file name, such as 'redis-server'
 * @param extraPaths - full paths to try after PATH
 * @returns the full path of the first executable file found, or undefined
 */
export function findExecutable(
  name: string,
  extraPaths: readonly string[] = [],
): string | undefined {
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((folder) => folder !== '')
    .map((folder) => join(folder, name))

  return [...onPath, ...extraPaths].find(isExecutableFile)
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}
