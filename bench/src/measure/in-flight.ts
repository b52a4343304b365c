/**
 * Keeps at most `limit` asynchronous calls pending, started in order: with two, the next
 * batch is prepared while the store applies the last one, as a client after throughput
 * would run it.
 */
export class InFlight {
  private readonly pending = new Set<Promise<void>>()

  constructor(private readonly limit: number) {}

  /**
   * Tracks a started call, then waits while `limit` calls are pending.
   *
   * @throws the first failure among the pending calls
   */
  async add(call: Promise<void>): Promise<void> {
    const settled = () => this.pending.delete(call)
    call.then(settled, settled)
    this.pending.add(call)

    if (this.pending.size >= this.limit) await Promise.race(this.pending)
  }

  /** Waits for every call started. */
  async drain(): Promise<void> {
    await Promise.all(this.pending)
  }
}
