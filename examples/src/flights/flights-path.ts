import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** File name of the three-million-row flights table inside the `vega-datasets` package. */
export const FLIGHTS_FILE_NAME = 'flights-3m.parquet'

/**
 * Locates a data file shipped by the `vega-datasets` package.
 *
 * The package exports only its entry module (not `package.json`), so the path is found from
 * the entry point, which lives in `build/` next to the `data/` folder.
 *
 * @param fileName - name of the file inside the package's `data/` folder
 * @returns the absolute path of the file
 * @throws Error when the package is installed but does not ship the file
 */
export function flightsParquetPath(fileName: string = FLIGHTS_FILE_NAME): string {
  const entry = createRequire(import.meta.url).resolve('vega-datasets')
  const path = join(dirname(entry), '..', 'data', fileName)

  if (!existsSync(path)) {
    throw new Error(`vega-datasets does not ship ${fileName} (looked at ${path})`)
  }
  return path
}
