import { connect } from 'node:net'

const COMMAND_TIMEOUT_MS = 2_000

/** Where a Redis server listens, and the password when it needs one. */
export interface RedisAddress {
  readonly host: string
  readonly port: number
  readonly username?: string
  readonly password?: string
}

/**
 * Sends one command to a Redis server over a fresh connection and reads the reply. Just enough
 * of the protocol to check a server's health without a client library: simple, error, integer
 * and bulk replies.
 *
 * @param address - the server, with credentials when it needs them
 * @param args - the command and its arguments, such as ['CLUSTER', 'INFO']
 * @returns the reply as text ('' for a null reply)
 * @throws Error with the server's message for an error reply, or on timeout
 */
export function redisCommand(address: RedisAddress, args: readonly string[]): Promise<string> {
  const commands = [...authCommand(address), args]

  return new Promise((resolve, reject) => {
    const socket = connect({ host: address.host, port: address.port })
    const replies: string[] = []
    let buffer: Buffer = Buffer.alloc(0)

    const finish = (error: Error | undefined): void => {
      socket.destroy()
      if (error === undefined) {
        resolve(replies[replies.length - 1] ?? '')
      } else {
        reject(error)
      }
    }

    socket.setTimeout(COMMAND_TIMEOUT_MS, () => finish(new Error('no reply within 2 s')))
    socket.once('error', finish)
    socket.once('close', () => finish(new Error('connection closed before the reply')))
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      try {
        buffer = readReplies(buffer, replies)
      } catch (error) {
        finish(error as Error)
        return
      }
      if (replies.length === commands.length) {
        finish(undefined)
      }
    })

    socket.write(commands.map(encode).join(''))
  })
}

function authCommand(address: RedisAddress): string[][] {
  if (address.password === undefined) {
    return []
  }

  return address.username === undefined
    ? [['AUTH', address.password]]
    : [['AUTH', address.username, address.password]]
}

function encode(args: readonly string[]): string {
  const parts = args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`)
  return `*${args.length}\r\n${parts.join('')}`
}

/** Moves every complete reply from the buffer into `replies`; returns what is left. */
function readReplies(buffer: Buffer, replies: string[]): Buffer {
  let rest = buffer

  for (;;) {
    const lineEnd = rest.indexOf('\r\n')
    if (lineEnd < 0) {
      return rest
    }

    const kind = String.fromCharCode(rest[0] ?? 0)
    const line = rest.subarray(1, lineEnd).toString()
    if (kind === '-') {
      throw new Error(line)
    }
    if (kind !== '$') {
      replies.push(line)
      rest = rest.subarray(lineEnd + 2)
      continue
    }

    const length = Number(line)
    if (length < 0) {
      replies.push('')
      rest = rest.subarray(lineEnd + 2)
      continue
    }
    const end = lineEnd + 2 + length
    if (rest.length < end + 2) {
      return rest
    }
    replies.push(rest.subarray(lineEnd + 2, end).toString())
    rest = rest.subarray(end + 2)
  }
}
