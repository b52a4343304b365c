import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

let collect: (() => void) | undefined

/**
 * The heap in use after full garbage collections: what live objects hold, for the memory a
 * store in the process keeps. Exposes V8's `gc` on first use, so that the benchmark runs with
 * a plain `node` command.
 *
 * @returns used heap bytes
 */
export function heapAfterGc(): number {
  collect ??= exposeGc()

  // A second pass frees what finalizers of the first released.
  collect()
  collect()
  return process.memoryUsage().heapUsed
}

function exposeGc(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}
