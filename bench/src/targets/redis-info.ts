/**
 * Reads the numeric fields of a Redis `INFO` reply.
 *
 * @param reply - the text of `INFO` or `INFO <section>`
 * @returns field name → number, for every field whose value is a number
 */
export function parseRedisInfo(reply: string): Map<string, number> {
  const fields = new Map<string, number>()

  for (const line of reply.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon <= 0 || line.startsWith('#')) continue
    const value = Number(line.slice(colon + 1))
    if (Number.isFinite(value)) fields.set(line.slice(0, colon), value)
  }
  return fields
}
