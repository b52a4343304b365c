/**
 * A clock that only moves when a test moves it; handed to a timeseries as `clock`.
 */
export class ManualClock {
  constructor(private current: number) {}

  /** The function a timeseries calls for "now". */
  readonly read = (): number => this.current

  /** Moves the clock to `t` (epoch milliseconds). */
  set(t: number): void {
    this.current = t
  }

  /** Moves the clock forwards (or backwards, when negative) by `ms`. */
  advance(ms: number): void {
    this.current += ms
  }
}
