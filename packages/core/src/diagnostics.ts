import { channel } from 'node:diagnostics_channel'

/**
 * The `node:diagnostics_channel` channels kairos publishes on. Nothing is published
 * unless someone subscribes, and payloads carry names, ranges and counts, never values.
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel'
 * subscribe(CHANNELS.write, (event) => console.log(event))
 * ```
 */
export const CHANNELS = {
  /** A batch of folded cell writes was sent: `{ prefix, cells, points, durationMs, error? }`. */
  write: 'kairos:write',
  /** A read ran: `{ prefix, names, interval, buckets, durationMs, error? }`. */
  read: 'kairos:read',
} as const

/** What a write event carries. */
export interface WriteEvent {
  readonly prefix: string
  readonly cells: number
  readonly points: number
  readonly durationMs: number
  readonly error?: unknown
}

/** What a read event carries. */
export interface ReadEvent {
  readonly prefix: string
  readonly names: readonly string[]
  readonly interval: string
  readonly buckets: number
  readonly durationMs: number
  readonly error?: unknown
}

const writeChannel = channel(CHANNELS.write)
const readChannel = channel(CHANNELS.read)

/** Runs `work` and publishes how it went when someone listens. */
export async function traced<T>(
  kind: 'write',
  describeEvent: () => Omit<WriteEvent, 'durationMs' | 'error'>,
  work: () => Promise<T>,
): Promise<T>
export async function traced<T>(
  kind: 'read',
  describeEvent: () => Omit<ReadEvent, 'durationMs' | 'error'>,
  work: () => Promise<T>,
): Promise<T>
export async function traced<T>(
  kind: 'write' | 'read',
  describeEvent: () => object,
  work: () => Promise<T>,
): Promise<T> {
  const target = kind === 'write' ? writeChannel : readChannel
  if (!target.hasSubscribers) return work()

  const started = performance.now()
  try {
    const result = await work()
    target.publish({ ...describeEvent(), durationMs: performance.now() - started })
    return result
  } catch (error) {
    target.publish({ ...describeEvent(), durationMs: performance.now() - started, error })
    throw error
  }
}
