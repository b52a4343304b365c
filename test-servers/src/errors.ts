/**
 * No server of the wanted kind could be found or started, and skipping was not allowed. The
 * message lists what was tried and how to provide a server.
 */
export class ServerUnavailableError extends Error {
  override readonly name = 'ServerUnavailableError'
}

/**
 * A server was found but did not start or did not answer in time. The message ends with the
 * last lines the server printed, which usually say why.
 */
export class ServerStartError extends Error {
  override readonly name: string = 'ServerStartError'

  /** The last output of the server process, empty when there was none. */
  readonly output: string

  constructor(message: string, output = '', options?: { cause?: unknown }) {
    super(withOutput(message, output), options)
    this.output = output
  }
}

/**
 * A running server did not obey a control in time: it did not end on stop or kill, or did not
 * freeze or go on when paused or resumed. The message ends with its last output.
 */
export class ServerControlError extends ServerStartError {
  override readonly name: string = 'ServerControlError'
}

const SHOWN_OUTPUT_LINES = 40

function withOutput(message: string, output: string): string {
  if (output.trim() === '') {
    return message
  }

  const shown = output.trimEnd().split('\n').slice(-SHOWN_OUTPUT_LINES).join('\n')
  return `${message}\n--- last server output ---\n${shown}`
}
