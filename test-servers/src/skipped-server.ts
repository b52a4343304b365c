import { envFlag } from './env-flag.js'
import { ServerUnavailableError } from './errors.js'

/**
 * What a start function returns instead of a server when none can be had and the environment
 * asks to skip. Show `reason` in the skip message so a skipped run is never mistaken for a pass.
 */
export interface SkippedServer {
  readonly skipped: true
  /** Which server is missing, what was tried and how to provide one. */
  readonly reason: string
}

/** Set to 1 to make every missing server an error, whatever the skip switches say. */
export const REQUIRE_SERVERS_VARIABLE = 'KAIROS_REQUIRE_SERVERS'

/** What is known when no server of some kind could be found. */
export interface MissingServer {
  /** The server's name for people, such as 'Redis'. */
  readonly service: string
  /** The variable that allows skipping, such as 'KAIROS_SKIP_REDIS'. */
  readonly skipVariable: string
  /** One line per place looked at, saying why it gave nothing. */
  readonly tried: readonly string[]
  /** One line per way of providing a server. */
  readonly remedies: readonly string[]
}

/**
 * Decides what happens when no server was found: a skip marker when the skip switch is on and
 * servers are not required, an error otherwise.
 *
 * @param missing - what was looked for and how to provide it
 * @returns the skip marker
 * @throws ServerUnavailableError when skipping is not allowed
 */
export function skipOrThrow(missing: MissingServer): SkippedServer {
  const reason = describeMissing(missing)
  const required = envFlag(REQUIRE_SERVERS_VARIABLE)

  if (envFlag(missing.skipVariable) && !required) {
    return { skipped: true, reason }
  }

  const rule = required
    ? `${REQUIRE_SERVERS_VARIABLE}=1 is set, so a missing server is an error.`
    : `Or set ${missing.skipVariable}=1 to skip the tests that need it.`
  throw new ServerUnavailableError(`${reason}\n${rule}`)
}

function describeMissing(missing: MissingServer): string {
  const tried = missing.tried.map((line) => `  - ${line}`).join('\n')
  const remedies = missing.remedies.map((line) => `  - ${line}`).join('\n')
  return `No ${missing.service} server for the tests.\nTried:\n${tried}\nTo get one:\n${remedies}`
}
