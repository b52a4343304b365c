/** What every server this package hands out can do; the fault controls only when it runs it. */
export interface ServerControls {
  /** The process id when this package runs the server as a local process. */
  readonly pid?: number
  /** The scratch folder the server works in, removed by `stop()`. */
  readonly dir?: string
  /** Ends the server and removes its folder; does nothing for an external server. */
  stop(): Promise<void>
  /** Ends the server with a signal (SIGKILL unless told) and waits until it is gone. */
  kill?(signal?: NodeJS.Signals): Promise<void>
  /** Freezes the server: connections stay open but nothing is answered. */
  pause?(): Promise<void>
  /** Lets a frozen server go on. */
  resume?(): Promise<void>
}
