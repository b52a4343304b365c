// Collects the outcome of every check, prints each as it ends and a summary at the end.
import { performance } from 'node:perf_hooks'

/** The outcome of one check: passed, failed, or passed with something to look at. */
const MARK = { pass: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: 'skip' }

/** Checks with their outcomes, in the order they ended. */
export class CheckReport {
  #results = []
  #started = performance.now()

  /**
   * Runs one check and records it: a throw is a failure whose message is the detail; a
   * returned `{ warnings }` list makes it a warning; a returned `{ note }` is shown.
   *
   * @param label - what is checked
   * @param check - the async check
   * @returns whether it passed (warnings included)
   */
  async run(label, check) {
    const started = performance.now()
    let result
    try {
      const outcome = (await check()) ?? {}
      const warnings = outcome.warnings ?? []
      const status = warnings.length > 0 ? 'warn' : 'pass'
      result = { label, status, detail: [outcome.note, ...warnings].filter(Boolean).join('\n') }
    } catch (error) {
      result = { label, status: 'fail', detail: error instanceof Error ? error.message : error }
    }

    result.seconds = (performance.now() - started) / 1000
    this.#record(result)
    return result.status !== 'fail'
  }

  /** Records a check that could not run because one it needs failed. */
  skip(label, reason) {
    this.#record({ label, status: 'skip', detail: reason, seconds: 0 })
  }

  /**
   * Prints the summary.
   *
   * @returns whether every check passed
   */
  summarize() {
    const count = (status) => this.#results.filter((result) => result.status === status).length
    const failed = this.#results.filter(
      (result) => result.status !== 'pass' && result.status !== 'warn',
    )
    const seconds = ((performance.now() - this.#started) / 1000).toFixed(1)

    console.log('\n== summary')
    for (const result of this.#results) console.log(`${MARK[result.status]}  ${result.label}`)
    console.log(
      `\n${count('pass')} passed, ${count('warn')} with warnings, ${count('fail')} failed, ` +
        `${count('skip')} skipped, in ${seconds} s`,
    )
    if (failed.length > 0) {
      console.log(`failed or skipped: ${failed.map((result) => result.label).join('; ')}`)
    }
    return failed.length === 0
  }

  #record(result) {
    this.#results.push(result)
    console.log(`${MARK[result.status]}  ${result.label} (${result.seconds.toFixed(1)} s)`)
    if (result.detail) console.log(indent(result.detail))
  }
}

function indent(text) {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n')
}
