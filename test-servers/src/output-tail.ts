const DEFAULT_LIMIT = 32 * 1024

/** Keeps the last part of a process's output, enough to explain a failed start. */
export class OutputTail {
  private text = ''

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /**
   * Adds output, dropping the oldest once over the limit.
   *
   * @param chunk - output as it arrived
   */
  append(chunk: Buffer | string): void {
    this.text += chunk.toString()
    if (this.text.length > this.limit) {
      this.text = this.text.slice(-this.limit)
    }
  }

  /** @returns the output kept so far */
  toString(): string {
    return this.text
  }
}
